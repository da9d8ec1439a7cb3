"""Adobe Audition marker lists exported as CSV: a `Name<TAB>Start<TAB>Duration<TAB>...` header line,
then one marker a line with its start as `M:SS.mmm` or `H:MM:SS.mmm`."""

from __future__ import annotations

from bot.core.shownotes.model import Found
from bot.core.shownotes.times import read_time
from bot.core.shownotes.titles import clean_title

NAME = "Adobe Audition markers"


def read(text: str) -> list[Found]:
    lines = text.splitlines()
    header = next((n for n, line in enumerate(lines) if "\t" in line and {"name", "start"} <= _columns(line)), None)
    if header is None:
        return []
    columns = [c.strip().casefold() for c in lines[header].lstrip("\ufeff").split("\t")]
    name, start = columns.index("name"), columns.index("start")
    found: list[Found] = []
    for number, line in enumerate(lines[header + 1 :], header + 2):
        fields = line.split("\t")
        if len(fields) <= max(name, start):
            continue
        read_start = read_time(fields[start])
        if read_start is not None:
            found.append(Found(number, read_start[0], clean_title(fields[name]), fields[start].strip(), read_start[1]))
    return found


def _columns(line: str) -> set[str]:
    return {column.strip().casefold() for column in line.lstrip("\ufeff").split("\t")}
