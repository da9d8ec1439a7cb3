"""A list of durations is not a chapter list: a play list or a programme giving each item's length
(`2. The Velvet Commuters - Slow Train (4:12)`, `4. jingle: Sunday lounge (0:31)`). Its times
are all short and run up and down; chapter starts run up (a slip or a dropped hour aside). So a list
whose times all lie within LONGEST and go back at least twice, in one step of four or more, is one."""

from __future__ import annotations

from bot.core.shownotes.model import Found

MIN_ITEMS = 4
LONGEST = 15 * 60  # every item of a list of durations is shorter than this
BACKWARDS_SHARE = 4  # at least one step in this many goes back in time ...
MIN_BACKWARDS = 2  # ... and more than once (one slip in a short list is a slip)


def is_durations(found: list[Found]) -> bool:
    starts = [chapter.start for chapter in found if chapter.start >= 0]
    if len(starts) < MIN_ITEMS or max(starts) >= LONGEST:
        return False
    backwards = sum(later < earlier for earlier, later in zip(starts, starts[1:]))
    return backwards >= MIN_BACKWARDS and backwards * BACKWARDS_SHARE >= len(starts) - 1
