"""Reading a JSON transcript: its list of cues, each with the line it starts on, or a clear message
when it is not JSON at all or holds no such list."""

from __future__ import annotations

import json
from typing import Any, Iterator

from bot.core.episodes.json_lines import JsonLines
from bot.core.transcripts.model import Unreadable


def items(text: str, form: str, key: str) -> Iterator[tuple[int, Any, int]]:
    """(index, item, line) for each item of the top-level list `key`; Unreadable without one."""
    data = _load(text, form)
    listed = data.get(key) if isinstance(data, dict) else None
    if not isinstance(listed, list):
        raise Unreadable(None, f'JSON without a "{key}" list; not {form}')
    lines = JsonLines(text)
    for index, item in enumerate(listed):
        yield index, item, lines.line((key, index))


def _load(text: str, form: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Unreadable(error.lineno, f"invalid JSON ({error.msg}); cannot be read as {form}") from None
    except (RecursionError, ValueError):  # nesting too deep for Python's parser, a number of 4,300+ digits
        raise Unreadable(None, f"JSON that cannot be read as {form} (nested too deeply or a number too long)") from None


def first_char(text: str) -> str:
    return text.lstrip("\ufeff \t\r\n")[:1]
