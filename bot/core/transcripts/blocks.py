"""The cue blocks WebVTT and SubRip share: an optional identifier, a timing line, text lines.

    2
    00:00:03.000 --> 00:00:05.500 align:start
    <v Ana>Welcome back.

Blocks are separated by blank lines. A timing line met inside a block (a file that lost its blank
lines) starts a new cue there, and a number alone on the line before it is that cue's identifier.
Blocks without a timing line (a WebVTT header, NOTE, STYLE or REGION) are left out. One pass over
the lines: time and memory grow with the file, never faster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from bot.core.transcripts.clock import clock_seconds

_TIMING = re.compile(r"\s*(\S+)\s*-->\s*(\S+)(.*)")


@dataclass
class Block:
    line: int  # of the timing line
    start: float
    end: float
    settings: str  # what follows the end time: WebVTT cue settings, SubRip coordinates
    lines: list[str] = field(default_factory=list)


def timed_blocks(text: str, *, blank_if_spaces: bool, bad: list[int]) -> Iterator[Block]:
    """Every cue block of `text` in order; the lines of timing lines that cannot be read go to `bad`.

    `blank_if_spaces`: a line of spaces separates blocks (SubRip), or is a line of text (WebVTT,
    where YouTube writes " " as an empty line of a cue)."""
    current: Block | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        blank = not line.strip() if blank_if_spaces else not line
        if blank:
            if current is not None:
                yield current
                current = None
            continue
        if "-->" in line:
            timing = _TIMING.match(line)
            start = clock_seconds(timing.group(1)) if timing else None
            end = clock_seconds(timing.group(2)) if timing else None
            if timing is None or start is None or end is None:
                bad.append(number)
                current = None
                continue
            if current is not None:
                if current.lines and current.lines[-1].strip().isdigit():
                    current.lines.pop()  # the identifier of this cue, written without a blank line before it
                yield current
            current = Block(number, start, end, timing.group(3).strip())
        elif current is not None:
            current.lines.append(line)
    if current is not None:
        yield current
