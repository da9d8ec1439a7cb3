"""One module per form a transcript is published in; the form is read from the content.

Each module has NAME, ENDS_GIVEN (whether its cues say when they end), EXTENSION (its file
name in the data folder), `looks_like(text)` and
`read(text, notes) -> list[Cue]`. They are asked in the order below, the ones a first glance makes
sure of (a `WEBVTT` header, JSON, markup) before the ones that read lines. A file's extension does
not choose the form: a `.txt` holding SubRip is read as SubRip. Adding a form is adding a module
here and a place in FORMS.
"""

from __future__ import annotations

from types import ModuleType

from bot.core.transcripts.forms import (
    podcast_html,
    podcast_json,
    subrip,
    timed_text,
    webvtt,
    youtube_json3,
    youtube_xml,
)

FORMS: tuple[ModuleType, ...] = (webvtt, podcast_json, youtube_json3, youtube_xml, podcast_html, subrip, timed_text)


def detect(text: str) -> ModuleType | None:
    """The form `text` is written in, or None when it is no transcript form read here."""
    return next((form for form in FORMS if form.looks_like(text)), None)


def named(name: str) -> ModuleType:
    """The form whose NAME is `name` (a Transcript's `form`)."""
    return next(form for form in FORMS if form.NAME == name)
