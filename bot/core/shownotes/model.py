"""What the readers of every form hand back: chapters found in the notes, and notes about repairs."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.episodes import Chapter


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the notes as read (HTML already turned to text); number is 1-based in the source."""

    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Found:
    """A chapter as a form reader found it: its start in seconds and its cleaned title."""

    line: int | None
    start: int
    title: str
    time: str  # the time as written, for messages
    repair: str | None = None  # how a slip in the written time was read, for a warning
    end: int | None = None  # the end of a range "00:10–05:30 Title"
    index: int | None = None  # line forms: where its line is in the lines read, for the finder
    summary: str = ""  # the whole paragraph of a title cut to fit a reply (chapters.py)


class Unreadable(Exception):
    """A structured chapter list that cannot be read safely (aliases, nesting, huge numbers): the
    finder names it in a warning with its line and goes on with the other forms."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(slots=True)
class Notes:
    """Warnings collected while reading: (line, message); line is None for the whole text."""

    items: list[tuple[int | None, str]] = field(default_factory=list)

    def add(self, line: int | None, message: str) -> None:
        self.items.append((line, message))

    def as_strings(self) -> list[str]:
        return [f"line {line}: {message}" if line else message for line, message in self.items]


@dataclass(frozen=True)
class ChapterList:
    """The chapter list read out of a description: empty when none is trustworthy.

    `warnings` name the line and what was repaired or dropped; `problem` says why the list is
    empty (e.g. "no chapter list found ..."), None when chapters were read.
    """

    chapters: tuple[Chapter, ...]
    warnings: list[str]
    problem: str | None = None
    form: str | None = None  # the name of the form the list was read in
    first_line: int | None = None  # where the list starts: what is above it is title and description
