"""Times written with units instead of colons, as video sites and their exports write a position
(`1h02m03s`, `02m15s`, `1h 02m 03s`), made the clock times every form reads (`1:02:03`, `02:15`).

Only a time with its seconds is one: `45m` or `1h30m` alone is a length more often than a start.
A unit time glued to a word or inside a link's query (`?t=1h02m03s`) stays as written. One bounded
pattern, so a text of any length is rewritten in linear time.
"""

from __future__ import annotations

import re

_UNIT_TIME = re.compile(r"(?<![\w=/#&?:.])(?:(?P<h>\d{1,2}) ?h ?)?(?P<m>\d{1,3}) ?m ?(?P<s>\d{1,2}) ?s(?!\w)")


def with_clock_times(text: str) -> str:
    """The text with each unit time as a clock time; seconds (and minutes after hours) past 59 are no time."""
    return _UNIT_TIME.sub(_clock, text)


def _clock(match: re.Match[str]) -> str:
    hours, minutes, seconds = match["h"], int(match["m"]), int(match["s"])
    if seconds > 59 or (hours is not None and minutes > 59):
        return match[0]
    if hours is not None:
        return f"{int(hours)}:{minutes:02}:{seconds:02}"
    return f"{match['m']}:{seconds:02}"
