"""Elements read straight from a feed's bytes, where feedparser's reading loses them.

feedparser keeps only the last of repeated Podcasting 2.0 tags and drops their text, so the names in
`podcast:person` and the number in `podcast:episode` are read from each item's own XML; and a feed
that is not well-formed XML is read only as far as it holds complete `<item>...</item>` elements.

A feed's bytes are anyone's: every scan here only moves forward (a tag found, then the next `>` or
closing tag after it), so a body of n bytes costs time linear in n whatever it holds. A pattern such
as `<item>.*?</item>` would not: on a feed of one good item and 20,000 unclosed `<item>` tags it
tries every tag against the rest of the body, minutes of work that hold the interpreter.
"""

from __future__ import annotations

import re
from functools import cache

_ITEM_TAG = re.compile(rb"<(?:item|entry)[\s>]|</(?:item|entry)>")


def items(body: bytes) -> list[bytes]:
    """The complete `<item>...</item>` (or Atom `<entry>`) elements, in order. An item runs from its
    opening tag to the first closing tag after it; an opening tag that is never closed is no item."""
    found: list[bytes] = []
    start: int | None = None
    for tag in _ITEM_TAG.finditer(body):
        if tag[0].startswith(b"</"):
            if start is not None:
                found.append(body[start : tag.end()])
                start = None
        elif start is None:
            start = tag.start()
    return found


def texts(xml: bytes, *names: bytes) -> list[bytes]:
    """The text of each element named one of `names`, in order, without the whitespace around it:
    `<podcast:person role="host"> Ann </podcast:person>` gives b"Ann". A self-closing element has no
    text and is skipped; so is what follows an opening tag that is never closed."""
    opening, closing = _tags(names)
    found: list[bytes] = []
    position = 0
    while (start := opening.search(xml, position)) is not None:
        tag_end = xml.find(b">", start.end())
        if tag_end == -1:
            break  # no '>' after this tag: nor after any later one
        if xml[tag_end - 1 : tag_end] == b"/":
            position = tag_end + 1
            continue
        close = closing.search(xml, tag_end + 1)
        if close is None:
            break  # no closing tag after this one: nor after any later one
        found.append(xml[tag_end + 1 : close.start()].strip())
        position = close.end()
    return found


@cache
def _tags(names: tuple[bytes, ...]) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    either = b"|".join(re.escape(name) for name in names)
    return re.compile(rb"<(?:" + either + rb")\b"), re.compile(rb"</(?:" + either + rb")>")
