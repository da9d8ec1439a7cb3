"""Where a value sits in a JSON text: the line a problem names, found in time linear in the text.

A file with thousands of problems asks for thousands of lines. Each container (object or array)
on the way to a value is scanned once, the positions of its children kept, and a position becomes
a line by bisecting the offsets of the newlines: reporting every problem of a file costs about as
much as reading it once (searching from the start for each problem took 50 s for 8,000 problems).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from typing import Iterable

_SPACE = re.compile(r"[ \t\r\n]*")
_NEWLINE = re.compile("\n")


class JsonLines:
    """Line numbers of the values of one JSON text that the json module has already accepted."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._decoder = json.JSONDecoder()
        self._children: dict[int, dict[str | int, int]] = {}
        self._newlines: list[int] | None = None

    def line(self, pointer: Iterable[str | int]) -> int:
        """The line where the value at `pointer` starts (or the deepest part of it that exists)."""
        pos = _SPACE.match(self._text, 0).end()  # type: ignore[union-attr]
        for step in pointer:
            children = self._children.get(pos)
            if children is None:
                children = self._children[pos] = self._scan(pos)
            found = children.get(step)
            if found is None:
                break
            pos = found
        return self.line_at(pos)

    def line_at(self, pos: int) -> int:
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self._text)]
        return bisect_left(self._newlines, pos) + 1

    def _scan(self, pos: int) -> dict[str | int, int]:
        """The start of each child of the object or array at `pos` (nothing for a scalar)."""
        text, skip = self._text, _SPACE.match
        opener = text[pos : pos + 1]
        if opener not in ("{", "["):
            return {}
        closer = "}" if opener == "{" else "]"
        children: dict[str | int, int] = {}
        pos = skip(text, pos + 1).end()  # type: ignore[union-attr]
        index = 0
        while pos < len(text) and text[pos] != closer:
            if opener == "{":
                key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
                pos = skip(text, skip(text, pos).end() + 1).end()  # type: ignore[union-attr]  # past the colon
                children[key] = pos  # a repeated key: the last one counts, as in json.loads
            else:
                children[index] = pos
            _, pos = self._decoder.raw_decode(text, pos)
            pos = skip(text, pos).end()  # type: ignore[union-attr]
            if text[pos : pos + 1] == ",":
                pos = skip(text, pos + 1).end()  # type: ignore[union-attr]
            index += 1
        return children
