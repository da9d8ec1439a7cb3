"""Moderator synonyms: a podcast community's own words for what its episodes say.

Files `synonyms/*.txt` in the data folder, one per podcast (the format is in docs/synonyms.md):

    # The Syntax community's words.
    podcast: Syntax
    a11y, accessibility
    wes, wes bos
    css in js, css-in-js, styled components

Each line after `podcast:` is a group of words or phrases that mean the same to this community.
A chapter of that podcast whose title (or whose episode's title) says one of them is indexed under
all of them, so a member who types any of them finds it; other podcasts are not touched. They are
read at every reload with the episode files; a problem in them is reported as `file:line: message`
and, like a problem in an episode file, keeps the previous catalog serving. What is accepted but
likely a mistake (a phrase of stopwords, a podcast the catalog does not have) is a warning.

Finding the phrases a title says costs a few dictionary look-ups per word of the title, however
many groups the file has: the index build stays proportional to groups + chapter words.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from bot.core.episodes import InvalidData, Problem
from bot.core.episodes.codec import decoded
from bot.core.episodes.files import MAX_FILE_BYTES, FileRefused, read_regular_file
from bot.core.episodes.folder import SYNONYMS_FOLDER
from bot.core.text import STOPWORDS, fold
from bot.core.yielding import paced

MAX_LINE = 500
MAX_PHRASE_WORDS = 8  # a synonym names one thing; it also bounds the look-ups per word of a title
MAX_PHRASES = 300_000  # per file: far beyond a community's words; about 36 MB held at most
_PODCAST = re.compile(r"^podcast\s*:\s*(?P<name>.+)$", re.IGNORECASE)


class _Phrases:
    """One podcast's groups, indexed by phrase: which phrases a text says, in one pass over its words."""

    __slots__ = ("groups", "group_of", "prefixes")

    def __init__(self, groups: tuple[tuple[str, ...], ...]) -> None:
        self.groups = groups
        self.group_of: dict[str, int] = {}
        self.prefixes: set[str] = set()  # the first words of longer phrases: where a match may go on
        for number, group in enumerate(paced(groups)):  # built in a reload's worker thread
            for phrase in group:
                self.group_of[phrase] = number
                if " " in phrase:
                    words = phrase.split(" ")
                    self.prefixes.update(" ".join(words[:k]) for k in range(1, len(words)))

    def expansion(self, folded: str) -> str:
        words = folded.split(" ")
        said: set[str] = set()
        for first in range(len(words)):
            phrase, end = words[first], first + 1
            while True:  # at most MAX_PHRASE_WORDS steps: no prefix is longer
                if phrase in self.group_of:
                    said.add(phrase)
                if phrase not in self.prefixes or end == len(words):
                    break
                phrase, end = f"{phrase} {words[end]}", end + 1
        groups = sorted({self.group_of[p] for p in said})
        return " ".join(p for g in groups for p in self.groups[g] if p not in said)


@dataclass(frozen=True, slots=True)
class Synonyms:
    """Groups of equivalent phrases (folded) by podcast (folded name)."""

    groups: dict[str, tuple[tuple[str, ...], ...]]
    _phrases: dict[str, _Phrases] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_phrases", {podcast: _Phrases(g) for podcast, g in self.groups.items()})

    def expansion(self, podcast: str, text: str) -> str:
        """The other phrases of every group one of whose phrases `text` says, joined by spaces."""
        phrases = self._phrases.get(fold(podcast)) if self._phrases else None
        return phrases.expansion(fold(text)) if phrases else ""


NO_SYNONYMS = Synonyms({})


@dataclass(frozen=True)
class _File:
    path: Path
    podcast: str  # folded
    line: int  # of the `podcast:` line
    groups: list[tuple[str, ...]]


def load_synonyms(
    data_dir: Path, *, podcasts: Iterable[str] | None = None, warnings: list[Problem] | None = None
) -> Synonyms:
    """Every synonyms file of the data folder, or InvalidData naming each problem by file and line.

    With `podcasts` (the catalog's), a file for a podcast not among them is a warning; warnings
    (also a phrase made only of stopwords, left out) go to `warnings`.
    """
    folder = data_dir / SYNONYMS_FOLDER
    if not folder.is_dir():
        return NO_SYNONYMS
    noted = warnings if warnings is not None else []
    problems: list[Problem] = []
    files: dict[str, _File] = {}  # by podcast: which file gave it its synonyms
    for path in sorted(folder.glob("*.txt")):
        read = _read_file(path, problems, noted)
        if read is None:
            continue
        if read.podcast in files:
            problems.append(Problem(path, None, f"podcast {read.podcast!r} already has synonyms in {files[read.podcast].path.name}"))
            continue
        files[read.podcast] = read
    if problems:
        raise InvalidData(problems)
    if podcasts is not None:
        noted.extend(_unknown_podcasts(files.values(), podcasts))
    return Synonyms({podcast: tuple(read.groups) for podcast, read in files.items()})


def _unknown_podcasts(files: Iterable[_File], podcasts: Iterable[str]) -> list[Problem]:
    """A warning for each file whose podcast no episode has: its synonyms apply to nothing."""
    names = {fold(name): name for name in podcasts}
    unknown = []
    for read in files:
        if read.podcast not in names:
            close = difflib.get_close_matches(read.podcast, names, n=1)
            hint = f"; did you mean {names[close[0]]!r}?" if close else ""
            message = f"warning: no episode in the catalog is of podcast {read.podcast!r}, so these synonyms apply to nothing{hint}"
            unknown.append(Problem(read.path, read.line, message))
    return unknown


def _read_file(path: Path, problems: list[Problem], warnings: list[Problem]) -> _File | None:
    try:
        # A FIFO or a device named *.txt must not hang or flood a reload, as for episode files.
        text = decoded(path, read_regular_file(path, MAX_FILE_BYTES))
    except FileRefused as error:
        problems.append(Problem(path, None, str(error)))
        return None
    except OSError as error:
        problems.append(Problem(path, None, f"cannot read file: {error.strerror}"))
        return None
    except InvalidData as error:  # not UTF-8: named by line and byte
        problems.extend(error.problems)
        return None
    podcast: tuple[str, int] | None = None
    groups: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}  # phrase -> the line of its group
    before = len(problems)
    for number, raw in enumerate(paced(text.split("\n")), start=1):  # decoded(): the editor's lines
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if len(line) > MAX_LINE:
            problems.append(Problem(path, number, f"line longer than {MAX_LINE} characters"))
            continue
        named = _PODCAST.match(line)
        if named:
            if podcast is not None:
                problems.append(Problem(path, number, "a second 'podcast:' line; one file per podcast"))
            podcast = (fold(named.group("name")), number)
            continue
        if podcast is None:
            problems.append(Problem(path, number, "expected 'podcast: NAME' before the first group"))
            return None
        group = _group(path, number, line, problems, warnings)
        if group is None:
            continue
        for phrase in group:
            if phrase in seen:
                problems.append(Problem(path, number, f"{phrase!r} is already in the group on line {seen[phrase]}"))
            seen[phrase] = number
        if len(seen) > MAX_PHRASES:
            problems.append(Problem(path, number, f"more than {MAX_PHRASES:,} phrases in one file; the rest is not read"))
            break
        groups.append(group)
    if podcast is None and len(problems) == before:
        problems.append(Problem(path, None, "no 'podcast: NAME' line"))
    return None if podcast is None or len(problems) > before else _File(path, *podcast, groups)


def _group(path: Path, number: int, line: str, problems: list[Problem], warnings: list[Problem]) -> tuple[str, ...] | None:
    """The phrases of one group line (folded, each once), or None with a problem or warning added."""
    phrases = [fold(p) for p in line.split(",")]
    if any(not p for p in phrases):
        problems.append(Problem(path, number, "an empty or punctuation-only entry; separate phrases with one comma"))
        return None
    unique = tuple(dict.fromkeys(phrases))
    if len(unique) < 2:
        problems.append(Problem(path, number, "a group needs at least two different phrases, separated by commas"))
        return None
    long = [p for p in unique if p.count(" ") >= MAX_PHRASE_WORDS]
    if long:
        problems.append(Problem(path, number, f"{long[0]!r} has more than {MAX_PHRASE_WORDS} words; a synonym names one thing"))
        return None
    # A phrase of stopwords ("a", "of the") is in nearly every title: it would give its group's
    # other phrases to nearly every chapter of the podcast.
    common = [p for p in unique if STOPWORDS.issuperset(p.split(" "))]
    if not common:
        return unique
    kept = tuple(p for p in unique if p not in common)
    outcome = "left out of the group" if len(kept) >= 2 else "left out, and with them the whole group"
    listed = ", ".join(map(repr, common))
    warnings.append(Problem(path, number, f"warning: {listed}: only stopwords, found in nearly every title; {outcome}"))
    return kept if len(kept) >= 2 else None
