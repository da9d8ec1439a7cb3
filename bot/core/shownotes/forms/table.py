"""Chapter tables exported as CSV or TSV: a header row naming a start column and a title column
(`Name<TAB>Start<TAB>Duration` of Adobe Audition markers, `#,Name,Start,End,Length` of a Reaper marker
list, `Timestamp;Title` of a spreadsheet), then one chapter a row, its start written as a time
(`1:04.983`, `00:12:30`) or in seconds (`74.5`). Quoted fields may hold the delimiter. A table with
no title column (a transcript's `start,end,speaker,text`) is none."""

from __future__ import annotations

import csv

from bot.core.shownotes.model import Found
from bot.core.shownotes.times import read_time, seconds_of
from bot.core.shownotes.titles import clean_title

NAME = "chapter table (CSV)"
_DELIMITERS = ("\t", ";", ",")
_START_COLUMNS = frozenset(
    "start|start time|starttime|start_time|time|timestamp|begin|in|position|zeit|startzeit|beginn|début|debut"
    "|inicio|início|tempo".split("|")
)
_TITLE_COLUMNS = frozenset(
    "name|title|chapter|chapter title|chapter name|topic|marker|label|titel|kapitel|thema|titre|chapitre"
    "|título|titulo|titolo|capítulo|capitolo".split("|")
)
_MAX_HEADER = 300  # characters: a header row is short; a long line is prose or a row of data


def read(text: str) -> list[Found]:
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if len(line) > _MAX_HEADER or not any(d in line for d in _DELIMITERS):
            continue
        for delimiter in _DELIMITERS:
            columns = [_column(field) for field in next(csv.reader([line.lstrip("\ufeff")], delimiter=delimiter))]
            start = next((i for i, c in enumerate(columns) if c in _START_COLUMNS), None)
            title = next((i for i, c in enumerate(columns) if c in _TITLE_COLUMNS), None)
            if start is not None and title is not None:
                return _rows(lines[number + 1 :], number + 2, delimiter, start, title)
    return []


def _column(field: str) -> str:
    return " ".join(field.strip().strip("\"'#").casefold().split())


def _rows(lines: list[str], first_number: int, delimiter: str, start: int, title: int) -> list[Found]:
    found: list[Found] = []
    rows = csv.reader(lines, delimiter=delimiter)
    for fields in rows:
        number = first_number + rows.line_num - 1  # the row's last line, when a quoted field spans lines
        if len(fields) <= max(start, title):
            continue
        written = fields[start].strip()
        read_start = read_time(written)
        seconds = read_start[0] if read_start else seconds_of(written)
        if seconds is not None:
            found.append(Found(number, seconds, clean_title(fields[title]), written, read_start[1] if read_start else None))
    return found
