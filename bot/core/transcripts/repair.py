"""The one check of a transcript's cues, whatever its form: what a reader repairs, what it drops.

- a cue without words is left out;
- a cue that starts before the cue above it cannot be placed, and is left out;
- a cue that starts at or after the episode's end is left out, one that runs past it is cut there;
- a cue that ends before it starts ends where it starts (then as a cue without length, below);
- the same words three or more times in a row from the same speaker are a machine transcript's
  loop (Whisper's `book book book ...` at the end of a file): the first is kept;
- a cue that runs into the next ends where the next begins;
- a cue without length ends where the next begins (the last one after the time its words take),
  or stays a moment when the next begins at the same time: its words were still said then.

Each kind of repair is one note naming the first line and counting the rest, so a file with 3,000
overlapping cues says so in one line. One pass each over the cues.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import groupby

from bot.core.episodes import format_timestamp
from bot.core.transcripts.model import Cue, Notes

LOOP = 3  # the same words this many times in a row are a loop, not speech
WORDS_PER_SECOND = 2.5  # how long the last cue's words take, when nothing says where it ends
LONGEST_GUESS = 3600.0  # seconds: however many words, a guessed end is at most this far after the start
_SHOWN_LINES = 5  # of the lines of one kind of repair, named in its note

_EMPTY = "a cue without words; left out"
_EARLIER = "starts before the cue above it; left out"
_AFTER_END = "starts after the episode's end ({end}); left out"
_BACKWARDS = "ends before it starts; read as ending where it starts"
_LOOPED = "repeats the words of the cue above it (a machine transcript's loop); left out"
_OVERLAP = "runs into the next cue; now ends where the next begins"
_NO_LENGTH = "has no length; now ends where the next cue begins (or stays a moment, when that begins at once)"
_FOLD = re.compile(r"[\W_]+")


def repair(cues: list[Cue], notes: Notes, *, ends_given: bool = True, duration: float | None = None) -> list[Cue]:
    """The cues a search can use, in order; each repair or drop noted (see the module's text)."""
    found: dict[str, list[int | None]] = {}
    placed = _placed(cues, found, duration)
    kept: list[Cue] = []
    for _, run in groupby(placed, key=lambda cue: (cue.speaker, _FOLD.sub(" ", cue.text.lower()).strip())):
        looped = list(run)
        kept.append(looped[0])
        if len(looped) >= LOOP:
            found.setdefault(_LOOPED, []).extend(cue.line for cue in looped[1:])
        else:
            kept.extend(looped[1:])
    timed = _ends(kept, found, ends_given, duration)
    for message, lines in found.items():
        notes.append((lines[0], _counted(message.format(end=format_timestamp(int(duration or 0))), lines)))
    return timed


def _placed(cues: list[Cue], found: dict[str, list[int | None]], duration: float | None) -> list[Cue]:
    placed: list[Cue] = []
    for cue in cues:
        if not cue.text:
            kind = _EMPTY
        elif placed and cue.start < placed[-1].start:
            kind = _EARLIER
        elif duration is not None and cue.start >= duration:
            kind = _AFTER_END
        else:
            if cue.end < cue.start:
                found.setdefault(_BACKWARDS, []).append(cue.line)
                cue = replace(cue, end=cue.start)
            placed.append(cue)
            continue
        found.setdefault(kind, []).append(cue.line)
    return placed


def _ends(cues: list[Cue], found: dict[str, list[int | None]], ends_given: bool, duration: float | None) -> list[Cue]:
    timed: list[Cue] = []
    for index, cue in enumerate(cues):
        after = cues[index + 1].start if index + 1 < len(cues) else None
        end = cue.end
        if after is not None and end > after:
            found.setdefault(_OVERLAP, []).append(cue.line)
            end = after
        elif end == cue.start:
            if ends_given:
                found.setdefault(_NO_LENGTH, []).append(cue.line)
            end = after if after is not None else cue.start + min(max(1.0, len(cue.text.split()) / WORDS_PER_SECOND), LONGEST_GUESS)
        if duration is not None and end > duration:
            end = max(cue.start, float(duration))
        timed.append(cue if end == cue.end else replace(cue, end=end))
    return timed


def _counted(message: str, lines: list[int | None]) -> str:
    if len(lines) == 1:
        return message
    named = [str(line) for line in lines[1 : 1 + _SHOWN_LINES] if line is not None]
    more = len(lines) - 1 - len(named)
    where = f": lines {', '.join(named)}" + (f" and {more} more" if more else "") if named else ""
    return f"{message} (and {len(lines) - 1} more cues like it{where})"
