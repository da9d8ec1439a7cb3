"""Podcasting 2.0 JSON (`application/json`): `{"version": "1.0.0", "segments": [{"startTime": 0.5,
"endTime": 2.2, "speaker": "Ana", "body": "Welcome."}, ...]}`, times in seconds. A segment without
an end ends where the next begins (repair.py); one without a start or words is left out.
"""

from __future__ import annotations

from bot.core.transcripts.clock import number_seconds
from bot.core.transcripts.forms.json_text import first_char, items
from bot.core.transcripts.model import Cue, Notes
from bot.core.transcripts.speech import clean

NAME = "Podcasting 2.0 JSON"
ENDS_GIVEN = True  # each cue says when it ends
EXTENSION = ".json"  # the data folder's name for it, <stem>.transcript.json


def looks_like(text: str) -> bool:
    return first_char(text) == "{" and '"segments"' in text


def read(text: str, notes: Notes) -> list[Cue]:
    cues: list[Cue] = []
    for index, segment, line in items(text, NAME, "segments"):
        if not isinstance(segment, dict):
            notes.append((line, f"segment {index + 1} is not an object; left out"))
            continue
        start = number_seconds(segment.get("startTime"))
        if start is None:
            notes.append((line, f"segment {index + 1} has no startTime in seconds; left out"))
            continue
        end = number_seconds(segment.get("endTime"))
        body, speaker = segment.get("body"), segment.get("speaker")
        words = clean(body) if isinstance(body, str) else ""
        cues.append(Cue(start, start if end is None else end, words, clean(speaker) if isinstance(speaker, str) else "", line))
    return cues
