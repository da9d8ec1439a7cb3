"""YouTube's json3 captions (`fmt=json3`): `{"events": [{"tStartMs": 1200, "dDurationMs": 2300,
"segs": [{"utf8": "so"}, {"utf8": " today", "tOffsetMs": 400}]}, ...]}`. Events without `segs`
(window settings) and those holding only a line break (`"aAppend": 1`) are not speech.
"""

from __future__ import annotations

from bot.core.transcripts.clock import number_seconds
from bot.core.transcripts.forms.json_text import first_char, items
from bot.core.transcripts.model import Cue, Notes
from bot.core.transcripts.speech import clean

NAME = "YouTube json3 captions"
ENDS_GIVEN = True  # each cue says when it ends
EXTENSION = ".json"  # the data folder's name for it, <stem>.transcript.json


def looks_like(text: str) -> bool:
    return first_char(text) == "{" and '"events"' in text and '"tStartMs"' in text


def read(text: str, notes: Notes) -> list[Cue]:
    cues: list[Cue] = []
    for index, event, line in items(text, NAME, "events"):
        segs = event.get("segs") if isinstance(event, dict) else None
        if not isinstance(segs, list):
            continue
        words = clean("".join(seg["utf8"] for seg in segs if isinstance(seg, dict) and isinstance(seg.get("utf8"), str)))
        if not words:
            continue
        start = number_seconds(event.get("tStartMs"), 0.001)
        if start is None:
            notes.append((line, f"event {index + 1} has no tStartMs; left out"))
            continue
        duration = number_seconds(event.get("dDurationMs"), 0.001)
        cues.append(Cue(start, start + (duration or 0), words, "", line))
    return cues
