"""SubRip (`application/x-subrip`, `.srt`): numbered blocks, `00:00:01,000 --> 00:00:03,500` (a `.`
is read as well as the comma), then the text. Numbers may skip or repeat: they are not read. SubRip
has no speaker field: `Speaker 2: ` before the words is taken as the speaker (speech.split_speakers).
"""

from __future__ import annotations

import re

from bot.core.transcripts.blocks import timed_blocks
from bot.core.transcripts.model import Cue, Notes
from bot.core.transcripts.speech import clean, split_speakers

NAME = "SubRip"
ENDS_GIVEN = True  # each cue says when it ends
EXTENSION = ".srt"  # the data folder's name for it, <stem>.transcript.srt
_TIMING_LINE = re.compile(r"^[ \t]*\d{1,3}:\d{1,2}:\d{2}[,.]\d{1,3}[ \t]*-->", re.MULTILINE)
_LOOK_AT = 20_000  # characters: the first cues say what the file is


def looks_like(text: str) -> bool:
    return _TIMING_LINE.search(text[:_LOOK_AT]) is not None


def read(text: str, notes: Notes) -> list[Cue]:
    bad: list[int] = []
    blocks = list(timed_blocks(text, blank_if_spaces=True, bad=bad))
    said = split_speakers([clean(" ".join(block.lines)) for block in blocks])
    for line in bad:
        notes.append((line, "a timing line that cannot be read (like 00:01:02,000 --> 00:01:04,500); its cue is left out"))
    return [Cue(block.start, block.end, words, speaker, block.line) for block, (speaker, words) in zip(blocks, said)]
