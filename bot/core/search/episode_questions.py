"""Questions about a whole episode: "the surgeon general episode", "the one with Lex Fridman", "episode 112".

Such a question names an episode, not a moment in it: answered with a chapter inside it, the member
gets a piece of what they asked for. So it is recognised by its form, the few phrasings members use
for an episode, and the episode it names is found by its number or by its words: all of the named
words in its title or among its people. A question of that form that names no episode of the
catalog ("the one with the ketamine doses" when no title says so) goes on as a usual question, so
nothing is lost by trying.

Built once per catalog with the word index; a question costs a regular expression and a few set
intersections, whatever the catalog's size.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Sequence

from bot.core.episodes import Episode
from bot.core.text import STOPWORDS, fold, stem, words

# "episode 112", "ep 112", "ep. 112", "#112", "the episode 112", "number 112"
_BY_NUMBER = re.compile(r"^(?:the )?(?:episode|ep|number|no) (\d{1,5})$")
# "design details 16", "design details episode 16", "syntax #665": a podcast's name and a number
_PODCAST_NUMBER = re.compile(r"^(?P<podcast>.+?) (?:episode |ep |number |no )?(?P<number>\d{1,5})$")
# "the one with Lex Fridman", "the episode featuring Julie Zhuo", "the episode about sleep"
_WITH_NAME = re.compile(r"^(?:the )?(?:one|episode|ep|show|interview) (?:with|featuring|feat|about|on|where) (?P<name>.+)$")
# "the surgeon general episode", "the kevin rose one", "the stone librande interview"
_NAME_FIRST = re.compile(r"^the (?P<name>.+?) (?:episode|ep|one|interview|show)$")
# An episode's number where its file gives none: its id's ("665-css-nesting-is-here", as ingest
# names it after the notes' file), else its title's ("37: Crisper Articulation", "Ep. 12 - ...", folded).
_ID_NUMBER = re.compile(r"^(\d{1,5})-")
_TITLE_NUMBER = re.compile(r"^(?:episode |ep )?(\d{1,5})\b")
MOST = 3  # episodes named at once: the best, and a few others the words fit as well


class EpisodeQuestions:
    """Which episodes a question about a whole episode names."""

    def __init__(self, episodes: Sequence[Episode]) -> None:
        self._numbers: dict[int, list[int]] = defaultdict(list)
        self._words: dict[str, set[int]] = defaultdict(set)  # stem -> episodes with it in their title or people
        self._podcasts: dict[str, set[int]] = defaultdict(set)  # folded podcast name -> its episodes
        self._title_sizes: list[int] = []  # words in each title: the fewer, the more a name says of it
        for i, episode in enumerate(episodes):
            number = _number(episode)
            if number is not None:
                self._numbers[number].append(i)
            title = {stem(w) for w in words(episode.title)}
            self._title_sizes.append(max(len(title), 1))
            for word in title.union(stem(w) for person in episode.people for w in words(person)):
                self._words[word].add(i)
            self._podcasts[fold(episode.podcast)].add(i)

    def named(self, question: str) -> list[int]:
        """The episodes (positions in the catalog) the question asks for as a whole, best first, at
        most MOST; empty when it is not phrased as a question about an episode, or names none."""
        text = fold(question.replace("#", " number "))  # folding drops "#"; "#112" is "number 112"
        if found := _BY_NUMBER.match(text):
            return self._numbers.get(int(found.group(1)), [])[:MOST]
        if (found := _PODCAST_NUMBER.match(text)) and (podcast := self._podcasts.get(found.group("podcast"))):
            return [e for e in self._numbers.get(int(found.group("number")), []) if e in podcast][:MOST]
        found = _WITH_NAME.match(text) or _NAME_FIRST.match(text)
        if found is None:
            return []
        asked = {stem(w) for w in words(found.group("name")) if w not in STOPWORDS}
        if not asked:
            return []
        matching = set.intersection(*(self._words.get(w, set()) for w in asked))
        # The episode the words say the most of: "sam soffes" names his own episode before one he shared.
        return sorted(matching, key=lambda e: (self._title_sizes[e], e))[:MOST]


def _number(episode: Episode) -> int | None:
    """The episode's number: as its file gives it, else at the start of its id or of its title (the
    id first: "958-2025-holiday-gift-guide" is episode 958, titled "2025 Holiday Gift Guide")."""
    if episode.number is not None:
        return episode.number
    found = _ID_NUMBER.match(episode.id) or _TITLE_NUMBER.match(fold(episode.title))
    return int(found.group(1)) if found else None
