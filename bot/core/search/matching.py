"""Which vocabulary words a question word means.

The question is folded into words (text.py); question filler words are dropped. A lone letter joins
the next word when that spells a known word ("k hole" -> "khole"); "a" and "I" never do. Two words
join when the catalog writes them as one and one of them says nothing alone ("burning out" ->
"burnout", "set up" -> "setup"). Each word is then matched against the catalog's vocabulary:
exactly (as written or by stem), as the prefix of longer words (people type "keta", "dos"), within
one or two typing mistakes (rapidfuzz's optimal-string-alignment distance, so a swap of two letters
is one mistake, on candidates from a deletion index, so no scan of the whole vocabulary is needed),
or as a longer form of a known word ("faster" for "fast", by a suffix). A short word found none of
these ways may be an acronym of words a chapter title says side by side ("vr" for "virtual
reality"). The weaker kinds of match have a similarity below 1.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, NamedTuple

import numpy as np
from rapidfuzz.distance import OSA

from bot.core.search.index import WordIndex
from bot.core.search.tokens import ACRONYM_WORDS, WORD, initials_key
from bot.core.text import STOPWORDS, fold, stem

EXACT, PREFIX_BASE, TYPO_1, TYPO_2 = 1.0, 0.75, 0.8, 0.65
# An acronym read as the words its letters begin: a likely meaning, not a sure one (between the
# similarities of one typing mistake and two).
ACRONYM = 0.7
# An acronym whose letters begin words side by side in more titles than this is not read as one:
# at 100,000 chapters two letters ("sb", "sp") begin hundreds of word pairs, none of them what the
# member meant more than another, and reading them all took up to 20 ms.
MAX_ACRONYM_TITLES = 16
MAX_PREFIX_EXPANSION = 64
# The endings (of up to three letters, as many as the longer-form match below cuts) that make
# another form of a word.
SUFFIXES = frozenset("s es ed er ers or ors est ing ly ily ful ist ism ity ies ive al ion ant ent".split())


@dataclass(frozen=True, slots=True)
class Term:
    """One question word: the posting lists it matched, each (chapters, values) with unique chapters."""

    postings: list[tuple[np.ndarray, np.ndarray]]
    weight: float
    top: float = 0.0  # its best value anywhere
    matched: tuple[tuple[int, float], ...] = ()  # the terms it matched, with similarities
    # When its one list is a heavy prefix's merged list: the positions of its best (index.LEADERS).
    leaders: np.ndarray | None = None
    # For each of `postings`, the same list as a row (index.ROW_SHARE), or None.
    rows: tuple[np.ndarray | None, ...] = ()


class Question(NamedTuple):
    """A question as matching reads it."""

    asked: list[str]  # its words
    kept: list[str]  # those that say what it is about (filler dropped, unless that is all there is)
    terms: list[Term]  # the kept words' matches, in order


def read_question(index: WordIndex, query: str, *, partial: bool) -> Question:
    """The question's words, those kept, and their matches. `partial`: the last word may be unfinished."""
    found = _question_words(index, query, partial=partial)
    kept = [w for w in found if w not in STOPWORDS] or found
    # Only the word being typed may be unfinished; the ones before it were typed in full.
    return Question(found, kept, [match_word(index, w, partial=partial and i == len(kept) - 1) for i, w in enumerate(kept)])


def prefix_range(index: WordIndex, prefix: str) -> tuple[int, int]:
    """The positions in index.sorted_words of the words that start with `prefix`."""
    words = index.sorted_words
    return bisect.bisect_left(words, prefix), bisect.bisect_left(words, prefix + "\x7f")


def completions(index: WordIndex, prefix: str) -> dict[int, float]:
    """The terms of the words that start with `prefix` (the most common ones of a short prefix), with similarities."""
    lo, hi = prefix_range(index, prefix)
    span: Iterable[int] = range(lo, hi)
    if hi - lo > MAX_PREFIX_EXPANSION:  # keep the most common completions of a short prefix
        top = np.argpartition(index.sorted_word_df[lo:hi], -MAX_PREFIX_EXPANSION)[-MAX_PREFIX_EXPANSION:]
        span = (lo + int(i) for i in top)
    words, ids = index.sorted_words, index.sorted_word_ids
    found: dict[int, float] = {}
    for i in span:
        term = int(ids[i])
        sim = PREFIX_BASE + (1 - PREFIX_BASE) * len(prefix) / len(words[i])
        if sim > found.get(term, 0.0):
            found[term] = sim
    return found


def match_word(index: WordIndex, word: str, *, partial: bool) -> Term:
    """The terms one question word means. `partial`: the word may be unfinished."""
    found: dict[int, float] = {}

    def offer(term_id: int, sim: float) -> None:
        if sim > found.get(term_id, 0.0):
            found[term_id] = sim

    word_ids = index.word_ids
    exact = index.stem_ids.get(stem(word), word_ids.get(word))
    if exact is not None:
        offer(exact, EXACT)
    prefixed: dict[int, float] = {}
    merged, merged_top, leaders, merged_row = None, 0.0, None, None
    if partial or len(word) >= 3:
        heavy = index.heavy.get(word)
        prefixed, merged, merged_top, leaders, merged_row = heavy if heavy is not None else (completions(index, word), None, 0.0, None, None)
        for term_id, sim in prefixed.items():
            offer(term_id, sim)
    if exact is None:
        # A form the stemmer leaves alone ("faster", "helplessly"): its longest known beginning
        # that the rest of the word extends as a suffix does ("breakup" is no form of "break").
        for cut in range(len(word) - 1, max(3, len(word) - 4), -1):
            base = word_ids.get(word[:cut]) if word[cut:] in SUFFIXES else None
            if base is not None:
                offer(base, PREFIX_BASE + (1 - PREFIX_BASE) * cut / len(word))
                break
    if len(word) >= 4 and exact is None:
        for candidate, distance in _typo_candidates(index, word):
            offer(word_ids[candidate], TYPO_1 if distance == 1 else TYPO_2)
    if not found and not partial:
        spelled = _acronym(index, word)
        if spelled:
            return spelled
    if not found:
        return Term([], index.unmatched_weight)
    postings, rows = [], []
    if merged is not None:  # the heavy prefix's completions in one list; the other matches on their own
        postings.append(merged)
        rows.append(merged_row)
        own = [(t, sim) for t, sim in found.items() if sim > prefixed.get(t, -1.0)]
    else:
        own = list(found.items())
    postings.extend(index.posting(t, sim) for t, sim in own)
    rows.extend(index.rows.get(t) if sim == 1.0 else None for t, sim in own)
    term_top, idf = index.term_top, index.idf
    top = max([merged_top, *(float(np.float32(sim) * term_top[t]) for t, sim in own)])
    # The word weighs as its likeliest meaning: the most similar match, the commoner on a tie.
    best = max(found, key=lambda t: (found[t], -idf[t]))
    return Term(postings, float(idf[best]), top, tuple(found.items()), leaders if len(postings) == 1 else None, tuple(rows))


def _acronym(index: WordIndex, word: str) -> Term | None:
    """`word` read as an acronym of topic words side by side in chapter titles ("vr" -> "virtual
    reality"), matching just the chapters whose titles say them; None when no title does.

    Each spelled-out form counts as its rarest word, in the chapters whose titles say it. Only a
    word found no other way is read so.
    """
    if len(word) not in ACRONYM_WORDS or not word.isascii() or not word.isalnum():
        return None
    key = initials_key(word) << 32
    lo, hi = np.searchsorted(index.title_initials, (key, key + (1 << 32)))
    if hi - lo > MAX_ACRONYM_TITLES:  # letters that begin that many title words side by side tell nothing
        return None
    pattern = re.compile(r"(?<![a-z0-9])" + r"[a-z0-9]+[ -]+".join(word) + r"[a-z0-9]+")
    spelled: dict[int, list[int]] = {}  # a spelled-out form's rarest term -> the chapters whose titles say it
    for chapter in sorted(set((index.title_initials[lo:hi] & 0xFFFFFFFF).tolist())):
        for found in pattern.finditer(index.titles[chapter]):
            parts = found.group().replace("-", " ").split()
            terms = [index.stem_ids.get(stem(p), index.word_ids.get(p)) for p in parts if len(p) > 1 and p not in STOPWORDS]
            if len(terms) == len(parts) and None not in terms:
                spelled.setdefault(max(terms, key=lambda t: index.idf[t]), []).append(chapter)
    if not spelled:
        return None
    postings = []
    for term, chapters in spelled.items():
        listed, values = index.posting(term, ACRONYM)
        # (Binary searches: np.isin and np.unique import numpy.ma on their first call, 30 ms.)
        wanted = np.array(sorted(set(chapters)), dtype=np.int64)
        at = np.minimum(np.searchsorted(listed, wanted), len(listed) - 1)
        at = at[listed[at] == wanted]
        postings.append((listed[at], values[at]))
    top = max((float(values.max()) for _, values in postings if len(values)), default=0.0)
    best = max(spelled, key=lambda t: index.idf[t])
    return Term(postings, float(index.idf[best]), top, tuple((t, ACRONYM) for t in spelled))


def _typo_candidates(index: WordIndex, word: str) -> Iterable[tuple[str, int]]:
    # One deletion from the question word meets one deletion from a vocabulary word: distance
    # 1 for sure, and many distance-2 typos; long words get a second deletion on the question
    # side so that two slips in a long word are still found.
    variants = {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
    if len(word) >= 8:
        variants |= {v[:i] + v[i + 1 :] for v in list(variants) for i in range(len(v))}
    keys = np.fromiter((hash(v) for v in variants), dtype=np.int64, count=len(variants))
    typo_keys, typo_owner, words = index.typo_keys, index.typo_owner, index.sorted_words
    left = np.searchsorted(typo_keys, keys, side="left")
    right = np.searchsorted(typo_keys, keys, side="right")
    owners = {int(o) for lo, hi in zip(left, right) if hi > lo for o in typo_owner[lo:hi]}
    limit = 2 if len(word) >= 8 else 1
    for owner in owners:
        candidate = words[owner]
        distance = OSA.distance(word, candidate, score_cutoff=limit)
        if distance <= limit:
            yield candidate, distance


def _question_words(index: WordIndex, query: str, *, partial: bool) -> list[str]:
    """text.words(), except that a lone letter joins the next word when that spells a known word,
    and two words join when the catalog writes them as one word (_one_word).

    People type "k hole" or "x ray" for "K-hole" and "X-ray"; the letter alone says nothing and
    is dropped, like "a" and "I", which never join ("a typical" is not "atypical").
    """
    tokens = WORD.findall(fold(query))
    found: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if len(token) == 1 and token not in "ai" and i + 1 < len(tokens) and "-" not in tokens[i + 1]:
            joined = token + tokens[i + 1]
            if _known(index, joined, partial=partial and i + 2 == len(tokens)):
                found.append(joined)
                i += 2
                continue
        joined = _one_word(index, token, tokens[i + 1]) if i + 1 < len(tokens) else None
        if joined is not None:
            found.append(joined)
            i += 2
            continue
        if len(token) > 1:
            found.append(token.replace("-", ""))
        i += 1
    return found


def _one_word(index: WordIndex, first: str, second: str) -> str | None:
    """The one word the catalog writes for `first second`, when one of the two says nothing alone:
    a filler word after it ("burning out" -> "burnout", "set up" -> "setup", "log in" -> "login")
    or a word the catalog does not have ("web site" -> "website", "on boarding" -> "onboarding",
    where only the joined form is written). The first word may be inflected ("backing up" -> "backup").

    Two words the catalog knows as they are ("dark mode", "the rings") stay two: joining them would
    lose the chapters that write them apart. Two filler words ("to do", "any one") stay filler.
    """
    if len(first) < 2 or len(second) < 2 or "-" in first or "-" in second or first in STOPWORDS and second in STOPWORDS:
        return None
    if second not in STOPWORDS and _exactly_known(index, first) and _exactly_known(index, second):
        return None
    for joined in dict.fromkeys((first + second, stem(first) + second)):
        if joined not in STOPWORDS and _exactly_known(index, joined):
            return joined
    return None


def _exactly_known(index: WordIndex, word: str) -> bool:
    return word in index.word_ids or stem(word) in index.stem_ids


def _known(index: WordIndex, word: str, *, partial: bool) -> bool:
    if _exactly_known(index, word):
        return True
    lo, hi = prefix_range(index, word) if partial or len(word) >= 3 else (0, 0)
    return hi > lo
