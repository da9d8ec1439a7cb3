"""UTF-8 text that was once read as Windows-1252 and saved again, as scrapers and old feed tools leave
it: `00:00 â€“ Intro`, `Caffeineâ€™s half-life`, `CafÃ©`. Each such run of characters is put back
(`–`, `’`, `é`) when it decodes as UTF-8, with one warning naming the first line repaired; a text
without the marks of it is left as it is. One bounded pattern: linear in the text."""

from __future__ import annotations

import re

from bot.core.shownotes.model import Notes

# A lead byte of a two- or three-byte UTF-8 sequence as Windows-1252 shows it (`Ã`, `â`, `Â`, ...),
# then one or two continuation bytes as it shows them (`€`, `“`, `©`, ...).
_CONTINUATION = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_RUN = re.compile(f"[\u00c2-\u00df][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}")
_MARKS = ("â€", "Ã", "Â")


def repaired(text: str, notes: Notes | None) -> str:
    if not any(mark in text for mark in _MARKS):
        return text
    first: list[int] = []

    def back(match: re.Match[str]) -> str:
        try:
            fixed = match[0].encode("cp1252").decode("utf-8")
        except UnicodeError:
            return match[0]
        if not first:
            first.append(match.start())
        return fixed

    result = _RUN.sub(back, text)
    if first and notes is not None:
        line = text.count("\n", 0, first[0]) + 1
        notes.add(line, "UTF-8 text read as Windows-1252 (`â€“`, `Ã©`) put back as written (`–`, `é`)")
    return result
