"""Elements read straight from a feed's bytes, where feedparser's reading loses them.

feedparser keeps only the last of repeated Podcasting 2.0 tags and drops their text, so the names in
`podcast:person` and the number in `podcast:episode` are read from each item's own XML; and a feed
that is not well-formed XML is read only as far as it holds complete `<item>...</item>` elements.

A feed's bytes are anyone's: every scan here only moves forward (a tag found, then the next `>` or
closing tag after it), so a body of n bytes costs time linear in n whatever it holds. A pattern such
as `<item>.*?</item>` would not: on a feed of one good item and 20,000 unclosed `<item>` tags it
tries every tag against the rest of the body, minutes of work that hold the interpreter.

feedparser's memory grows with the elements open at once and the items it has seen (about 600 bytes
each: 20 MB of unclosed tags would take 4 GB), so `bounded` cuts a body where it nests deeper, or
lists more items, than any podcast feed does; the items before the cut are read as usual.
"""

from __future__ import annotations

import re
from functools import cache

_ITEM_TAG = re.compile(rb"<(?:item|entry)[\s>]|</(?:item|entry)>")
MAX_DEPTH = 1000  # elements open at once; a podcast feed nests about 5 deep (HTML left unescaped in it adds some)
MAX_ITEMS = 50_000  # the longest-running podcasts list a few thousand episodes
_MARKUP = re.compile(rb"<!--|<!\[CDATA\[|<[?!]|<(/?)([A-Za-z][\w:.-]{0,100})")
# HTML left unescaped in a sloppy feed: elements that never wait for a closing tag, or that the next one closes.
_NOT_NESTING = frozenset(b"br hr img input meta link wbr area base col embed source track param p li dt dd option tr td th".split())
_MARKUP_END = {b"<!--": b"-->", b"<![CDATA[": b"]]>"}


def bounded(body: bytes) -> tuple[bytes, str | None]:
    """The body, or as much of it as nests at most MAX_DEPTH deep and holds at most MAX_ITEMS items,
    with a warning saying where and why it was cut."""
    depth = closed_items = 0
    position = 0
    while (markup := _MARKUP.search(body, position)) is not None:
        name = markup[2]
        if name is None:  # a comment, CDATA, a declaration or processing instruction: skipped whole
            end = body.find(_MARKUP_END.get(markup[0], b">"), markup.end())
            if end == -1:
                break
            position = end + 1
            continue
        tag_end = body.find(b">", markup.end())
        if tag_end == -1:
            break
        position = tag_end + 1
        if markup[1]:
            depth = max(depth - 1, 0)
            if name in (b"item", b"entry"):
                closed_items += 1
                if closed_items == MAX_ITEMS:
                    return body[:position], f"the feed lists more than {MAX_ITEMS:,} items; the first {MAX_ITEMS:,} were read"
        elif body[tag_end - 1 : tag_end] != b"/" and name.lower() not in _NOT_NESTING:
            depth += 1
            if depth > MAX_DEPTH:
                cut = markup.start()
                return body[:cut], f"elements nest more than {MAX_DEPTH} deep from byte {cut:,}; the feed was read up to there"
    return body, None


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


_ATTRIBUTE = re.compile(rb"""([A-Za-z_][\w:.-]{0,100})\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")


def attributes(xml: bytes, name: bytes, *, limit: int) -> list[dict[str, str]]:
    """The attributes of each `<name ...>` tag, in order, at most `limit` tags: `<podcast:transcript
    url="…" type="text/vtt"/>` gives {"url": "…", "type": "text/vtt"} (entities still escaped). A tag
    never closed with `>` ends the scan."""
    opening, _ = _tags((name,))
    found: list[dict[str, str]] = []
    position = 0
    while len(found) < limit and (start := opening.search(xml, position)) is not None:
        tag_end = xml.find(b">", start.end())
        if tag_end == -1:
            break
        pairs = _ATTRIBUTE.findall(xml, start.end(), tag_end)
        found.append({key.decode("utf-8", "replace"): (double or single).decode("utf-8", "replace") for key, double, single in pairs})
        position = tag_end + 1
    return found
