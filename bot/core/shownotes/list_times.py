"""How a whole list's times are meant, when the list itself shows it; each reading is one warning.

- Hours and minutes: `[01:05]` in a list whose two-part times, read as minutes and seconds, would
  put a dozen topics in two minutes (chapters under HM_GAP seconds apart on average) are hours and
  minutes, as DevZen writes them, when every first part is padded to two digits as a clock's hours
  are (`0:41`, `1:13` ... `2:10` is a short episode's minutes and seconds, as a video player writes them).
- Timecode with frames: three-part times that would run past TIMECODE_HOURS hours
  (`53:01:00` in an hour-long show), or whose last part runs past 59 (`34:28:69`, a frame count
  of a mix's cue sheet), are minutes, seconds and frames.
- A broadcast schedule: ranges that follow each other without a gap and start at a clock time
  (`15:00 - 16:00`, `16:00 - 17:00`) are hours of a live broadcast; chapters count from its start.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.episodes import format_timestamp
from bot.core.shownotes.model import Found, Notes

HM_GAP = 30
HM_MIN_CHAPTERS = 4
TIMECODE_HOURS = 10


def read_list_times(found: list[Found], notes: Notes) -> list[Found]:
    if len(found) < 2:
        return found
    first_line = found[0].line
    if _is_schedule(found):
        origin = found[0].start
        notes.add(first_line, f"times read as a broadcast schedule from {found[0].time}; chapters count from its start")
        return [replace(c, start=(c.start - origin) * 60, end=None) for c in found]
    fields = {chapter.time.count(":") for chapter in found if chapter.start >= 0}
    if fields == {2} and all(_timecode(c.time) is not None for c in found):
        long = max(c.start for c in found) >= TIMECODE_HOURS * 3600
        if long or any(c.start < 0 for c in found):
            why = "they would run past 10 hours otherwise" if long else "a last part past 59 counts frames"
            notes.add(first_line, f"times read as minutes:seconds:frames ({why})")
            return [replace(c, start=_timecode(c.time)) for c in found]
    placed = [c.start for c in found if c.start >= 0]
    if (
        fields == {1}
        and len(placed) >= HM_MIN_CHAPTERS
        and all(int(c.time.split(":")[0]) < 24 for c in found if c.start >= 0)
        # Hours padded as a clock writes them (`[01:05]`): `0:41`, `1:13` are minutes as a video player writes them.
        and all(len(c.time.split(":")[0]) == 2 for c in found if c.start >= 0)
        and (max(placed) - min(placed)) / (len(placed) - 1) < HM_GAP
    ):
        notes.add(
            first_line,
            f"times read as hours:minutes ({len(placed)} chapters within {format_timestamp(max(placed))} as minutes:seconds)",
        )
        return [replace(c, start=c.start * 60) if c.start >= 0 else c for c in found]
    return found


def _timecode(time: str) -> int | None:
    """Seconds of `MM:SS:FF` (frames under 100), or None when the time is not written so."""
    parts = time.split(":")
    if len(parts) != 3 or not all(part.isdigit() and len(part) <= 2 for part in parts) or int(parts[1]) >= 60:
        return None
    return int(parts[0]) * 60 + int(parts[1])


def _is_schedule(found: list[Found]) -> bool:
    # Clock times: hours under 24 (a countdown's "27:00–36:30" are minutes and seconds).
    return found[0].start > 0 and all(
        chapter.end is not None
        and chapter.time.count(":") == 1
        and chapter.start < 24 * 60
        and (nxt is None or chapter.end == nxt.start)
        for chapter, nxt in zip(found, [*found[1:], None], strict=True)
    )
