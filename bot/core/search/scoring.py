"""How good each chapter is for a question, by its words; then the ranking, with meaning blended in.

A chapter's word score is the share of the question it covers: every question word weighs its
inverse document frequency (rare words decide), and contributes its best match in the chapter times
the field's weight (building.py). Unmatched words weigh as the rarest word, which is what sends
off-topic questions below the confidence threshold. Words of the episode's title count in full in
every chapter of it when the question also asks about a topic ("zach lloyd rust"); an introduction
that says no more than the episode's title, and a sponsor chapter the question does not name, are
scaled down. In a full answer, a title that echoes the question's own words (filler included)
ranks a little ahead (ECHO); ties are broken by rapidfuzz similarity of question and chapter title.

With the semantic part, the chapters nearest in meaning are candidates too, and blend.py combines
both scores and decides confidence. Without it (autocomplete, or no model installed), an answer is
confident when it covers more than half of the question with at least two of its words, or when
three words agree in it.

How it stays fast: only chapters that can be shown are scored (nothing below the "did you mean" bar
of 30% of the question); when the question's weakest words together cannot reach the bar, only the
postings of the others are walked to find candidates (MaxScore), and the weak words are looked up
for those candidates alone. Many candidates are scored in preallocated dense arrays (one slot per
chapter, kept per thread: Scratch), and only the best that ranking looks at are handed on (a sort
that survives many equal scores finds them).

score() and rank() read the word index (index.py) they are given and the question's matches
(matching.py); they keep nothing between questions but the zeroed scratch arrays.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.search.arrays import best_of, best_positions, top_positions, unique
from bot.core.search.blend import AGREEING_WORDS, SEMANTIC_POOL, blend, confidence, evidence
from bot.core.search.episode_titles import context_lift
from bot.core.search.index import WordIndex
from bot.core.search.matching import Term
from bot.core.search.semantic import SemanticIndex
from bot.core.text import stem

# An answer must cover more than half of the question's weight: one rare word matched and one
# not ("lsd microdosing") is a coin toss, and a coin toss is declined.
CONFIDENT = 0.5
SUGGEST = 0.3  # what "did you mean" needs
SPONSOR_PENALTY = 0.5
# In the order of a full answer (not its score or confidence), a chapter gains this much for echoing
# the question: the share of the question's words, filler included, that its title has. Filler
# ("does", "help", "why do we need") makes no chapter relevant, but between two chapters on the same
# subject the one whose title asks what the member asked is the one meant: "does a computer science
# degree help" -> "Does a degree in computer science help you…" over "Is a degree worth it for…".
ECHO = 0.04
# An introduction ("Who is Zach Lloyd?", "Meet Jen Simmons", the seed's "Ketamine") says no more than
# the episode's title: when the question asks about more than it says ("zach lloyd rust"), the
# chapter on that comes first, not the introduction.
INTRO_PENALTY = 0.6


class Scratch:
    """Scoring arrays of one slot per chapter, a pair per thread, all zero between uses: a question
    allocates nothing the size of the catalog. A searcher keeps one for its index."""

    __slots__ = ("_local", "_size")

    def __init__(self, size: int) -> None:
        self._size = size
        self._local = threading.local()

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """This thread's (total, best)."""
        local = self._local
        if not hasattr(local, "total"):
            local.total = np.zeros(self._size, dtype=np.float32)
            local.best = np.zeros(self._size, dtype=np.float32)
        return local.total, local.best


@dataclass(frozen=True, slots=True)
class Active:
    """A question word with postings in the searched stretch of the catalog."""

    weight: np.float32
    postings: list[tuple[np.ndarray, np.ndarray]]
    volume: int
    ceiling: np.float32  # the most it can add to a chapter's score
    term: Term


class Found(NamedTuple):
    """What score() found: the chapters that can be shown, and what ranking them needs."""

    chapters: np.ndarray  # int64
    scores: np.ndarray  # float32: the share of the question each covers (0..1)
    active: list[Active]  # the question's words that matched in the searched stretch
    total_weight: float  # the question's weight: every word's
    # Each of `active`'s values at `chapters`, when score() looked them up (few candidates): ranking
    # reads them rather than looking them up again.
    values: list[np.ndarray] | None = None

    @staticmethod
    def nothing(active: list[Active] | None = None, total_weight: float = 1.0) -> Found:
        return Found(np.zeros(0, np.int64), np.zeros(0, np.float32), active or [], total_weight)


class Ranked(NamedTuple):
    chapter: int
    score: float  # 0..1, what ranks
    confidence: float  # 0..1, how likely it is right (blend.py); 1 or 0 by rule without meaning
    evidence: np.ndarray | None  # what `confidence` weighed (blend.FEATURES); None without meaning


def pool(limit: int) -> int:
    """How many of the best chapters by words rank() weighs further, for `limit` results."""
    return max(limit * 4, 20)


def score(index: WordIndex, terms: list[Term], stretch: tuple[int, int], scratch: Scratch, keep: int | None = None) -> Found:
    """The chapters in `stretch` ([lo, hi): the catalog or one episode) that can be shown
    (coverage at least SUGGEST), and their coverage; also the question's words that matched there,
    for counting hits later. With `keep`, at most that many of them, in chapter order: the best
    (ties to the earlier chapter), as many as the caller looks at: common words ("the and the")
    make most of the catalog a candidate, and gathering them all took longer than the ranking."""
    lo, hi = stretch
    total_weight = sum(t.weight for t in terms)
    bar = np.float32(SUGGEST * total_weight * (1 - 1e-5))  # nothing below the bar is ever shown
    active: list[Active] = []
    for term in terms:
        postings = term.postings
        if stretch != (0, index.size):  # posting lists are in chapter order: keep the episode's stretch
            postings = [(c[a:b], v[a:b]) for c, v in postings for a, b in [np.searchsorted(c, (lo, hi))] if b > a]
        if postings:
            weight = np.float32(term.weight)
            active.append(Active(weight, postings, sum(len(c) for c, _ in postings), weight * np.float32(term.top), term))
    if not active:
        return Found.nothing()
    # MaxScore: the weakest words together may fall short of the bar; then a chapter that can be
    # shown has one of the others, and only their postings need to be walked to find it.
    reach, essential = np.float32(0.0), []
    for a in sorted(active, key=lambda a: a.ceiling):
        if reach + a.ceiling >= bar * np.float32(0.999):  # (a margin for rounding: prune only the sure)
            essential.append(a)
        else:
            reach += a.ceiling
    if not essential:
        return Found.nothing(active, total_weight)
    if sum(a.volume for a in essential) * 16 <= hi - lo:  # few candidates: score just those
        candidates = unique(np.concatenate([c for a in essential for c, _ in a.postings]))
        scores = np.zeros(len(candidates), dtype=np.float32)
        looked_up = {}
        for a, weight in _distinct(active):
            looked_up[a.term.matched] = values_at(a, candidates, scratch)
            scores += weight * looked_up[a.term.matched]
        shown = scores >= bar
        values = [looked_up[a.term.matched][shown] for a in active]
        return Found(candidates[shown], scores[shown] / np.float32(total_weight), active, total_weight, values)
    if len(active) == 1 and len(active[0].postings) == 1:  # one word, one list: nothing to add up
        chapters, values = active[0].postings[0]
        leaders = active[0].term.leaders
        if leaders is not None and stretch == (0, index.size):  # a heavy prefix alone: its best only
            chapters, values = chapters[leaders], values[leaders]
        scores = active[0].weight * values
        kept = best_positions(scores, bar, keep)
        candidates, scores = chapters[kept], scores[kept]
    else:
        total, best = scratch.arrays()
        whole = stretch == (0, index.size)  # a row covers the whole catalog
        for i, (a, weight) in enumerate(_distinct(active)):
            _add(total, a.postings, a.term.rows if whole else (), weight, best, first=i == 0)
        candidates = best_positions(total[lo:hi], bar, keep) + lo
        scores = total[candidates]
        total[lo:hi] = 0.0
    return Found(candidates, scores / np.float32(total_weight), active, total_weight)


def _distinct(active: list[Active]) -> list[tuple[Active, np.float32]]:
    """The question's matched words, each once, with its weight times how often it was asked: a
    word asked twice ("the ... the") is one pass over its postings, not two."""
    out: dict[tuple[tuple[int, float], ...], tuple[Active, np.float32]] = {}
    for a in active:
        seen = out.get(a.term.matched)
        out[a.term.matched] = (a, a.weight if seen is None else seen[1] + a.weight)
    return list(out.values())


def _add(
    total: np.ndarray, postings: list[tuple[np.ndarray, np.ndarray]], rows: tuple[np.ndarray | None, ...], weight: np.float32,
    best: np.ndarray, *, first: bool,
) -> None:  # fmt: skip
    """Add `weight` times each chapter's best value in `postings` to `total` (`first`: total is
    zero there, and is written rather than added to: one pass fewer). `rows`: the lists that are
    also rows (index.ROW_SHARE), if they may be used (the whole catalog is scored)."""
    lengths = [len(c) for c, _ in postings]
    longest = max(range(len(postings)), key=lengths.__getitem__)
    if 4 * (sum(lengths) - lengths[longest]) > lengths[longest]:
        # Lists of like sizes: each chapter's best, gathered in `best` (a chapter repeated in
        # `chapters` reads and writes the same sum through the index: it is added once).
        chapters = best_of(postings, best)
        values = best[chapters]
        best[chapters] = 0.0
        if first:
            total[chapters] = weight * values
        else:
            total[chapters] += weight * values
        return
    # One long list (a common word) and a few short ones (its rarer longer forms, often none): the
    # long one goes in as it is, and the few chapters of the others are set right afterwards.
    chapters, values = postings[longest]
    row = rows[longest] if rows else None
    rest = [p for k, p in enumerate(postings) if k != longest]
    if rest:
        listed = best_of(rest, best)
        few = unique(listed)
        if row is not None:  # the long list's values there, read rather than searched for
            longs = row[few]
        else:
            at = np.minimum(np.searchsorted(chapters, few), len(chapters) - 1)
            longs = np.where(chapters[at] == few, values[at], np.float32(0.0))
        few_values = np.maximum(best[few], longs)
        best[listed] = 0.0
        before = np.zeros(len(few), np.float32) if first else total[few]
    if row is not None:  # 0 where the list has no chapter: the same sums, in one pass
        if first:
            np.multiply(row, weight, out=total)
        else:
            total += weight * row
    elif first:
        total[chapters] = weight * values
    else:  # each chapter once: ufunc.at, a third faster than `+=` through an index
        np.add.at(total, chapters, weight * values)
    if rest:
        total[few] = before + weight * few_values


def values_at(word: Active, chapters: np.ndarray, scratch: Scratch) -> np.ndarray:
    """A matched word's best value in each of `chapters` (sorted), 0 where it is absent."""
    out = np.zeros(len(chapters), dtype=np.float32)
    if not len(chapters):
        return out
    # A list kept as a row (the whole catalog's lists: the word's own) is read at the chapters: a
    # binary search through a list of most of the catalog costs a cache miss a step.
    rows = word.term.rows if word.postings is word.term.postings else ()
    searched = word.postings
    if any(row is not None for row in rows):
        for row in rows:
            if row is not None:
                np.maximum(out, row[chapters], out=out)
        searched = [p for p, row in zip(word.postings, rows) if row is None]
    volume = sum(len(c) for c, _ in searched)
    by_search = sum(len(chapters) * max(len(c), 2).bit_length() + 200 for c, _ in searched)
    if by_search <= 2 * volume + 4 * len(chapters):
        for listed, values in searched:
            at = np.minimum(np.searchsorted(listed, chapters), len(listed) - 1)
            np.maximum(out, np.where(listed[at] == chapters, values[at], np.float32(0.0)), out=out)
        return out
    best = scratch.arrays()[1]
    listed = best_of(searched, best)
    np.maximum(out, best[chapters], out=out)
    best[listed] = 0.0
    return out


def rank(
    index: WordIndex, kept: list[str], found: Found, limit: int, scratch: Scratch,
    semantic: SemanticIndex | None = None, question: np.ndarray | None = None, stretch: tuple[int, int] = (0, 0),
    asked: list[str] | None = None, shown: int | None = None,
) -> list[Ranked]:  # fmt: skip
    """The candidates, best first (only the first `shown` of them, when given: autocomplete's).

    With the `semantic` index and a `question` vector, the chapters nearest to it in meaning within
    `stretch` are candidates too, the score blends words and meaning, and the confidence is the
    fitted model's (see blend.py). With the
    question's words as `asked`, filler included, a title that echoes them ranks ahead (ECHO).
    """
    candidates, scores, active, total_weight, known = found
    meaning = semantic if question is not None else None
    # Only the best few need the slower per-chapter adjustments.
    weighed = min(len(candidates), pool(limit))
    top = top_positions(scores, weighed) if len(candidates) else np.zeros(0, np.int64)
    chapters, scores = candidates[top], scores[top].astype(np.float64)
    pooled = None if known is None else [v[top] for v in known]
    if meaning is not None:
        # Both are distinct chapters: with assume_unique, setdiff1d skips np.unique, whose first
        # call in a process imports numpy.ma (20 ms of the first member's answer).
        near = np.setdiff1d(meaning.nearest(question, *stretch, SEMANTIC_POOL), chapters, assume_unique=True)
        chapters = np.concatenate([chapters, near])
        scores = np.concatenate([scores, np.zeros(len(near))])
        if pooled is not None:
            pooled = [np.concatenate([v, values_at(a, near, scratch)]) for a, v in zip(active, pooled)]
    if not len(chapters):
        return []
    order = np.argsort(chapters)
    chapters, scores = chapters[order], scores[order]
    # One word's values would only repeat the scores, unless meaning adds chapters.
    values = []
    if len(active) >= 2 or meaning is not None:
        values = [v[order] for v in pooled] if pooled is not None else [values_at(a, chapters, scratch) for a in active]
    if meaning is not None and len(values):  # the near ones' word scores, as score() would give
        scores = np.maximum(scores, np.sum([float(a.weight) * v for a, v in zip(active, values)], axis=0) / total_weight)
    hits = np.sum([v > 0 for v in values], axis=0, dtype=np.int16) if len(active) >= 2 else np.zeros(len(chapters), np.int16)
    scores += context_lift(index, [a.term for a in active], values, chapters, total_weight)
    penalty = np.ones(len(chapters))
    if len(active) >= 2:
        for i in np.flatnonzero(index.introductions[chapters]):
            if _asks_beyond(index, active, int(chapters[i])):
                penalty[i] = INTRO_PENALTY
    stems = {stem(w) for w in kept}
    if not stems & {"sponsor", "ad"}:
        sponsors = index.sponsors
        for i, chapter in enumerate(chapters.tolist()):
            named = sponsors.get(chapter)
            if named and not any(all(w in stems for w in name) for name in named):
                penalty[i] = SPONSOR_PENALTY
    all_titles = index.titles
    titles = [all_titles[c] for c in chapters.tolist()]
    rows = None
    if meaning is not None:
        similarity = meaning.similarity(question, chapters, index.chapter_episode[chapters])
        words, scores = scores, blend(scores, *similarity, penalty)
        known = sum(float(a.weight) for a in active) / total_weight
        rows = evidence(scores, words, hits, len(active), len(kept), known, *similarity, penalty)
        sure = confidence(rows)
    else:
        scores *= penalty
        # One word of several found in a chapter is a coin toss ("lsd microdosing": micro-dosing
        # ketamine), however rare that word, when the others are found elsewhere.
        confident = ((scores > CONFIDENT) & ((hits >= 2) | (len(active) < 2))) | ((hits >= AGREEING_WORDS) & (scores >= SUGGEST))
        sure = confident.astype(np.float64)
    order_key = -(scores + ECHO * _echo(asked, titles))
    order = np.lexsort((chapters, -_tie_break(kept, titles, order_key, shown), order_key))[:shown]
    picked = zip(order.tolist(), chapters[order].tolist(), scores[order].tolist(), sure[order].tolist())
    return [Ranked(c, value, sure_, None if rows is None else rows[i]) for i, c, value, sure_ in picked]


def _tie_break(kept: list[str], titles: list[str], key: np.ndarray, shown: int | None) -> np.ndarray:
    """How like the question's words each title is (rapidfuzz), where it decides: between chapters
    of equal `key` among the first `shown` (0 elsewhere: it would change no order)."""
    out = np.zeros(len(titles))
    if len(key) < 2:
        return out
    order = np.argsort(key)
    ordered = key[order]
    equal = ordered[1:] == ordered[:-1]
    tied = np.zeros(len(key), dtype=bool)
    tied[order[1:][equal]] = True  # each of a run of equal keys but its first...
    tied[order[:-1][equal]] = True  # ...and but its last: all of it
    if shown is not None and shown < len(key):
        tied &= key <= ordered[shown - 1]
    if tied.any():
        at = np.flatnonzero(tied)
        out[at] = process.cdist([" ".join(kept)], [titles[i] for i in at], scorer=fuzz.token_sort_ratio, dtype=np.float64)[0] / 100
    return out


def _asks_beyond(index: WordIndex, active: list[Active], chapter: int) -> bool:
    """Whether some matched question word is not in the chapter's own title."""
    word_ids = index.word_ids
    in_title = {word_ids.get(w) for w in index.titles[chapter].split()}
    return any(not in_title.intersection(t for t, _ in a.term.matched) for a in active)


def _echo(asked: list[str] | None, titles: list[str]) -> np.ndarray | float:
    """For each folded title, the share of the question's words (`asked`) it has; 0 without them."""
    if not asked:
        return 0.0
    words = set(asked)
    return np.fromiter((len(words.intersection(t.split())) / len(words) for t in titles), dtype=np.float64, count=len(titles))
