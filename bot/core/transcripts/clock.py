"""Times as transcripts write them: `01:02:03.500`, `1:02:03,500`, `02:03.5`, `(1:02:03)`, `62.4`."""

from __future__ import annotations

import re

# Hours of any width (real files write `0:01:02.000`), minutes, seconds, a fraction after `.` or `,`.
CLOCK = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_CLOCK = re.compile(r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
MAX_SECONDS = 7 * 24 * 3600  # a week: no episode is longer, and a larger time is a typing slip


def clock_seconds(text: str) -> float | None:
    """Seconds for a clock time (`H:MM:SS.mmm`, `MM:SS,mmm`, ...), None when it is not one or is
    beyond MAX_SECONDS (so every time fits the int32 milliseconds a Transcript keeps)."""
    match = _CLOCK.fullmatch(text.strip())
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) >= 60 or (hours and int(minutes) >= 60):
        return None
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        value += int(fraction) / 10 ** len(fraction)
    return float(value) if value <= MAX_SECONDS else None


def number_seconds(value: object, unit: float = 1.0) -> float | None:
    """Seconds from a number of `unit` seconds (JSON's `startTime: 12.5`, or `"12.5"`; `unit=0.001` for
    milliseconds), None when not a number or out of range."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value) if not _CLOCK.fullmatch(value.strip()) else clock_seconds(value)
        except ValueError:
            return None
    if isinstance(value, int | float) and 0 <= value * unit <= MAX_SECONDS:
        return float(value) * unit
    return None
