"""What was said in an episode: cues (start, end, speaker, text) and the transcript that holds them.

A reader makes `Cue` objects while it reads one file; the catalog keeps a `Transcript`, which packs
the cues into a few flat arrays and one string (times in milliseconds, speakers as indexes into a
short table), so 4,000 transcripts of 70 million words do not become millions of Python objects.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Iterator

from bot.core.episodes.problems import Problem

# What a form's reader noticed and repaired, by line of its file (None: the file as a whole).
Notes = list[tuple[int | None, str]]
_SEPARATOR = "\n"  # between the texts of cues in Transcript.text; a cue's text never holds one


class Unreadable(Exception):
    """A file a form's reader recognised but cannot read at all: the line (or None) and why."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Cue:
    """One stretch of speech: seconds from the episode's start, who spoke (or ""), what was said."""

    start: float
    end: float
    text: str
    speaker: str = ""
    line: int | None = None  # where it was written in its file, for warnings


@dataclass(frozen=True, eq=False)
class Transcript:
    """The cues of one episode, in order of time, packed; with the form read and what was repaired."""

    form: str  # the form it was read as, e.g. "WebVTT"
    starts: array  # int32 milliseconds (24 days at most: clock.MAX_SECONDS is a week), one per cue, never decreasing
    ends: array  # int milliseconds, each at or after its start
    speaker_of: array  # index into `speakers` per cue, -1 where none is named
    speakers: tuple[str, ...]
    text: str  # the texts of the cues joined by newlines
    bounds: array  # int offsets into `text`: cue i is text[bounds[i]:bounds[i + 1] - 1]
    warnings: tuple[Problem, ...] = field(default=())

    @classmethod
    def of(cls, form: str, cues: list[Cue], warnings: tuple[Problem, ...] = ()) -> Transcript:
        speakers: dict[str, int] = {}
        bounds = array("i", [0])
        texts: list[str] = []
        for cue in cues:
            texts.append(cue.text)
            bounds.append(bounds[-1] + len(cue.text) + 1)
        return cls(
            form=form,
            starts=array("i", (round(cue.start * 1000) for cue in cues)),
            ends=array("i", (round(cue.end * 1000) for cue in cues)),
            speaker_of=array("i", (speakers.setdefault(cue.speaker, len(speakers)) if cue.speaker else -1 for cue in cues)),
            speakers=tuple(speakers),
            text=_SEPARATOR.join(texts) + (_SEPARATOR if texts else ""),
            bounds=bounds,
            warnings=warnings,
        )

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> Cue:
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        who = self.speaker_of[index]
        return Cue(
            start=self.starts[index] / 1000,
            end=self.ends[index] / 1000,
            text=self.text[self.bounds[index] : self.bounds[index + 1] - 1],
            speaker=self.speakers[who] if who >= 0 else "",
        )

    def __iter__(self) -> Iterator[Cue]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Transcript):
            return NotImplemented
        return (self.starts, self.ends, self.text, self.speakers, self.speaker_of) == (
            other.starts, other.ends, other.text, other.speakers, other.speaker_of
        )  # fmt: skip

    __hash__ = None  # type: ignore[assignment]

    @property
    def end(self) -> float:
        """Seconds at which the last cue ends (0 for no cues)."""
        return self.ends[-1] / 1000 if len(self) else 0.0

    @property
    def words(self) -> int:
        return len(self.text.split())
