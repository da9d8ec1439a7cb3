"""A list of durations is not a chapter list: a play list or a programme giving each item's length
(`2. The Velvet Commuters - Slow Train (4:12)`, `4. jingle: Sunday lounge (0:31)`). Its times
are all short and run up and down; chapter starts run up (a slip or a dropped hour aside). So a list
whose times all lie within LONGEST and go back at least twice, in one step of four or more, is one;
so is one going back in every other step or more, however long its items (a play list with an interview).
So is a list among whose lines MIN_BARE write a length in seconds alone (`Billboard :37`, `Promo Tag :10`):
a running order with each segment's length, whatever its other times do."""

from __future__ import annotations

import re

from bot.core.shownotes.model import Found, Line

MIN_ITEMS = 4
LONGEST = 15 * 60  # every item of a list of durations is shorter than this
BACKWARDS_SHARE = 4  # at least one step in this many goes back in time ...
MIN_BACKWARDS = 2  # ... and more than once (one slip in a short list is a slip)
MOSTLY_BACK = 2  # a list going back in one step of this many or more is lengths, however long its items

MIN_BARE = 2  # lines with a length in seconds alone that make a running order
_NEAR = 6  # lines around the list where its segments' lengths stand (HTML leaves blank ones)
_BARE_SECONDS = re.compile(r"(?<![\d:])\s:[0-5]\d\W{0,3}$")


def is_durations(found: list[Found], lines: list[Line]) -> bool:
    return _has_bare_lengths(found, lines) or _runs_up_and_down(found)


def _has_bare_lengths(found: list[Found], lines: list[Line]) -> bool:
    spans = [chapter.index for chapter in found if chapter.index is not None]
    if not spans:
        return False
    near = lines[max(0, min(spans) - _NEAR) : max(spans) + _NEAR + 1]
    return sum(_BARE_SECONDS.search(line.text) is not None for line in near) >= MIN_BARE


def _runs_up_and_down(found: list[Found]) -> bool:
    starts = [chapter.start for chapter in found if chapter.start >= 0]
    if len(starts) < MIN_ITEMS:
        return False
    backwards = sum(later < earlier for earlier, later in zip(starts, starts[1:]))
    if backwards < MIN_BACKWARDS:
        return False
    if backwards * MOSTLY_BACK >= len(starts) - 1:
        return True  # half its steps back: lengths, long ones too (an interview's 29:15 among the tracks)
    return max(starts) < LONGEST and backwards * BACKWARDS_SHARE >= len(starts) - 1
