"""A list of dated events is not a chapter list: tour dates, a programme of evenings, a release
schedule (`12.03. – Berlin, Lido – 19:30`, `2024-03-13 Hamburg 20:00`, `03/15 Köln (20:30)`). Its times
are clock times of the events; a chapter's title does not open with a calendar date. So a run of which
at least half the titles start with a day and month (or a full date) is one."""

from __future__ import annotations

import re

from bot.core.shownotes.model import Found

# A day and month at a title's start: `12.03.`, `12.03.2024`, `2024-03-12`, `03/15`, `15/03/24`.
_DATE = re.compile(r"\s{0,3}(?:\d{1,2}\.\d{1,2}\.(?:\d{2,4})?|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?)(?!\d)")
_SHARE = 2  # one title in this many dated makes the run a schedule


def is_dated(found: list[Found]) -> bool:
    titled = [chapter.title for chapter in found if chapter.title]
    return bool(titled) and sum(_DATE.match(title) is not None for title in titled) * _SHARE >= len(titled)
