"""Words out of chapter text in bulk, the way text.fold() and text.words() would split them.

Index building tokenizes a chunk of chapters at a time: their texts are joined by a separator that
folding never produces, and folded with one bytes.translate (for ASCII text, text.fold() is
lowercasing, the apostrophe rule and turning everything but [a-z0-9-] into spaces). Words are then
split on whitespace; the rare token with a hyphen or an apostrophe goes through text.fold()'s and
text.words()'s own rules. A Vocabulary gives each token its term (a word's id is its stem's) and
turns a chunk of texts into posting keys (building.py). title_initials() lists the initials of topic
words side by side in titles, for reading a question's acronym (matching.py).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

import numpy as np

from bot.core.text import APOSTROPHES, STOPWORDS, fold, stem
from bot.core.yielding import paced

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


ACRONYM_WORDS = range(2, 5)  # an acronym spells the first letters of 2 to 4 words ("vr", "csp", "tldr")
INITIALS_CHUNK = 256  # titles read between two steps of the pacer


def initials_key(initials: str) -> int:
    """The number `initials` (2 to 4 ASCII letters or digits) stands for in title_initials()' keys."""
    return int.from_bytes(initials.encode("ascii"), "big")


def title_initials(titles: list[str]) -> np.ndarray:
    """Sorted (initials_key << 32 | chapter) of every run of 2 to 4 topic words side by side in each
    folded title ("virtual reality" -> "vr"), so that an acronym finds the titles that spell it out
    (matching.py) with a binary search. A filler word breaks a run: "state of the art" is no "sa".
    It steps aside for a question every INITIALS_CHUNK titles, a few milliseconds (yielding.py)."""
    keys: list[int] = []
    for chapter, title in paced(enumerate(titles), every=INITIALS_CHUNK):
        letters = ""
        for word in title.replace("-", " ").split():
            if len(word) < 2 or word in STOPWORDS:
                letters = ""
                continue
            letters = (letters + word[0])[-ACRONYM_WORDS[-1] :]
            for n in ACRONYM_WORDS:
                if n <= len(letters):
                    keys.append(initials_key(letters[-n:]) << 32 | chapter)
    out = np.array(keys, dtype=np.int64)
    out.sort()
    return out


class Vocabulary:
    """Words to term ids, while an index is built: what keys() needs to map a token to its term(s)
    with one dictionary look-up. Its token tables go with it after the build; word_ids and stem_ids
    go into the index. `pace` is called at every step (yielding.py)."""

    def __init__(self, pace: Callable[[], None]) -> None:
        self._pace = pace
        self.word_ids: dict[str, int] = {}  # a word as written (folded), or a stem -> the stem's id
        self.stem_ids: dict[str, int] = {}
        self._aliases: set[str] = set()  # stems entered in word_ids that are not (yet) words seen
        self._token_ids: dict[bytes, int] = {SEP.encode(): IS_SEP}  # a token as split -> id or code
        self._compounds: list[tuple[tuple[int, int], ...]] = []  # the (id, field offset) of a token's terms

    def keys(self, texts: list[str], first_chapter: int, code: int) -> np.ndarray:
        """Posting keys for one field of consecutive chapters: words get `code`, compound parts `code + 1`."""
        self._pace()
        tokens = fold_ascii(texts).split()
        known = self._token_ids
        new = set(tokens).difference(known)
        if new:
            self._add_tokens(sorted(new))
        ids = np.fromiter(map(known.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        chapter = first_chapter + np.cumsum(ids == IS_SEP)
        kept = ids >= 0
        out = [(ids[kept] << 32) | (chapter[kept] << 3) | code]
        for i in np.flatnonzero(ids <= -3):  # hyphens and apostrophes: rare
            c = int(chapter[i]) << 3
            out.append(np.array([(term << 32) | c | (code + part) for term, part in self._compounds[-3 - int(ids[i])]], dtype=np.int64))
        return np.concatenate(out) if len(out) > 1 else out[0]

    def _add_tokens(self, tokens: Iterable[bytes]) -> None:
        """Give new tokens their ids, as text.words() and text.compound_parts() would split them."""
        for raw in tokens:
            self._pace()
            token = raw.decode("ascii")
            if token.isalnum():  # a plain word: the usual case
                self._token_ids[raw] = self._term(token) if len(token) > 1 else DROPPED
                continue
            terms: list[tuple[int, int]] = []
            for w in WORD.findall(APOSTROPHES.sub("", token)):
                if len(w) > 1:
                    terms.append((self._term(w.replace("-", "")), 0))
                if "-" in w:
                    terms.extend((self._term(p), 1) for p in w.split("-") if len(p) > 1)
            if len(terms) == 1 and terms[0][1] == 0:
                self._token_ids[raw] = terms[0][0]
            elif terms:
                self._token_ids[raw] = -3 - len(self._compounds)
                self._compounds.append(tuple(terms))
            else:
                self._token_ids[raw] = DROPPED

    def _term(self, word: str) -> int:
        """A word's id: its stem's. The stem itself is also entered, as an alias, unless it is a word."""
        term = self.word_ids.get(word)
        if term is None or word in self._aliases:
            root = stem(word)
            term = self.word_ids[word] = self.stem_ids.setdefault(root, len(self.stem_ids))
            self._aliases.discard(word)
            if root not in self.word_ids:
                self.word_ids[root] = term
                self._aliases.add(root)
        return term
