"""One episode file: its JSON text read with every problem reported as `path:line: message`, and
an episode written back as that text.

The fields and their checks are in format.py (documented in docs/episode-format.md); folder.py
reads a whole data folder through this module.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bot.core.episodes.files import read_episode_bytes
from bot.core.episodes.format import FORMAT_VERSION, EpisodeChecker
from bot.core.episodes.json_lines import JsonLines
from bot.core.episodes.model import Episode, format_timestamp
from bot.core.episodes.problems import InvalidData, Problem

_LONG_NUMBER = re.compile(r"\d{4000,}")
_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def decoded(path: Path, data: bytes) -> str:
    """The text of a file as read_text() gives it (UTF-8, universal newlines), less the byte-order
    mark some Windows editors put first, which json would refuse."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InvalidData([Problem(path, line, f"cannot read file: not UTF-8 text ({error.reason})")]) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_episode_file(path: Path) -> Episode:
    return parse_episode(decoded(path, read_episode_bytes(path)), path)


def parse_episode(text: str, path: Path) -> Episode:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidData([Problem(path, error.lineno, f"invalid JSON: {error.msg}")]) from None
    except RecursionError:
        # Python's parser gives up where the nesting gets too deep; no episode nests beyond four.
        raise InvalidData([Problem(path, _deep_line(text), "JSON nested too deeply to read")]) from None
    except ValueError as error:  # a number of thousands of digits, beyond Python's conversion limit
        found = _LONG_NUMBER.search(text)
        line = JsonLines(text).line_at(found.start()) if found else None
        raise InvalidData([Problem(path, line, f"invalid JSON: {error}")]) from None
    checker = EpisodeChecker.for_text(text)
    episode = checker.episode(raw)
    if checker.errors:
        lines = JsonLines(text)
        raise InvalidData([Problem(path, lines.line(pointer), message) for pointer, message in checker.errors])
    assert episode is not None
    return episode


def _deep_line(text: str) -> int | None:
    """The line where the JSON's nesting is deepest: where Python's parser gave up."""
    depth, deepest, where = 0, 0, None
    for token in _NESTING.finditer(text):
        bracket = token.group()
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
            for chapter in episode.chapters
        ],
    }
    return json.dumps({k: v for k, v in raw.items() if v is not None}, indent=2, ensure_ascii=False) + "\n"
