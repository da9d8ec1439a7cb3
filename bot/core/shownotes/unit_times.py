"""Times written with units instead of colons, as video sites and their exports write a position
(`1h02m03s`, `02m15s`, `1h 02m 03s`), made the clock times every form reads (`1:02:03`, `02:15`).

Only a time with its seconds is one: `45m` or `1h30m` alone is a length more often than a start.
A unit time glued to a word or inside a link's query (`?t=1h02m03s`) stays as written. So is a first
entry under a minute written in seconds (`29 sec Title`, `45 Sek. – Title`, `12秒 标题`) opening its
line right above a line led by a clock time (`1:42 Title`): it is `0:29`. Bounded patterns, so a
text of any length is rewritten in linear time.
"""

from __future__ import annotations

import re

_UNIT_TIME = re.compile(r"(?<![\w=/#&?:.])(?:(?P<h>\d{1,2}) ?h ?)?(?P<m>\d{1,3}) ?m ?(?P<s>\d{1,2}) ?s(?!\w)")


# Where an entry opens: a line's start, or a `<br>`, `<p>` or `<li>` of a list that HTML keeps on one line.
_OPENING = r"(?:^|(?<=<br>)|(?<=<br/>)|(?<=<br />)|(?<=<p>)|(?<=<li>))"
_SECONDS_ENTRY = re.compile(
    rf"(?m){_OPENING}(?P<lead>[ \t*•-]{{0,4}})(?P<s>[1-5]?\d)[ \t]?(?:seconds|sekunden|segundos|secs?|sek|seg|s|秒)\.?"
    r"(?=(?:[ \t]{1,3}|[ \t]{0,3}[-–—:][ \t]{0,3}|(?<=秒))[^\W\d_])"  # the title after it, not a number ("30 s 20 %")
    r"(?=[^\n]{0,300}(?:\n|<br ?/?>)(?:</?\w{1,3}>)?[ \t*•-]{0,4}\d{1,2}:\d\d\b)",  # the next entry led by a time
    re.I,
)


def with_clock_times(text: str) -> str:
    """The text with each unit time as a clock time; seconds (and minutes after hours) past 59 are no time."""
    text = _UNIT_TIME.sub(_clock, text)
    return _SECONDS_ENTRY.sub(lambda entry: f"{entry['lead']}0:{int(entry['s']):02}", text)


def _clock(match: re.Match[str]) -> str:
    hours, minutes, seconds = match["h"], int(match["m"]), int(match["s"])
    if seconds > 59 or (hours is not None and minutes > 59):
        return match[0]
    if hours is not None:
        return f"{int(hours)}:{minutes:02}:{seconds:02}"
    return f"{match['m']}:{seconds:02}"
