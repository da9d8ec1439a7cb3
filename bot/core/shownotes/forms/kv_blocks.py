"""Chapter lists kept as records in `key = value` blocks, as HCL data files (and the near-variants
people write by hand) keep an episode: `episode "Title" { chapters = [{ time = "00:05:25", title =
"..." }, ...] }`, or a block repeated once per chapter (`chapter { at = "05:25" about = "..." }`).
Read by shape under any key (structured.chapter_records): the longest list of records that each hold
one time-like value and one title-like string is the chapter list.

A small tolerant reader rather than python-hcl2: that parser pulls in lark, is strict (a missing
comma, a `key: value` inside braces, a title line above the record all make it refuse the file), and
its grammar's cost on hostile input is not ours to bound. This one tokenizes once with one regular
expression and descends at most structured.MAX_DEPTH deep (deeper brackets are refused first): block
bodies take `key = value`, object values `key = value` or `key: value` (quoted keys too, so JSON
reads the same), commas and line breaks between members are both optional, and `#`, `//`, `/* */`
comments and tokens that fit nowhere (a title line, an expression) are skipped."""

from __future__ import annotations

import json
import re

from bot.core.shownotes.model import Found
from bot.core.shownotes.structured import chapter_records, found_in, refuse_deep_brackets

NAME = "key = value records"
_TOKEN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"'  # a string (JSON escapes)
    r"|#[^\n]*|//[^\n]*|/\*.*?\*/"  # comments
    r"|\d{1,3}(?::\d{1,3}){1,2}(?:[.,]\d{1,3})?(?![\w:])"  # a clock left unquoted (`time = 05:25`)
    r"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.:])"  # a number
    r"|[A-Za-z_][\w.-]*"  # an identifier
    r"|[{}\[\]=:,]"  # punctuation
    r'|[^\s"{}\[\]=:,]+|\S',  # anything else (a run of it, one token), skipped
    re.S,
)
# Worth tokenizing: an attribute `key = value` and braces, the shape of a block or an object.
_LOOKS_LIKE = re.compile(r"^[ \t]*[A-Za-z_][\w-]*[ \t]*=[ \t]*\S", re.M)
_KEYWORDS = {"true": True, "false": False, "null": None}


def read(text: str) -> list[Found]:
    attribute = _LOOKS_LIKE.search(text) if "{" in text else None
    if attribute is None:
        return []
    # From the line of the first block or attribute: a title or prose above it is no part of it.
    first = text.rfind("\n", 0, min(text.index("{"), attribute.start())) + 1
    line = text.count("\n", 0, first) + 1
    refuse_deep_brackets(text[first:], line)
    reader = _Reader(text, first, line)
    records = chapter_records(reader.body(closing=None))
    return found_in(records, lambda place: reader.lines.get(id(records[place])))


class _Reader:
    """One pass over the tokens; `lines` maps each object read (by id) to the line it opens on."""

    def __init__(self, text: str, first: int, line: int) -> None:
        self.text = text
        self.tokens = [m for m in _TOKEN.finditer(text, first) if not m.group().startswith(("#", "//", "/*"))]
        self.at = 0
        self.lines: dict[int, int] = {}
        self._line = line
        self._counted = first  # text position up to which newlines are counted in _line

    def body(self, closing: str | None, colon: bool = False) -> dict[str, object]:
        """Members up to `closing` (or the end): `key = value`, in an object also `key: value` and
        quoted keys; `name "label" ... { body }` blocks, gathered per name into a list of records."""
        data: dict[str, object] = {}
        self.lines[id(data)] = self._line_at(self.at - 1)
        while self.at < len(self.tokens):
            token = self._take()
            if token == closing:
                break
            if not (token[0].isalpha() or token[0] == "_" or (colon and token[0] == '"')):
                continue  # a comma, a stray bracket, a word of a title line: skipped
            key = json.loads(token) if token[0] == '"' else token
            following = self._peek()
            if following == "=" or (colon and following == ":"):
                self.at += 1
                data[key] = self.value()
                continue
            labels = self.at
            while self._peek()[:1] == '"' or self._peek()[:1].isalpha():
                self.at += 1  # a block's labels: `episode "Title" {`
            if self._peek() == "{" and not colon:
                self.at += 1
                block = data.setdefault(key, [])
                if isinstance(block, list):
                    block.append(self.body("}"))
            else:
                self.at = labels
        return data

    def value(self) -> object:
        token = self._take()
        if token == "{":
            return self.body("}", colon=True)
        if token == "[":
            items: list[object] = []
            while self.at < len(self.tokens) and self._peek() != "]":
                if self._peek() == ",":
                    self.at += 1
                else:
                    items.append(self.value())
            self.at += 1
            return items
        if token[:1] == '"':
            try:
                return json.loads(token)
            except ValueError:
                return token[1:-1]
        if ":" in token:
            return token  # an unquoted clock, kept as written
        if token[:1].isdigit() or (token[:1] == "-" and token[1:2].isdigit()):
            return float(token) if any(c in token for c in ".eE") else int(token)
        return _KEYWORDS.get(token, token)

    def _take(self) -> str:
        token = self.tokens[self.at].group() if self.at < len(self.tokens) else ""
        self.at += 1
        return token

    def _peek(self) -> str:
        return self.tokens[self.at].group() if self.at < len(self.tokens) else ""

    def _line_at(self, index: int) -> int:
        """The line of token `index`, counting newlines only past those counted before (one pass)."""
        position = self.tokens[index].start() if 0 <= index < len(self.tokens) else self._counted
        if position > self._counted:
            self._line += self.text.count("\n", self._counted, position)
            self._counted = position
        return self._line
