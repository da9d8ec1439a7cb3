"""The one cleaner of chapter titles, shared by every form.

Removes what surrounds a title in published notes: bullets and numbering (`-`, `*`, `•`, `1.`),
separators between time and title (` - `, ` – `, ` — `, `: `, `| `, `~`), Markdown emphasis and
headings, links (a Markdown link keeps its text, a bare URL goes), leftover brackets of the time,
and runs of spaces. Written with string methods and patterns that cannot backtrack, so a line of
any length is cleaned in linear time.
"""

from __future__ import annotations

import re

# Characters that separate or decorate, never start or end a title.
_EDGE = " \t\u00a0\u2009\u202f-–—:|~,;•·*_#>=/\\)]}"
_EDGE_START = _EDGE.replace(")", "").replace("]", "").replace("}", "") + "([{@"
_EDGE_END = _EDGE.replace("_", "").replace("/", "") + "([{@"
# [text](target) -> text; the target is any run of non-space non-")" characters (no nesting: linear).
_MARKDOWN_LINK = re.compile(r"!?\[([^\[\]\n]{0,300})\]\([^()\s]{0,2000}\)")
_URL = re.compile(r"<?(?:https?://|www\.)[^\s<>]{1,2000}>?")
_NUMBERING = re.compile(r"\d{1,3}[.)](?:\s|$)")
# A bullet or number at the end belongs to the next chapter of a flattened list: "Intro 2." / "Intro -".
_TRAILING_NUMBER = re.compile(r"\s\d{1,3}[.)]$")


def clean_title(text: str) -> str:
    text = _MARKDOWN_LINK.sub(lambda m: m[1], text)
    text = _URL.sub(" ", text)
    text = text.replace("**", " ").replace("__", " ").replace("`", "")
    text = " ".join(text.split())
    previous = None
    while previous != text:  # each pass removes at least one character, so this ends
        previous = text
        text = text.lstrip(_EDGE_START).rstrip(_EDGE_END)
        if numbering := _NUMBERING.match(text):
            text = text[numbering.end() :]
        text = _close_brackets(text)
        if trailing := _TRAILING_NUMBER.search(text):
            text = text[: trailing.start()]
    return text


def _close_brackets(text: str) -> str:
    """Drops an unmatched bracket left at either end by the time it surrounded: `Intro)` -> `Intro`."""
    for opening, closing in ("()", "[]"):
        if text.endswith(closing) and text.count(opening) < text.count(closing):
            text = text[:-1]
        if text.startswith(opening) and text.count(opening) > text.count(closing):
            text = text[1:]
    return text
