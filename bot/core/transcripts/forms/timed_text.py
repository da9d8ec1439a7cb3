"""Plain text with times, as communities and transcription tools write it, one form per line:

    [0.40 → 1.64] How you all doing?           seconds from .. to (Whisper's own output)
    [Speaker 1] [00:20] I'm back.                a speaker, then the time
    [00:01:02] Ana: Welcome back.                the time, then the words (a speaker before them)
    (1:02:03) Welcome back.                      the same in round brackets
    Ana (00:01:02): Welcome back.                a speaker with the time (Rev)
    Speaker 1  0:03                              a heading; the words follow on the next lines (Otter)
    00:01:02 Welcome back.                       a bare time before the words (`- 2:40 words` too)

A line without a time continues the words before it. A cue ends where the next begins (repair.py).
Times with a few words for minutes of talk are a chapter list, not a transcript, and is refused as one.
"""

from __future__ import annotations

import re

from bot.core.transcripts.clock import CLOCK, clock_seconds, number_seconds
from bot.core.transcripts.model import Cue, Notes, Unreadable
from bot.core.transcripts.speech import clean, split_speakers

NAME = "text with times"
ENDS_GIVEN = False  # a cue ends where the next begins
EXTENSION = ".txt"  # the data folder's name for it, <stem>.transcript.txt
_SECONDS = r"\d{1,6}(?:\.\d{1,3})?"
_RANGE = re.compile(rf"\[\s*({_SECONDS})\s*(?:→|->|-->)\s*({_SECONDS})\s*\]\s*(.*)")
_LED = re.compile(rf"(?:\[([^\[\]]{{1,60}})\]\s*)?[\[(]({CLOCK})[\])]\s*(.*)")
_NAMED = re.compile(rf"([^\s\[(\d][^\[()]{{0,60}}?)\s*[\[(]({CLOCK})[\])]\s*:?\s*(.*)")
_HEADING = re.compile(rf"([A-Z][\w.'’-]{{0,30}}(?: [\w.'’-]{{1,30}}){{0,3}})[ \t]+({CLOCK})")  # a name, not a sentence
_BARE = re.compile(rf"[>*•-]?\s*({CLOCK})\s*[:–-]?\s+(.+)")  # also as a list item: "> 3:38 text", "2:40 - text"
_LOOK_AT = 300  # lines: the first ones say whether the file is timed text
# A chapter list: a few words for minutes of talk, where speech runs 100 to 200 words a minute.
_CHAPTER_WORDS_PER_MINUTE, _CHAPTER_MINUTES = 30, 2


def looks_like(text: str) -> bool:
    lines = [line for line in text.split("\n", _LOOK_AT)[:_LOOK_AT] if line.strip()]
    return sum(1 for line in lines if _timed(line.strip()) is not None) >= 2


def read(text: str, notes: Notes) -> list[Cue]:
    found: list[list] = []  # [start, end or None, speaker, words, line]
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        timed = _timed(line)
        if timed is not None:
            start, end, speaker, words = timed
            found.append([start, end, speaker, words, number])
        elif found:
            found[-1][3] = f"{found[-1][3]} {line}"
    said = split_speakers([clean(words) for _, _, _, words, _ in found])
    cues = [
        Cue(start, start if end is None else end, words, clean(speaker) or named, line)
        for (start, end, speaker, _, line), (named, words) in zip(found, said)
    ]
    _refuse_chapter_list(cues)
    return cues


def _timed(line: str) -> tuple[float, float | None, str, str] | None:
    """(start, end or None, speaker, words) of a line that begins a cue, None for any other line."""
    if match := _RANGE.fullmatch(line):
        start, end = number_seconds(match.group(1)), number_seconds(match.group(2))
        return None if start is None else (start, end, "", match.group(3))
    for pattern in (_LED, _NAMED):
        if (match := pattern.fullmatch(line)) and (start := clock_seconds(match.group(2))) is not None:
            return start, None, match.group(1) or "", match.group(3)
    if (match := _HEADING.fullmatch(line)) and (start := clock_seconds(match.group(2))) is not None:
        return start, None, match.group(1), ""
    if (match := _BARE.fullmatch(line)) and (start := clock_seconds(match.group(1))) is not None:
        return start, None, "", match.group(2)
    return None


def _refuse_chapter_list(cues: list[Cue]) -> None:
    if len(cues) < 2:
        return
    minutes = (cues[-1].start - cues[0].start) / 60
    words = sum(len(cue.text.split()) for cue in cues)
    if minutes >= _CHAPTER_MINUTES and words / minutes < _CHAPTER_WORDS_PER_MINUTE:
        raise Unreadable(
            None,
            f"this looks like a chapter list ({len(cues)} times, {words / minutes:.0f} words a minute where speech has "
            "over 100), not a transcript; turn show notes into an episode file with ingest",
        )
