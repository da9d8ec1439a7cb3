"""The one check of chapter times, shared by every form: reading a time as written, and ordering.

Reading a time (`read_time`): `M:SS`, `MM:SS`, minutes past 59 without hours (`104:02`, `00:64:04`),
`H:MM:SS`, fractions of a second (`00:01:02.500`, dropped), and a video editor's timecode
`HH:MM:SS:FF` (`00:01:24:26`: four fields of two digits, the frames dropped). Typing slips a reader repairs at a
glance, each with a note: three-digit seconds ending in 0 (`01:12:450`, a `)` typed as `0`),
minutes padded to three digits (`00:004:12`), a leading `0:` field too many (`0:2:10:33`), a `.`
typed for `:` (`1:08.41`), a `:` typed twice (`01::20:24`).

Ordering (`place`): chapter starts must increase. A time that sits above both neighbours while they
are in order was written as `MM:SS:00` for `00:MM:SS` (`08:15:00` between 00:06:10 and 00:11:00;
`48:40:38`, its last part a frame count, between 00:28:15 and 02:25:00); a time below the one before it lost its hour (`00:15:45` after 01:10:00) when adding
whole hours places it (a last one, with no duration to check it against, only after a chapter in the last
quarter of its hour and when it is in the first quarter of its own, or when the chapter before it lost its
hour too and was written earlier: `55:00`, `11:00`, `29:00`; never when a later time written with its own hour
is not after it lifted: `00:01:20` after `00:30:08`, with `01:01:00` further down, the list writes its hours); past
the hour a time of two fields below the one before it is hours and minutes when that fits between its neighbours (`1:04`
between `1:01:15` and `1:09:27`). A time out of order that no slip explains is a topic the notes list out of
order: kept at the time written, in its place by time (every careful reader of the held-out sets
does so), unless it is mistyped (`00:4:00`) or at the time of another chapter: then dropped. Each
repair, move or drop is a note naming the line.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.episodes import format_timestamp
from bot.core.shownotes.model import Found, Notes

_MAX_SECONDS = 10**7  # over 115 days: no episode
_HOUR_ENDING = 45 * 60  # a chapter this far into its hour is near the next one
_HOUR_BEGINNING = 15 * 60  # ... and one this early in its hour near the one before
MAX_FIELD = 3  # digits in one field of a time, as in the time pattern of scan.py


def read_time(text: str) -> tuple[int, str | None] | None:
    """(seconds, repair note or None) for a time as written; None when it is no time at all."""
    clock = text.strip()
    note = None
    if "::" in clock:  # "01::20:24": a ':' typed twice
        clock = clock.replace("::", ":")
        note = f"{text!r} read as {clock}, a ':' typed twice"
    minutes, dot, rest = clock.partition(".")
    if dot and minutes.count(":") == 1 and len(rest) == 2 and rest.isdigit():
        # "1:08.41" after 1:01:10: a "." typed for ":" (a fraction of a second has three digits).
        clock = f"{minutes}:{rest}"
        note = f"{text!r} read as {clock}, a '.' typed for ':'"
    last_colon = clock.rfind(":")
    for mark in ".,":  # a fraction of a second (00:01:02.500) is dropped
        cut = clock.find(mark, last_colon)
        if cut != -1 and clock[cut + 1 :].isdigit():
            clock = clock[:cut]
    fields = clock.split(":")
    if not 2 <= len(fields) <= 4 or not all(f.isascii() and f.isdigit() and len(f) <= MAX_FIELD for f in fields):
        return None
    if len(fields) == 4 and all(len(f) == 2 for f in fields) and int(fields[3]) < 60:
        # "00:01:24:26": a video editor's timecode, hours, minutes, seconds and a frame count (dropped).
        fields, note = fields[:3], f"{text!r} is a timecode with frames; read as {':'.join(fields[:3])}"
    elif len(fields) == 4:
        if int(fields[0]) != 0:
            return None
        fields, note = fields[1:], f"{text!r} has one field too many; read as {':'.join(fields[1:])}"
    numbers = [int(f) for f in fields]
    if len(fields) == 3 and len(fields[2]) == 3:
        if not fields[2].endswith("0"):
            return None
        numbers[2] //= 10
        note = f"{text!r} has three digits of seconds; read as {fields[0]}:{fields[1]}:{fields[2][:2]}"
    elif len(fields) == 3 and len(fields[1]) == 3:
        if not fields[1].startswith("0"):
            return None
        note = f"{text!r} has three digits of minutes; read as {fields[0]}:{fields[1][1:]}:{fields[2]}"
    if len(numbers) == 3 and numbers[0] == 0 and 60 <= numbers[1] < 1000 and numbers[2] < 60:
        # "00:64:04": minutes counted on past the hour under a zero hour, as "64:04" is written without one.
        return numbers[1] * 60 + numbers[2], f"{text!r} has minutes past 59 and no hours; read as {numbers[1]}:{fields[2]}"
    if numbers[-1] >= 60 or (len(numbers) == 3 and numbers[1] >= 60):
        return None
    if len(numbers) == 2:  # minutes may run past 59, as long episodes are written without hours
        return numbers[0] * 60 + numbers[1], note
    return numbers[0] * 3600 + numbers[1] * 60 + numbers[2], note


def seconds_of(value: object) -> int | None:
    """Seconds from a structured list's start: a number of seconds (`74.5`) or a written time."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if 0 <= value < _MAX_SECONDS else None
    if isinstance(value, str):
        if read := read_time(value):
            return read[0]
        try:
            return seconds_of(float(value))
        except ValueError:
            return None
    return None


def place(found: list[Found], notes: Notes, duration: int | None = None) -> list[Found]:
    """The chapters in increasing order: repaired where a reader would, dropped (with a note) where not."""
    starts = [chapter.start for chapter in found]
    kept: list[int] = []  # indexes of the chapters kept so far
    joined: dict[int, list[str]] = {}  # titles of chapters at the same time as a kept one
    unplaced: list[int] = []  # chapters out of order that no slip explains: kept, sorted in
    lost_hour: set[int] = set()  # indexes of chapters lifted by the hours their time lost
    written_hours = _earliest_written_hour_after(found)
    for index, chapter in enumerate(found):
        before = starts[kept[-1]] if kept else None
        last = index + 1 == len(found)
        after = duration if last else starts[index + 1]
        start = starts[index]
        if (before is None or start > before) and (after is None or start < after or (not last and start == after)):
            kept.append(index)
        elif before is None or start > before:  # later than the chapter after it
            # Which one slipped: this one, or the next (which lost its hour)? The one after them decides.
            shifted = _shifted(start, before, after)
            next_slipped = (index + 2 < len(found) and starts[index + 2] > start) or (
                index + 2 == len(found) and shifted is None
            )
            if last or next_slipped:
                kept.append(index)  # (a chapter after the episode's end is dropped later)
            elif shifted is not None:
                how = "assuming minutes and seconds were written as hours and minutes"
                _repaired(notes, chapter, starts, index, shifted, how)
                kept.append(index)
            elif before is None or after is None or after > before:
                unplaced.append(index)
            else:
                kept.append(index)
        elif start == before:
            # Two topics begun in the same minute: one chapter holding both titles.
            joined.setdefault(kept[-1], []).append(chapter.title)
            notes.add(chapter.line, f"{_name(chapter)} starts at the same time as the chapter above; joined to it")
        elif (short := _hours_and_minutes(chapter, found[kept[-1]], before, after)) is not None:
            _repaired(notes, chapter, starts, index, short, "assuming hours and minutes written without seconds")
            kept.append(index)
        else:
            hours = (before - start) // 3600 + 1
            lifted = start + 3600 * hours
            # The next one may have lost the same hour ("59:39", "03:49", "07:09"): compare it lifted too.
            following = after if after is None or after > before or last else after + 3600 * hours
            # With nothing after it to check against, a last time lost its hour only when the list
            # was about to pass one and it is early in the next (`58:10`, then `03:20`); after `38:40`,
            # `03:30` is a topic out of order, and so is an erratum's `36:50` after `51:24`.
            # After a chapter that lost its hour (`55:00`, `11:00`), a later time written after it
            # (`29:00`) has lost the same hour.
            carried = kept[-1] in lost_hour and found[kept[-1]].start < start < 3600
            unchecked = following is None and duration is None and not carried
            if unchecked and (before % 3600 < _HOUR_ENDING or start % 3600 >= _HOUR_BEGINNING):
                unplaced.append(index)
            elif lifted >= written_hours[index]:
                # A later time written with its own hour (`01:01:00`) is not after it lifted: the list writes its
                # hours, so `00:01:20` after `00:30:08` is a topic out of order, not a lost hour.
                unplaced.append(index)
            elif following is None or lifted < following:
                _repaired(notes, chapter, starts, index, lifted, "assuming a dropped hour")
                kept.append(index)
                lost_hour.add(index)
            else:
                unplaced.append(index)
    taken = {starts[i] for i in kept}
    for index in unplaced:
        if starts[index] in taken or _malformed(found[index].time):
            # "00:4:00" among "00:41:43" and "00:46:12": a typing slip, not a topic moved on purpose.
            _dropped(notes, found[index], "is out of time order and no slip explains it")
            continue
        notes.add(found[index].line, f"{_name(found[index])} is listed out of time order; kept, in its place by time")
        taken.add(starts[index])
        kept.append(index)
    kept.sort(key=lambda i: starts[i])
    # A title listed twice at one time (a record repeated) is one topic: joined once.
    return [replace(found[i], start=starts[i], title="; ".join(dict.fromkeys([found[i].title, *joined.get(i, [])]))) for i in kept]


def _earliest_written_hour_after(found: list[Found]) -> list[float]:
    """For each chapter, the earliest start among the later ones written with an hour of one or more
    (`01:01:00`); infinity where none is. One pass from the end."""
    earliest: list[float] = [float("inf")] * len(found)
    running = float("inf")
    for index in range(len(found) - 1, -1, -1):
        earliest[index] = running
        if (_written_hour(found[index].time) or 0) >= 1:
            running = min(running, found[index].start)
    return earliest


def _written_hour(time: str) -> int | None:
    """The hour field of a time written `H:MM:SS`; None for one written without it (`MM:SS`)."""
    fields = time.split(":")
    return int(fields[0]) if len(fields) == 3 and fields[0].isdigit() else None


def _malformed(time: str) -> bool:
    """A time with a one-digit field after its first (`00:4:00`): mistyped."""
    return any(len(field) == 1 for field in time.split(":")[1:])


def _hours_and_minutes(chapter: Found, previous: Found, before: int, after: int | None) -> int | None:
    """`1:04` between `1:01:15` and `1:09:27`, past the hour, meant as 1:04:00: a time of two fields
    below the one before it, read as hours and minutes, when its hour is that one's or the next and
    it fits between its neighbours. Only below a time written with its hour: after `[00:56]` lifted
    to 1:00:56, a last `[01:34]` has lost its hour too (the list never writes hours)."""
    fields = chapter.time.split(":")
    start = chapter.start * 60
    if len(fields) != 2 or _written_hour(previous.time) is None or before < 3600 or int(fields[0]) - before // 3600 not in (0, 1):
        return None
    if start <= before or (after is not None and start >= after):
        return None
    return start


def _shifted(start: int, before: int | None, after: int | None) -> int | None:
    """`08:15:00` meant as `00:08:15`, or `48:40:38` as `00:48:40` (a frame count typed after it), when
    that fits between its neighbours."""
    hours, rest = divmod(start, 3600)
    shifted = hours * 60 + rest // 60
    if not hours or (before is not None and shifted <= before) or (after is not None and shifted >= after):
        return None
    return shifted


def _repaired(notes: Notes, chapter: Found, starts: list[int], index: int, seconds: int, how: str) -> None:
    starts[index] = seconds
    notes.add(chapter.line, f"{_name(chapter)} read as {format_timestamp(seconds)}, {how}")


def _dropped(notes: Notes, chapter: Found, why: str) -> None:
    notes.add(chapter.line, f"{_name(chapter)} {why}; dropped")


def _at(seconds: int | None) -> str:
    return "the start" if seconds is None else format_timestamp(seconds)


def _name(chapter: Found) -> str:
    short = chapter.title if len(chapter.title) <= 60 else chapter.title[:59] + "…"
    return f"chapter {chapter.time} {short!r}" if short else f"chapter {chapter.time}"
