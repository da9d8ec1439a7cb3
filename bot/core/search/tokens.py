"""Words out of chapter text in bulk, the way text.fold() and text.words() would split them.

Index building tokenizes a chunk of chapters at a time: their texts are joined by a separator that
folding never produces, and folded with one bytes.translate (for ASCII text, text.fold() is
lowercasing, the apostrophe rule and turning everything but [a-z0-9-] into spaces). Words are then
split on whitespace; the rare token with a hyphen or an apostrophe goes through text.fold()'s and
text.words()'s own rules (building.py).
"""

from __future__ import annotations

import re

from bot.core.text import APOSTROPHES, fold

SEP = "\x00"
ASCII_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if c in b"abcdefghijklmnopqrstuvwxyz0123456789-'\x00" else 32 for c in range(256)
)
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # text.words()'s pattern
IS_SEP, DROPPED = -1, -2  # token codes; a token of several terms is coded -3 - (its row in the compounds)


# A word written with a leading dot (".env", ".NET", ".d.ts") is said, and typed, with "dot".
_DOTTED = re.compile(r"(?<![\w.])\.([A-Za-z][A-Za-z0-9]+)")


def spoken_dots(text: str) -> str:
    """The dotted words of `text` as people say them ("dotenv" for ".env"), each after a space."""
    return "".join(f" dot{word}" for word in _DOTTED.findall(text)) if "." in text else ""


def fold_ascii(texts: list[str]) -> bytes:
    """`texts` joined by " SEP ", folded but for the apostrophe rule; ASCII, so as bytes."""
    joined = f" {SEP} ".join(texts)
    if joined.count(SEP) != len(texts) - 1:  # a text holding the separator itself (JSON "\u0000")
        texts = [t.replace(SEP, " ") for t in texts]
        joined = f" {SEP} ".join(texts)
    if not joined.isascii():  # the exception: fold() in full, whose output is ASCII
        joined = f" {SEP} ".join(t if t.isascii() else fold(t) for t in texts)
    return joined.encode("ascii").translate(ASCII_FOLD)


def fast_words(text: str) -> list[str]:
    """text.words(), without text.fold()'s Unicode work for ASCII text."""
    folded = APOSTROPHES.sub("", text.lower()) if text.isascii() else fold(text)
    return [w.replace("-", "") for w in WORD.findall(folded) if len(w) > 1]


def folded_titles(titles: list[str]) -> list[str]:
    """text.fold() of each title."""
    out = []
    for piece in fold_ascii(titles).split(SEP.encode()):
        text = piece.decode("ascii")
        if "'" in text:
            text = APOSTROPHES.sub("", text).replace("'", " ")
        out.append(" ".join(text.split()))
    return out

