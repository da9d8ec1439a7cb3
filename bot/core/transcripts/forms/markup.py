"""HTML and XML transcripts, parsed by selectolax (lenient, and it expands no entities, so an
entity bomb is only text), with the line each element was written on for warnings."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator

from selectolax.parser import HTMLParser, Node


def elements(text: str, tags: frozenset[str]) -> Iterator[tuple[Node, int]]:
    """The elements named `tags`, in document order, each with its line in `text`.

    The n-th element of a name is the n-th opening tag of that name in the text, so one scan from
    the last one found gives every line: linear in the text."""
    tree = HTMLParser(text)
    root = tree.root
    if root is None:
        return
    newlines = [m.start() for m in re.finditer("\n", text)]
    openings = {tag: re.compile(rf"<{tag}[\s>/]", re.IGNORECASE) for tag in tags}
    next_from = dict.fromkeys(tags, 0)
    for node in root.traverse():
        tag = node.tag
        if tag not in tags:
            continue
        found = openings[tag].search(text, next_from[tag])
        where = found.start() if found else next_from[tag]
        next_from[tag] = where + 1
        yield node, bisect_right(newlines, where - 1) + 1


def looks_like_markup(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] == "<"
