"""WebVTT (`text/vtt`): a `WEBVTT` header, then cue blocks; NOTE, STYLE and REGION blocks are not
speech. The speaker is a voice tag, `<v Bryan Cantrill>` (or `<v.loud Ana>`); cue settings after
the times (`align:start position:0%`) are ignored; hours may have one digit (`0:01:02.000`).

YouTube's automatic captions roll: each cue repeats the line shown before it and adds the next,
with 10 ms cues in between that only repeat. In a file marked as YouTube's (`Kind: captions`, or
word timings in `<c>` tags) a line the cue before ended with is not said again.
"""

from __future__ import annotations

import re
from typing import Iterable

from bot.core.transcripts.blocks import timed_blocks
from bot.core.transcripts.model import Cue, Notes
from bot.core.transcripts.speech import clean

NAME = "WebVTT"
ENDS_GIVEN = True  # each cue says when it ends
EXTENSION = ".vtt"  # the data folder's name for it, <stem>.transcript.vtt
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^<>]*)>")


def looks_like(text: str) -> bool:
    return text.lstrip("\ufeff \t\n").startswith("WEBVTT")


def read(text: str, notes: Notes) -> list[Cue]:
    header = text[: text.find("\n\n") if "\n\n" in text else 500]
    rolling = "Kind: captions" in header or "<c>" in text
    bad: list[int] = []
    cues: list[Cue] = []
    shown: list[str] = []  # the lines of the cue before, as shown on screen
    for block in timed_blocks(text, blank_if_spaces=False, bad=bad):
        voice = _VOICE.search(block.lines[0]) if block.lines else None
        lines = [cleaned for line in block.lines if (cleaned := clean(line))]
        if rolling:
            said = lines[1:] if lines and shown and lines[0] == shown[-1] else lines
            shown = lines
            if not said:
                continue  # a snapshot of what is already on screen
            lines = said
        cues.append(Cue(block.start, block.end, " ".join(lines), clean(voice.group(1)) if voice else "", block.line))
    for line in bad:
        notes.append((line, "a timing line that cannot be read (like 00:01:02.000 --> 00:01:04.500); its cue is left out"))
    return cues


def write(cues: Iterable[Cue]) -> str:
    """WebVTT text for the cues, the speaker as a voice tag: how a form without a file name of its
    own in the data folder (YouTube's XML captions) is kept there."""
    blocks = ["WEBVTT\n"]
    for cue in cues:
        voice = f"<v {_escaped(cue.speaker)}>" if cue.speaker else ""
        blocks.append(f"{_clock(cue.start)} --> {_clock(cue.end)}\n{voice}{_escaped(cue.text)}\n")
    return "\n".join(blocks)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clock(seconds: float) -> str:
    millis = round(seconds * 1000)
    return f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:{millis // 1000 % 60:02d}.{millis % 1000:03d}"
