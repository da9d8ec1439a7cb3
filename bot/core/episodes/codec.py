"""One episode file: its JSON text read with every problem reported as `path:line: message`, and
an episode written back as that text.

The fields and their checks are in format.py (documented in docs/episode-format.md); folder.py
reads a whole data folder through this module.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path
from typing import Any

from bot.core.episodes.files import read_episode_bytes
from bot.core.episodes.format import FORMAT_VERSION, EpisodeChecker
from bot.core.episodes.json_lines import JsonLines
from bot.core.episodes.model import Episode, format_timestamp
from bot.core.episodes.problems import InvalidData, Problem

# A whole number in an episode file is its format or its number: a few digits. Python converts
# digits to an int in time that grows with the square of their count, inside json's parser that
# holds the interpreter; longer ones are refused before they are converted.
MAX_INTEGER_DIGITS = 100
# JSON strings (possessive, so an unclosed one or a run of escaped quotes costs one pass, not one
# pass per quote) and the tokens searched for beside them: brackets, and numbers with their parts.
_STRING = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?'
_NESTING = re.compile(_STRING + r"|[\[\]{}]", re.DOTALL)
_NUMBER = re.compile(_STRING + r"|-?(\d++)(\.\d*+)?([eE][-+]?\d*+)?", re.DOTALL)


def decoded(path: Path, data: bytes) -> str:
    """The text of a data file as read_text() gives it (UTF-8, universal newlines), less the
    byte-order mark some Windows editors put first, which json would refuse.

    Lines end where an editor ends them (\\n, \\r\\n or \\r), never at a form feed or U+2028, so a
    problem's line is the one the editor shows. Bytes that are not UTF-8 are named by line and column.
    """
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        where = f"byte 0x{data[error.start]:02X} at byte {error.start - line_start + 1} of the line"
        raise InvalidData([Problem(path, line, f"cannot read file: not UTF-8 text ({where}); save it as UTF-8")]) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_episode_file(path: Path) -> Episode:
    return parse_episode(decoded(path, read_episode_bytes(path)), path)


def parse_episode(text: str, path: Path) -> Episode:
    try:
        raw = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        raise InvalidData([Problem(path, error.lineno, f"invalid JSON: {error.msg}")]) from None
    except RecursionError:
        # Python's parser gives up where the nesting gets too deep; no episode nests beyond four.
        raise InvalidData([Problem(path, _deep_line(text), "JSON nested too deeply to read")]) from None
    except ValueError as error:  # a whole number of more than MAX_INTEGER_DIGITS digits
        raise InvalidData([Problem(path, _long_number_line(text), f"invalid JSON: {error}")]) from None
    checker = EpisodeChecker.for_text(text)
    episode = checker.episode(raw)
    if checker.errors:
        lines = JsonLines(text)
        raise InvalidData([Problem(path, lines.line(pointer), message) for pointer, message in checker.errors])
    assert episode is not None
    return episode


def _integer(digits: str) -> int:
    """A whole number of the JSON text, refused (ValueError) when longer than MAX_INTEGER_DIGITS."""
    if len(digits) > MAX_INTEGER_DIGITS:
        count = len(digits.lstrip("-"))
        raise ValueError(f"a whole number of {count:,} digits; at most {MAX_INTEGER_DIGITS} are read")
    return int(digits)


def _long_number_line(text: str) -> int | None:
    """The line of the first whole number too long to read (the one json stopped at: the text
    before it parsed), found in one pass over the text."""
    for token in _NUMBER.finditer(text):
        whole, fraction, exponent = token.groups()
        if whole is not None and fraction is None and exponent is None and len(whole) > MAX_INTEGER_DIGITS:
            return JsonLines(text).line_at(token.start())
    return None


def _deep_line(text: str) -> int | None:
    """The line where the JSON's nesting is deepest (where Python's parser gave up), in one pass."""
    depth, deepest, where = 0, 0, None
    for token in _NESTING.finditer(text):
        bracket = text[token.start()]  # a string token starts with its quote (not copied out)
        if bracket in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, token.start()
        elif bracket in "]}":
            depth -= 1
    return None if where is None else JsonLines(text).line_at(where)


def dump_episode(episode: Episode) -> str:
    """The file text for an episode, in the field order a person editing it expects."""
    raw: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "id": episode.id,
        "podcast": episode.podcast,
        "title": episode.title,
        "duration": format_timestamp(episode.duration),
        "url": episode.url,
        "note": episode.note,
        "published": episode.published,
        "number": episode.number,
        "people": list(episode.people) or None,
        "transcript_url": episode.transcript_url,
        "transcript_type": episode.transcript_type,
        "description": episode.description,
        "chapters": [
            {
                "start": chapter.timestamp,
                "title": chapter.title,
                "kind": chapter.kind,
                "summary": chapter.summary,
                "keywords": list(chapter.keywords),
            }
            for chapter in episode.published_chapters  # chapters found in a transcript are found again at load
        ],
    }
    return json.dumps({k: v for k, v in raw.items() if v is not None}, indent=2, ensure_ascii=False) + "\n"
