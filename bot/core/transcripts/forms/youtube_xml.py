"""YouTube's XML captions as downloaded: srv3 (`<timedtext format="3"><body><p t="1200" d="2300">`,
milliseconds, words in `<s>`), srv2 (`<text t="1200" d="2300">`) and the older transcript form
(`<transcript><text start="1.2" dur="2.3">`, seconds, its text escaped twice: `I&amp;#39;m`).
"""

from __future__ import annotations

from bot.core.transcripts.clock import number_seconds
from bot.core.transcripts.forms.markup import elements, looks_like_markup
from bot.core.transcripts.model import Cue, Notes
from bot.core.transcripts.speech import clean

NAME = "YouTube XML captions"
ENDS_GIVEN = True  # each cue says when it ends
EXTENSION = None  # kept in the data folder as WebVTT (webvtt.write): no name of its own there
_TAGS = frozenset({"p", "text"})


def looks_like(text: str) -> bool:
    head = text[:2000]
    return looks_like_markup(text) and ("<timedtext" in head or "<transcript" in head)


def read(text: str, notes: Notes) -> list[Cue]:
    cues: list[Cue] = []
    for node, line in elements(text, _TAGS):
        attributes = node.attributes
        if "start" in attributes:
            start, length = number_seconds(attributes["start"]), number_seconds(attributes.get("dur") or 0)
        else:
            start, length = number_seconds(attributes.get("t"), 0.001), number_seconds(attributes.get("d") or 0, 0.001)
        words = clean(node.text() or "")
        if not words:
            continue  # a line break or a window's placement: not speech
        if start is None:
            notes.append((line, "a caption without a start time; left out"))
            continue
        cues.append(Cue(start, start + (length or 0.0), words, "", line))
    return cues
