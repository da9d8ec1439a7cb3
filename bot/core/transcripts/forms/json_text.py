"""Reading a JSON transcript's text once, with a clear message when it is not JSON at all."""

from __future__ import annotations

import json
from typing import Any

from bot.core.transcripts.model import Unreadable


def load(text: str, form: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Unreadable(error.lineno, f"invalid JSON ({error.msg}); cannot be read as {form}") from None
    except (RecursionError, ValueError):  # nesting too deep for Python's parser, a number of 4,300+ digits
        raise Unreadable(None, f"JSON that cannot be read as {form} (nested too deeply or a number too long)") from None


def first_char(text: str) -> str:
    return text.lstrip("\ufeff \t\r\n")[:1]
