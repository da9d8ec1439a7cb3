"""A front matter's string values read as YAML reads them, before the text inside them is read as notes.

Site generators keep a post's data in YAML front matter between `---` fences, and often its notes
too: a YouTube description as one double-quoted string (`description: "Intro\\n\\` / `  \\ 0:00
Welcome\\n..."`, with `\\n` escapes and `\\` continuations), a single-quoted or plain string wrapped
over several lines. Each such value spanning lines or holding line breaks is decoded by the YAML
parser itself and put in place of its source lines (`description: Intro`, `0:00 Welcome`, ...), each
line numbered as the value's first line; one warning per value that holds line breaks. Block scalars
stay: `|` already reads as lines, and `>` is folded by folded.py, which keeps list items apart.
A front matter that is no YAML, or that the safe loader refuses, is read as lines, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

import yaml

from bot.core.shownotes.escapes import source_lines
from bot.core.shownotes.model import Notes, Unreadable
from bot.core.shownotes.safe_yaml import SafeLoader, composed

FENCE = "---"
_FENCE_REACH = 3  # the front matter's opening fence may follow a title line or two
_CLOSING = (FENCE, "...")
_DECODED = ('"', "'", None)  # styles of scalars decoded here: double-quoted, single-quoted, plain


def opening_fence(lines: Iterable[str]) -> int | None:
    """The index of a front matter's opening fence among the first lines, else None."""
    return next((i for i, line in enumerate(islice(lines, _FENCE_REACH)) if line.strip() == FENCE), None)


def front_matter(lines: list[str]) -> tuple[int, int] | None:
    """(index of the opening fence, index of the closing one) of a front matter, else None."""
    opening = opening_fence(lines)
    if opening is None:
        return None
    closing = next((i for i in range(opening + 1, len(lines)) if lines[i].strip() in _CLOSING), None)
    return None if closing is None else (opening, closing)


def parsed_front_matter(text: str, kind: type[SafeLoader] = SafeLoader) -> tuple[SafeLoader, yaml.Node] | None:
    """The front matter's node tree and its loader (dispose it after), else None. Raises Unreadable."""
    lines = text.splitlines()
    span = front_matter(lines)
    return None if span is None else _composed_span(lines, span, kind)


def _composed_span(lines: list[str], span: tuple[int, int], kind: type[SafeLoader] = SafeLoader) -> tuple[SafeLoader, yaml.Node] | None:
    opening, closing = span
    return composed("\n".join(lines[opening + 1 : closing]), opening + 2, kind)


def nodes(root: yaml.Node) -> list[yaml.Node]:
    """Every node of the tree, parents first (the safe loader bounds its depth)."""
    found = [root]
    for node in found:
        if isinstance(node, yaml.SequenceNode):
            found.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            found.extend(child for pair in node.value for child in pair)
    return found


def decoded_lines(text: str, notes: Notes | None) -> list[tuple[int, str]]:
    """(source line number, text) of each line: string literals decoded (escapes.py), and the
    front matter's string values spanning lines or holding line breaks decoded as YAML reads them."""
    lines = text.splitlines()
    span = front_matter(lines)
    try:
        parsed = _composed_span(lines, span) if span is not None else None
    except Unreadable:
        parsed = None
    if span is None or parsed is None:
        return source_lines(text, notes)
    loader, root = parsed
    loader.dispose()
    opening, closing = span
    # The front matter's own lines are decoded here only: blanked for the string-literal decoding.
    around = source_lines("\n".join("" if opening < i < closing else line for i, line in enumerate(lines)), notes)
    block = lines[opening + 1 : closing]
    replaced: dict[int, tuple[int, list[str]]] = {}  # first line in block -> (its last line, new lines)
    for node in _values(root):
        first, last = node.start_mark.line, node.end_mark.line
        if (first == last and "\n" not in node.value) or first in replaced or last >= len(block):
            continue
        parts = node.value.split("\n")
        parts[0] = block[first][: node.start_mark.column] + parts[0]
        parts[-1] += block[last][node.end_mark.column :]
        replaced[first] = (last, parts)
        if "\n" in node.value and notes is not None:
            notes.add(opening + 2 + first, "a front matter string holding lines; decoded as YAML reads it (quotes, escapes)")
    result = [(number, line) for number, line in around if number <= opening + 1]
    index = 0
    while index < len(block):
        number = opening + 2 + index
        if index in replaced:
            last, parts = replaced[index]
            result.extend((number, part) for part in parts)
            index = last + 1
        else:
            result.append((number, block[index]))
            index += 1
    return result + [(number, line) for number, line in around if number > closing]


def _values(root: yaml.Node) -> list[yaml.ScalarNode]:
    """The string values written in block style (not keys, not inside `[...]` or `{...}`), quoted or plain."""
    values: list[yaml.ScalarNode] = []
    for node in nodes(root):
        if isinstance(node, yaml.MappingNode) and not node.flow_style:
            children = [value for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style:
            children = node.value
        else:
            continue
        values.extend(c for c in children if isinstance(c, yaml.ScalarNode) and c.style in _DECODED and c.tag.endswith(":str"))
    return values
