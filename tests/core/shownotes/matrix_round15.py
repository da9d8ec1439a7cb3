"""The family matrix, round 15 (matrix.py): a unit word between a time opening its line and the topic
(`03:04 min – Title`, `12:40 Minuten Title`), and a video editor's timecode with frames
(`00:01:24:26 - Title`), a title-first list with some times wrapped onto a line of their own, each case with the list a careful reader takes, and guards where a time
with a unit is a length."""

from __future__ import annotations

from collections.abc import Iterator

from tests.core.shownotes.matrix import Case, clock, expected, hms

_MATCH = [(0, "Line-ups read out in the stands"), (1386, "The coach on the penalty"), (2701, "Captain's view of the second half"),
          (3913, "Fans on the away trip"), (5149, "What the keeper said")]
_SET = [(184, "Ivo Brandt - Lantern Walk"), (461, "Kit Rowe & Sol Ander - Paper Harbour"), (628, "Mara Voss - Drift (Long Mix)"),
        (964, "Dale Ames - Eastbound"), (1291, "Nova Lane - Slow Signal")]


def _units_after_opening_times() -> Iterator[Case]:
    """`MM:SS Min – Title` (minutes past 59 without hours) and `M:SS  min Title`: the unit word belongs to the time."""
    dashed = "".join(f"{clock(start, False, True)} Min – {title}\n" for start, title in _MATCH)
    yield "unit word then a dash", "Heard in the stadium:\n" + dashed, expected(_MATCH)
    bold = "".join(f"<strong>{clock(start, False, True)} Min</strong> &#8211; {title}<strong><br />\n" for start, title in _MATCH)
    yield "unit word in bold html then a dash", "<p><strong>Clips:</strong></p><div>" + bold + "</strong></div>", expected(_MATCH)
    spaced = "".join(f"{clock(start, False, False):<5} min {title}\n" for start, title in _SET)
    yield "unit word then the title", "Tracks:\n\n" + spaced + "\nmixed by Ivo Brandt\n", expected(_SET)
    german = "".join(f"{clock(start, False, True)} Minuten {title}\n" for start, title in _SET)
    yield "a long unit word then the title", german, expected(_SET)
    # A length after its topic, or after a label, stays a length: no chapter at 58:10.
    yield "a length after the list stays a length", spaced + "\nRunning time: 58:10 min\n", expected(_SET)
    sized = "(21:30 Minuten 20.4 MB)  (21:30 Minuten 14.2 MB)\n\n" + dashed
    yield "a bracketed length and size above the list", sized, expected(_MATCH)
    yield "no list: lengths after their topics", "".join(f"{title} – {clock(start, False, True)} min\n" for start, title in _SET), None


def _frame_timecodes() -> Iterator[Case]:
    """`HH:MM:SS:FF - Title`, as a video editor exports markers: the frames are dropped."""
    talk = [(0, "Intro music"), (44, "What is coming up"), (1577, "Why a plate reverb"), (3215, "Mixing a song you did not track"),
            (4426, "Thanks and goodnight")]
    lines = "".join(f"{hms(start)}:{(start * 7) % 30:02} - {title}<br/>" for start, title in talk)
    yield "timecode with frames in br html", "<div>Time marks:<br/>" + lines + "</div>", expected(talk)
    plain = "".join(f"[{hms(start)}:{(start * 3) % 25:02}] {title}\n" for start, title in talk)
    yield "bracketed timecode with frames", "Markers\n" + plain, expected(talk)


def _wrapped_times() -> Iterator[Case]:
    """`Artist - Track 13:10` lines, some with the time broken onto the next line: the title above it is its."""
    wrapped = {1, 3}
    def entry(n: int, start: int, title: str) -> str:
        return f"{title}\n{clock(start, False, False)}" if n in wrapped else f"{title} {clock(start, False, False)}"
    lines = [entry(n, start, title) for n, (start, title) in enumerate(_SET)]
    yield "times wrapped under their titles", "Tonight's set\n\n" + "\n\n".join(lines) + "\n", expected(_SET)
    html = "Tonight's set<br>\n" + "\n<br>\n".join(lines) + "\n<br>\n<br>\nThanks for listening!"
    yield "times wrapped under their titles in br html", html, expected(_SET)
    # Below the list's last plain line a time alone under a sentence is no entry of it.
    after = "\n".join(f"{title} {clock(start, False, False)}" for start, title in _SET) + "\n\nRecorded live at the harbour\n58:10\n"
    yield "a time alone below the list", after, expected(_SET)


ROUND15_FAMILIES = (_units_after_opening_times, _frame_timecodes, _wrapped_times)
