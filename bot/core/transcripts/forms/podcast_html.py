"""Podcasting 2.0 HTML (`text/html`): `<cite>Ana:</cite>` names who speaks from there on,
`<time>0:05</time>` when, and each `<p>` holds what was said (a `<time>` inside it counts too).
A paragraph ends where the next begins (repair.py); text before the first time is not speech.
"""

from __future__ import annotations

from selectolax.parser import Node

from bot.core.transcripts.clock import clock_seconds, number_seconds
from bot.core.transcripts.forms.markup import elements, looks_like_markup
from bot.core.transcripts.model import Cue, Notes
from bot.core.transcripts.speech import clean

NAME = "Podcasting 2.0 HTML"
ENDS_GIVEN = False  # a cue ends where the next begins
EXTENSION = ".html"  # the data folder's name for it, <stem>.transcript.html
_TAGS = frozenset({"cite", "time", "p"})


def looks_like(text: str) -> bool:
    return looks_like_markup(text) and "<time" in text and ("<p" in text or "<cite" in text)


def read(text: str, notes: Notes) -> list[Cue]:
    cues: list[Cue] = []
    speaker, start = "", None
    inside_p: set[int] = set()  # <time> elements already read as part of their paragraph
    for node, line in elements(text, _TAGS):
        if node.tag == "cite":
            speaker = clean(node.text() or "").rstrip(":").strip()
        elif node.tag == "time":
            if node.mem_id in inside_p:
                continue
            start = _time(node, line, notes, start)
        else:
            said = node.text() or ""
            inner = node.css_first("time")
            if inner is not None:
                inside_p.add(inner.mem_id)
                start = _time(inner, line, notes, start)
                said = said.replace(inner.text() or "", "", 1)
            words = clean(said)
            if words and start is not None:
                cues.append(Cue(start, start, words, speaker, line))
            elif words:
                notes.append((line, "a paragraph before any <time>; left out"))
    return cues


def _time(node: Node, line: int, notes: Notes, before: float | None) -> float | None:
    """The seconds a <time> element says; the time before it (with a note) when it says none."""
    written = (node.attributes.get("datetime") or node.text() or "").strip()
    seconds = clock_seconds(written) if ":" in written else number_seconds(written)
    if seconds is None:
        notes.append((line, f"<time>{written[:20]}</time> is not a time like 1:02:03; the text after it keeps the time before"))
        return before
    return seconds
