"""The words of a cue as a reader wants them: markup removed, entities read, speakers found.

Every form's text goes through `clean`. Forms without a speaker field write the speaker before
the words (`Speaker 2: Yes.`, `BRYAN: ...`); `split_speakers` takes those off where a name is
used that way more than once in the file, so one `Note: ...` sentence keeps its word. A cue without
a name continues the turn of the last one named (Buzzsprout names the speaker once a turn).
"""

from __future__ import annotations

import html
import re
from collections import Counter

_TAG = re.compile(r"<[^<>]*>")  # markup: <i>, <c.color>, <00:00:01.500>, <v Name>
_ASS = re.compile(r"\{\\[^{}]*\}")  # SubRip's styling codes, {\an8}
_PREFIX = re.compile(r"(?:>>\s*)?([A-Z][\w.'’-]{0,30}(?: [A-Z0-9][\w.'’-]{0,30}){0,3})\s?:\s+(?=\S)")
_NUMBERED = re.compile(r"(?:Speaker|SPEAKER|Spk|Person) ?\d{1,3}")
_MIN_USES = 2  # a name before the words of at least this many cues is a speaker


def clean(text: str) -> str:
    """Text without markup or styling codes, entities read, spaces collapsed, `>>` turn marks dropped."""
    if "<" in text:
        text = _TAG.sub("", text)
    if "{\\" in text:
        text = _ASS.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = " ".join(text.split())
    return text[2:].lstrip() if text.startswith(">>") else text


def split_speakers(texts: list[str]) -> list[tuple[str, str]]:
    """(speaker, words) for each text: the `Name:` before the words where that name is a speaker's,
    else the speaker of the text before."""
    found = [_PREFIX.match(text) for text in texts]
    uses = Counter(match.group(1) for match in found if match)
    speakers = {name for name, count in uses.items() if count >= _MIN_USES or _NUMBERED.fullmatch(name)}
    pairs: list[tuple[str, str]] = []
    speaking = ""
    for text, match in zip(texts, found):
        if match and match.group(1) in speakers:
            speaking = match.group(1)
            text = text[match.end() :]
        pairs.append((speaking, text))
    return pairs
