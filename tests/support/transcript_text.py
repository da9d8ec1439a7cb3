"""Self-written transcripts for the feed tests (tests/core/feeds, /feed in Discord), in every form a feed links to.

Each episode's talk is numbered filler, one cue every 10 seconds, with one sentence a member asks
about (`said`) at a known second; `text` writes it as WebVTT, SubRip, Podcasting 2.0 JSON or HTML.
"""

from __future__ import annotations

import json
from html import escape

from bot.core.episodes import format_timestamp

_THINGS = ("harbour", "violin", "glacier", "teapot", "meadow", "lantern", "compass", "orchard", "canyon", "ribbon")
SPEAKERS = ("Ada", "Bo")


def cues(said: tuple[int, str], *, minutes: int = 30) -> list[tuple[int, str, str]]:
    """(second, speaker, words) every 10 s for `minutes`, with the sentence `said` at its second."""
    second, sentence = said
    found = []
    for n, start in enumerate(range(0, minutes * 60, 10)):
        words = sentence if start == second else (
            f"Point {n} of the talk is about the {_THINGS[n % 10]} and the {_THINGS[(n * 3 + 1) % 10]}, in turn {n}."
        )  # fmt: skip
        found.append((start, SPEAKERS[n % 2], words))
    return found


def text(form: str, said: tuple[int, str], *, minutes: int = 30) -> str:
    """The episode's transcript as `form` ("vtt", "srt", "json", "html") writes it."""
    timed = cues(said, minutes=minutes)
    if form == "json":
        segments = [{"speaker": who, "startTime": start, "endTime": start + 9.5, "body": words} for start, who, words in timed]
        return json.dumps({"version": "1.0.0", "segments": segments})
    if form == "html":
        return "<html><body>" + "".join(
            f"<cite>{who}:</cite><time>{format_timestamp(start)}</time><p>{escape(words)}</p>" for start, who, words in timed
        ) + "</body></html>"  # fmt: skip
    if form == "vtt":
        blocks = [f"{_clock(start, '.')} --> {_clock(start + 9.5, '.')}\n<v {who}>{words}" for start, who, words in timed]
        return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"
    assert form == "srt"
    blocks = [f"{n}\n{_clock(start, ',')} --> {_clock(start + 9.5, ',')}\n{who}: {words}" for n, (start, who, words) in enumerate(timed, 1)]
    return "\n\n".join(blocks) + "\n"


def _clock(seconds: float, mark: str) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}{mark}{round((seconds - whole) * 1000):03d}"
