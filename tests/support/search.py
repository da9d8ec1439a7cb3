"""What the search tests share: the seed index, small episodes, short ways to read answers, and the
report of a question set by kind."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from bot.core.episodes import Chapter, ChapterKind, Episode
from bot.core.search import Answer, Match, SearchIndex
from bot.core.search.minilm import MiniLM


def episode(episode_id: str, *chapters: tuple[str, ChapterKind, str, tuple[str, ...]], **fields: object) -> Episode:
    """An episode whose chapters (title, kind, summary, keywords) start a minute apart."""
    return Episode(
        id=episode_id, title=str(fields.pop("title", episode_id.replace("-", " ").title())), podcast=str(fields.pop("podcast", "Test Cast")),
        duration=3600, chapters=tuple(Chapter(60 * i, t, k, s, kw) for i, (t, k, s, kw) in enumerate(chapters)), **fields,  # type: ignore[arg-type]
    )  # fmt: skip


def starts(answer: Answer) -> list[str]:
    return [m.chapter.timestamp for m in answer.results]


def first(index: SearchIndex, question: str, **kwargs: str) -> str | None:
    answer = index.search(question, **kwargs)
    return answer.results[0].chapter.timestamp if answer.results else None


@dataclass
class KindReport:
    asked: int = 0
    top_1: int = 0
    top_3: int = 0
    declined: int = 0


OFF_TOPIC = "off-topic"  # the kind of question that must be declined (its list of answers is empty)
# Questions in a member's words that share no content word with their chapter (issue 19): in the sets
# so that the fitted decision (calibrate.py) learns from them, reported on a row of their own, and kept
# out of `answerable`, the total the bars of the other kinds were set on: words cannot reach them.
MEANING_ONLY = "meaning"


@dataclass
class QuestionSetReport:
    """Top-1 and top-3 by kind of question, off-topic questions declined, and every miss."""

    kinds: dict[str, KindReport] = field(default_factory=lambda: defaultdict(KindReport))
    misses: list[str] = field(default_factory=list)

    def answerable(self) -> KindReport:
        total = KindReport()
        for kind, counts in self.kinds.items():
            if kind not in (OFF_TOPIC, MEANING_ONLY):
                total.asked += counts.asked
                total.top_1 += counts.top_1
                total.top_3 += counts.top_3
        return total

    def text(self, name: str, notes: tuple[str, ...] = ()) -> str:
        """The table of rates, then `notes`, then every miss."""
        def pct(hits: int, total: int) -> str:
            return f"{hits / total:.0%} ({hits}/{total})" if total else "-"

        rows = [f"{'kind':<10} {'top-1':>13} {'top-3':>13} {'declined':>13}"]
        for kind, c in sorted(self.kinds.items()):
            if kind == OFF_TOPIC:
                rows.append(f"{kind:<10} {'':>13} {'':>13} {pct(c.declined, c.asked):>13}")
            else:
                rows.append(f"{kind:<10} {pct(c.top_1, c.asked):>13} {pct(c.top_3, c.asked):>13}")
        total = self.answerable()
        label = "answerable" + (f" ({MEANING_ONLY} aside)" if MEANING_ONLY in self.kinds else "")
        rows.append(f"{label:<10} {pct(total.top_1, total.asked):>13} {pct(total.top_3, total.asked):>13}")
        return "\n".join([f"{name}:", *rows, *notes, *self.misses])


def ask_question_set(index: SearchIndex, questions: list[dict], key: Callable[[Match], str]) -> QuestionSetReport:
    """Ask every question once; `key` names a result the way the set's `answers` name chapters."""
    report = QuestionSetReport()
    for item in questions:
        accepted: list[str] = item["answers"]
        counts = report.kinds[item["kind"] if accepted else OFF_TOPIC]
        counts.asked += 1
        answer = index.search(item["q"])
        got = [f"{key(m)} {m.chapter.title[:40]}" for m in answer.results[:3]]
        if not accepted:
            if answer.results:
                report.misses.append(f"  ANSWERED off-topic {item['q']!r}: {got}")
            else:
                counts.declined += 1
            continue
        right = [key(m) in accepted for m in answer.results[:3]]
        counts.top_1 += right[:1] == [True]
        counts.top_3 += any(right)
        if right[:1] != [True]:
            label = "top-3 only" if any(right) else "MISSED"
            report.misses.append(f"  {label} [{item['kind']}] {item['q']!r}: want {accepted}, got {got or 'nothing'}")
    return report


SLEEP = episode(
    "sleep", ("Insomnia", "content", "", ()), ("Caffeine timing", "content", "", ()), ("Morning sunlight", "content", "", ()),
    title="Sleep toolkit",
)  # fmt: skip
CSS = episode("css", ("CSS grid layouts", "content", "", ()), ("Flexbox gaps", "content", "", ()), title="Layouts")


class CountingModel:
    """The real model, counting the texts it is asked to embed."""

    def __init__(self, model: MiniLM) -> None:
        self.model, self.embedded = model, 0

    def embed(self, texts: list[str], **options: Any) -> np.ndarray:
        self.embedded += len(texts)
        return self.model.embed(texts, **options)
