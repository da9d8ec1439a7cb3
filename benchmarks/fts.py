"""The usual alternative: SQLite's full-text search (FTS5), ranked by its bm25().

One row per chapter with the same text the bot searches (title, keywords, summary, and the
episode's title and description), in an in-memory database, with the Porter stemmer. A question
becomes its words (text.words(), filler words dropped) joined by OR, so a chapter need not have
every word; for autocomplete the last word is a prefix (`word*`). FTS5 has no notion of confidence:
a question that matches anything gets an answer.
"""

from __future__ import annotations

import sqlite3
from typing import Sequence

from bot.core.episodes import Episode
from bot.core.text import STOPWORDS, words


class Fts5:
    def __init__(self, episodes: Sequence[Episode]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE chapters USING fts5(title, keywords, summary, episode, tokenize='porter unicode61')")
        self.ids: list[str] = []
        rows = []
        for e in episodes:
            context = f"{e.title} {e.description}"
            for i, c in enumerate(e.chapters):
                self.ids.append(e.chapter_id(i))
                rows.append((len(self.ids), c.title, " ".join(c.keywords), c.summary, context))
        self.db.executemany("INSERT INTO chapters(rowid, title, keywords, summary, episode) VALUES (?, ?, ?, ?, ?)", rows)
        self.db.commit()

    def search(self, question: str, *, prefix: bool = False, limit: int = 5) -> list[str]:
        """Chapter ids, best first (bm25 with the title weighing most, as the bot's fields do)."""
        terms = [w for w in words(question) if w not in STOPWORDS] or words(question)
        if not terms:
            return []
        quoted = [f'"{t}"' for t in terms]
        if prefix:
            quoted[-1] += "*"
        found = self.db.execute(
            "SELECT rowid FROM chapters WHERE chapters MATCH ? ORDER BY bm25(chapters, 1.0, 0.9, 0.6, 0.5) LIMIT ?",
            (" OR ".join(quoted), limit),
        ).fetchall()
        return [self.ids[rowid - 1] for (rowid,) in found]
