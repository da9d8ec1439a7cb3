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
and, like a problem in an episode file, keeps the previous catalog serving.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.core.episodes import InvalidData, Problem
from bot.core.episodes.files import MAX_FILE_BYTES, FileRefused, read_regular_file
from bot.core.episodes.folder import SYNONYMS_FOLDER
from bot.core.text import fold

MAX_LINE = 500
_PODCAST = re.compile(r"^podcast\s*:\s*(?P<name>.+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Synonyms:
    """Groups of equivalent phrases (folded) by podcast (folded name)."""

    groups: dict[str, tuple[tuple[str, ...], ...]]

    def expansion(self, podcast: str, text: str) -> str:
        """The other phrases of every group one of whose phrases `text` says, joined by spaces."""
        groups = self.groups.get(fold(podcast))
        if not groups:
            return ""
        padded = f" {fold(text)} "
        extra = [
            phrase
            for group in groups
            if any(f" {p} " in padded for p in group)
            for phrase in group
            if f" {phrase} " not in padded
        ]  # fmt: skip
        return " ".join(extra)


NO_SYNONYMS = Synonyms({})


def load_synonyms(data_dir: Path) -> Synonyms:
    """Every synonyms file of the data folder, or InvalidData naming each problem by file and line."""
    folder = data_dir / SYNONYMS_FOLDER
    if not folder.is_dir():
        return NO_SYNONYMS
    problems: list[Problem] = []
    groups: dict[str, list[tuple[str, ...]]] = {}
    owner: dict[str, Path] = {}  # which file gave a podcast its synonyms
    for path in sorted(folder.glob("*.txt")):
        read = _read_file(path, problems)
        if read is None:
            continue
        podcast, file_groups = read
        if podcast in owner:
            problems.append(Problem(path, None, f"podcast {podcast!r} already has synonyms in {owner[podcast].name}"))
            continue
        owner[podcast] = path
        groups[podcast] = file_groups
    if problems:
        raise InvalidData(problems)
    return Synonyms({podcast: tuple(g) for podcast, g in groups.items()})


def _read_file(path: Path, problems: list[Problem]) -> tuple[str, list[tuple[str, ...]]] | None:
    try:
        # A FIFO or a device named *.txt must not hang or flood a reload, as for episode files.
        text = read_regular_file(path, MAX_FILE_BYTES).decode("utf-8")
    except FileRefused as error:
        problems.append(Problem(path, None, str(error)))
        return None
    except OSError as error:
        problems.append(Problem(path, None, f"cannot read file: {error.strerror}"))
        return None
    except UnicodeDecodeError:
        problems.append(Problem(path, None, "cannot read file: not UTF-8 text"))
        return None
    podcast: str | None = None
    groups: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}  # phrase -> the line of its group
    before = len(problems)
    for number, raw in enumerate(text.splitlines(), start=1):
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
            podcast = fold(named.group("name"))
            continue
        if podcast is None:
            problems.append(Problem(path, number, "expected 'podcast: NAME' before the first group"))
            return None
        phrases = [fold(p) for p in line.split(",")]
        if any(not p for p in phrases):
            problems.append(Problem(path, number, "an empty or punctuation-only entry; separate phrases with one comma"))
            continue
        unique = tuple(dict.fromkeys(phrases))
        if len(unique) < 2:
            problems.append(Problem(path, number, "a group needs at least two different phrases, separated by commas"))
            continue
        for phrase in unique:
            if phrase in seen:
                problems.append(Problem(path, number, f"{phrase!r} is already in the group on line {seen[phrase]}"))
            seen[phrase] = number
        groups.append(unique)
    if podcast is None and len(problems) == before:
        problems.append(Problem(path, None, "no 'podcast: NAME' line"))
    return None if podcast is None or len(problems) > before else (podcast, groups)
