"""Audacity label tracks: `start<TAB>end<TAB>title` lines, times in seconds with decimals."""

from __future__ import annotations

from bot.core.shownotes.model import Found
from bot.core.shownotes.titles import clean_title

NAME = "Audacity labels"


def read(text: str) -> list[Found]:
    found: list[Found] = []
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split("\t")
        if len(fields) != 3 or not _seconds(fields[0]) or not _seconds(fields[1]):
            continue
        start = float(fields[0])
        found.append(Found(number, int(start), clean_title(fields[2]), fields[0]))
    return found if len(found) >= 2 else []


def _seconds(field: str) -> bool:
    whole, _, fraction = field.strip().partition(".")
    return whole.isdigit() and (not fraction or fraction.isdigit())
