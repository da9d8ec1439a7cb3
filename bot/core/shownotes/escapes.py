"""Descriptions that arrive escaped, decoded before they are read; each decoding a warning naming its line.

- A JSON or JavaScript string literal pasted or exported whole (`"description": "Intro\\n00:00
  Caffeine\\u2019s half-life\\n..."`, `description: '...'`): a line holding ESCAPED_LINES or more
  literal `\\n` (or tags opened by `\\u003c`) has its escapes decoded (`\\n`, `\\t`, `\\"`, `\\'`, `\\\\`, `\\/`, `\\uXXXX` with surrogate pairs,
  `\\xXX`); the string literal holding them is put on lines of its own, apart from the code around
  it (`{"id": 1, "description": ` and `, "published": ...}`), and every line keeps the source line's number.
- HTML escaped as text, once or twice (`&lt;p&gt;00:00 Intro&lt;br&gt;`, `&amp;lt;br&amp;gt;`): with no
  real tag but escaped ones, the text is unescaped until its tags are tags (at most MAX_ROUNDS times).
- Entities left in plain text, once or twice escaped (`0 &amp;ndash; 7:00 &amp;ndash; Intro`): decoded, so
  a range's dash is a dash; those that would make a tag or a line break (`&lt;`, `&#10;`) stay for the titles.

Every pattern is a plain character class or bounded, so a line of any length is decoded in linear time.
"""

from __future__ import annotations

import html
import re

from bot.core.shownotes.model import Notes

ESCAPED_LINES = 3  # this many literal "\n" on one line: a description dumped as a string literal
MAX_ROUNDS = 3
# An escaped line break, or an escaped `<` opening a tag (`\u003cp\u003e00:00 Intro\u003c/p\u003e`): the
# escapes of a description dumped as a string literal.
_LITERAL_NEWLINE = re.compile(r"\\r\\n|\\n|\\r|\\u003[cC](?=/?[a-zA-Z])|\\x3[cC](?=/?[a-zA-Z])")
# A string literal where code puts one: at the line's start or after `:`, `=`, `(`, `[`, `{` or `,`.
_LITERAL = re.compile(r"""(?:^|(?<=[:=(\[{,]))[ \t]{0,20}(?P<q>["'])(?P<body>(?:(?!(?P=q))[^\\]|\\.)*)(?P=q)""", re.S)
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "0": ""}
_ENTITY = re.compile(r"&(?:amp;){0,2}(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_KEPT = frozenset("<>&\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")  # they would change what is a tag or a line
_ESCAPED_TAG = re.compile(r"&(?:amp;){0,3}lt;/?(?:p|br|div|li|ul|ol|a|b|i|em|strong|span|h[1-6]|time|table|tr|td)\b", re.I)


def unescape_html_text(text: str, notes: Notes | None) -> str:
    """Text without real tags whose HTML arrived escaped, unescaped until its tags are tags."""
    rounds = 0
    while rounds < MAX_ROUNDS and _ESCAPED_TAG.search(text):
        text, rounds = html.unescape(text), rounds + 1
    if rounds and notes is not None:
        notes.add(None, f"HTML escaped as text{' more than once' if rounds > 1 else ''}; unescaped before reading")
    twice = False

    def entity(match: re.Match[str]) -> str:
        nonlocal twice
        decoded = html.unescape(html.unescape(html.unescape(match[0])))
        if decoded == match[0] or any(c in _KEPT for c in decoded):
            return match[0]
        twice = twice or match[0].startswith("&amp;")
        return decoded

    text = _ENTITY.sub(entity, text) if "&" in text else text
    if twice and notes is not None:
        notes.add(None, "HTML entities escaped twice (&amp;ndash;); decoded before reading")
    return text


def source_lines(text: str, notes: Notes | None) -> list[tuple[int, str]]:
    """(source line number, text) of each line, string literals with escaped line breaks decoded."""
    if "\\" not in text:
        return list(enumerate(text.splitlines(), 1))
    result: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if len(_LITERAL_NEWLINE.findall(line)) < ESCAPED_LINES:
            result.append((number, line))
            continue
        result.extend((number, part) for part in _decoded(line).split("\n"))
        if notes is not None:
            notes.add(number, "a string literal with escaped line breaks (\\n); its escapes decoded before reading")
    return result


def _decoded(line: str) -> str:
    """The line with its string literal of escaped lines decoded and put on lines of its own."""
    literal = max(_LITERAL.finditer(line), key=lambda m: len(_LITERAL_NEWLINE.findall(m["body"])), default=None)
    if literal is None or len(_LITERAL_NEWLINE.findall(literal["body"])) < ESCAPED_LINES:
        return unescape(line)  # the escapes are not inside a literal: the whole line is the text
    return f"{line[: literal.start()]}\n{unescape(literal['body'])}\n{line[literal.end() :]}"


def unescape(text: str) -> str:
    """JSON and JavaScript escapes decoded; an escape of anything else is that thing."""

    def one(match: re.Match[str]) -> str:
        if match[1]:
            return chr(int(match[1], 16))
        if match[2]:
            return chr(int(match[2], 16))
        return _SIMPLE.get(match[3], match[3])

    decoded = _ESCAPE.sub(one, text.replace("\\r\\n", "\\n"))
    # "\ud83c\udf99" is one character written as two halves (UTF-16): joined; a lone half is replaced.
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
