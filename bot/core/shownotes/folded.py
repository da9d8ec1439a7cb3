"""Show notes kept in a front matter's folded block: `shownotes: >` over indented Markdown, as a site
generator stores a post's notes in its YAML front matter. YAML folds the block's lines (a line break
in a paragraph is a space), so an entry hard-wrapped over several lines (`[00:06:20] Tessa wonders
with a team` / `that is so design heavy, ...`) is one line, as a page shows it; a blank line, a list
item or a heading still starts a line of its own. Each folded line keeps the number of its first
source line. One pass over the lines: linear in the text.
"""

from __future__ import annotations

import re

from bot.core.shownotes.front_matter import FENCE, opening_fence
from bot.core.shownotes.model import Notes

# `key: >` or `key: >-` alone on its line: a folded block scalar follows, indented under the key.
_FOLDED_KEY = re.compile(r"(?P<indent>[ \t]{0,40})[\w-]{1,40}:[ \t]{0,5}>[-+]?[ \t]{0,5}")
# A line of its own, never folded into the one above: a Markdown block (list item, heading, quote, table,
# HTML) or an entry led by its time.
_OWN_LINE = re.compile(r"[-*+#>]\s|\d{1,3}[.)]\s|\||<|[\[(]?\d{1,3}:\d\d")


def unfolded(sources: list[tuple[int, str]], notes: Notes | None) -> list[tuple[int, str]]:
    """The lines with each folded block of the front matter folded as YAML reads it (one warning each)."""
    opening = opening_fence(line for _, line in sources)
    if opening is None:
        return sources
    result = sources[: opening + 1]
    index = opening + 1
    while index < len(sources):
        number, line = sources[index]
        result.append((number, line))
        index += 1
        if line.strip() == FENCE:
            return result + sources[index:]  # the front matter ends
        key = _FOLDED_KEY.fullmatch(line)
        if key is None:
            continue
        block_end = index
        while block_end < len(sources) and (
            not sources[block_end][1].strip() or _indent(sources[block_end][1]) > len(key["indent"])
        ):
            block_end += 1
        folded = _folded(sources[index:block_end])
        if notes is not None and len(folded) < block_end - index:
            notes.add(number, "a folded YAML block (`>`): its lines read as one where YAML joins them")
        result.extend(folded)
        index = block_end
    return result


def _folded(block: list[tuple[int, str]]) -> list[tuple[int, str]]:
    texts = [line for _, line in block if line.strip()]
    depth = min((_indent(line) for line in texts), default=0)
    result: list[tuple[int, str]] = []
    joining = False  # whether the last line may take the next one
    for number, line in block:
        text = line[depth:].rstrip()
        if not text.strip():
            result.append((number, ""))
            joining = False
        elif joining and not _OWN_LINE.match(text) and _indent(text) == 0:
            result[-1] = (result[-1][0], f"{result[-1][1]} {text}")
        else:
            result.append((number, text))
            joining = _indent(text) == 0
    return result


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
