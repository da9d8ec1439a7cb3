"""How good each chapter is for a question, by its words; then the ranking, with meaning blended in.

A segment's word score is the share of the question it covers: every question word weighs its
inverse document frequency (rare words decide), and contributes its best match in the segment times
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

How it stays fast: only segments that can be shown are scored (nothing below the "did you mean" bar
of 30% of the question); when the question's weakest words together cannot reach the bar, only the
postings of the others are walked to find candidates (MaxScore), and the weak words are looked up
for those candidates alone. Many candidates are scored in preallocated dense arrays (one slot per
segment); the top is taken with a partial sort that survives many equal scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.search.arrays import best_of, top_positions, unique
from bot.core.search.blend import AGREEING_WORDS, SEMANTIC_POOL, blend
from bot.core.search.matching import Term
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



@dataclass(frozen=True, slots=True)
class Active:
    """A question word with postings in the searched stretch of the catalog."""

    weight: np.float32
    postings: list[tuple[np.ndarray, np.ndarray]]
    volume: int
    ceiling: np.float32  # the most it can add to a segment's score
    term: Term



class Scorer:
    """The scoring part of SearchIndex (index.py)."""

    def _buffers(self) -> tuple[np.ndarray, np.ndarray]:
        """This thread's scoring arrays, one slot per segment, all zero between uses."""
        local = self._local
        if not hasattr(local, "total"):
            local.total = np.zeros(self.size, dtype=np.float32)
            local.best = np.zeros(self.size, dtype=np.float32)
        return local.total, local.best

    def _score(self, terms: list[Term], episode: str | None) -> tuple[np.ndarray, np.ndarray, list[Active], float]:
        """The segments that can be shown (coverage at least SUGGEST) and their coverage (0..1).

        Also the question's words that matched in the searched stretch, for counting hits later.
        """
        nothing: tuple[np.ndarray, np.ndarray, list[Active], float] = (np.zeros(0, np.int64), np.zeros(0, np.float32), [], 1.0)
        stretch = self._stretch(episode)
        if stretch is None:
            return nothing
        lo, hi = stretch
        total_weight = sum(t.weight for t in terms)
        bar = np.float32(SUGGEST * total_weight * (1 - 1e-5))  # nothing below the bar is ever shown
        active: list[Active] = []
        for term in terms:
            postings = term.postings
            if episode is not None:  # postings are in segment order: keep the episode's stretch
                postings = [(s[a:b], v[a:b]) for s, v in postings for a, b in [np.searchsorted(s, (lo, hi))] if b > a]
            if postings:
                weight = np.float32(term.weight)
                active.append(Active(weight, postings, sum(len(s) for s, _ in postings), weight * np.float32(term.top), term))
        if not active:
            return nothing
        # MaxScore: the weakest words together may fall short of the bar; then a segment that can be
        # shown has one of the others, and only their postings need to be walked to find it.
        reach, essential = np.float32(0.0), []
        for a in sorted(active, key=lambda a: a.ceiling):
            if reach + a.ceiling >= bar * np.float32(0.999):  # (a margin for rounding: prune only the sure)
                essential.append(a)
            else:
                reach += a.ceiling
        if not essential:
            return nothing[0], nothing[1], active, total_weight
        if sum(a.volume for a in essential) * 16 <= hi - lo:  # few candidates: score just those
            candidates = unique(np.concatenate([s for a in essential for s, _ in a.postings]))
            scores = np.zeros(len(candidates), dtype=np.float32)
            for a in active:
                scores += a.weight * self._values_at(a, candidates)
            keep = scores >= bar
            candidates, scores = candidates[keep], scores[keep]
        elif len(active) == 1 and len(active[0].postings) == 1:  # one word, one list: nothing to add up
            segs, vals = active[0].postings[0]
            scores = active[0].weight * vals
            keep = scores >= bar
            candidates, scores = segs[keep], scores[keep]
        else:
            total, best = self._buffers()
            for a in active:
                if len(a.postings) == 1:
                    segs, vals = a.postings[0]
                    total[segs] += a.weight * vals
                    continue
                # Several lists may share segments: each segment counts its best value, once (a
                # segment repeated in `segs` reads and writes the same sum: it is added once).
                segs, _ = best_of(a.postings, best)
                total[segs] += a.weight * best[segs]
                best[segs] = 0.0
            candidates = np.flatnonzero(total[lo:hi] >= bar) + lo
            scores = total[candidates]
            total[lo:hi] = 0.0
        return candidates, scores / np.float32(total_weight), active, total_weight

    def _values_at(self, term: Active, segments: np.ndarray) -> np.ndarray:
        """A matched word's best value in each of `segments` (sorted), 0 where it is absent."""
        out = np.zeros(len(segments), dtype=np.float32)
        if not len(segments):
            return out
        by_search = sum(len(segments) * max(len(s), 2).bit_length() + 200 for s, _ in term.postings)
        if by_search <= 2 * term.volume + 4 * len(segments):
            for segs, vals in term.postings:
                at = np.minimum(np.searchsorted(segs, segments), len(segs) - 1)
                np.maximum(out, np.where(segs[at] == segments, vals[at], np.float32(0.0)), out=out)
            return out
        best = self._buffers()[1]
        segs, _ = best_of(term.postings, best)
        out = best[segments]
        best[segs] = 0.0
        return out

    def _rank(
        self, kept: list[str], found: tuple[np.ndarray, np.ndarray, list[Active], float], limit: int,
        question: np.ndarray | None = None, stretch: tuple[int, int] = (0, 0), asked: list[str] | None = None,
    ) -> list[tuple[int, float, bool]]:  # fmt: skip
        """(segment, score, confident), best first.

        With a `question` vector, the chapters nearest to it in meaning within `stretch` are
        candidates too, and the score blends words and meaning (see blend.py). With the question's
        words as `asked`, filler included, a title that echoes them ranks ahead (ECHO).
        """
        candidates, scores, active, total_weight = found
        # Only the best few need the slower per-segment adjustments.
        pool = min(len(candidates), max(limit * 4, 20))
        top = top_positions(scores, pool) if len(candidates) else np.zeros(0, np.int64)
        segments, scores = candidates[top], scores[top].astype(np.float64)
        if question is not None and self._semantic is not None:
            # Both are distinct segments: with assume_unique, setdiff1d skips np.unique, whose first
            # call in a process imports numpy.ma (20 ms of the first member's answer).
            near = np.setdiff1d(self._semantic.nearest(question, *stretch, SEMANTIC_POOL), segments, assume_unique=True)
            segments = np.concatenate([segments, near])
            scores = np.concatenate([scores, np.zeros(len(near))])
        if not len(segments):
            return []
        order = np.argsort(segments)
        segments, scores = segments[order], scores[order]
        values = [self._values_at(a, segments) for a in active]
        if question is not None and len(values):  # the near ones' word scores, as _score would give
            scores = np.maximum(scores, np.sum([float(a.weight) * v for a, v in zip(active, values)], axis=0) / total_weight)
        hits = np.sum([v > 0 for v in values], axis=0, dtype=np.int16) if len(active) >= 2 else np.zeros(len(segments), np.int16)
        scores += self._context_lift(active, values, segments, total_weight)
        penalty = np.ones(len(segments))
        if len(active) >= 2:
            for i in np.flatnonzero(self._introductions[segments]):
                if self._asks_beyond(active, int(segments[i])):
                    penalty[i] = INTRO_PENALTY
        stems = {stem(w) for w in kept}
        if not stems & {"sponsor", "ad"}:
            for i, seg in enumerate(segments.tolist()):
                sponsors = self._sponsor_terms.get(seg)
                if sponsors and not any(all(w in stems for w in name) for name in sponsors):
                    penalty[i] = SPONSOR_PENALTY
        titles = [self._titles[seg] for seg in segments.tolist()]
        tie_break = process.cdist([" ".join(kept)], titles, scorer=fuzz.token_sort_ratio, dtype=np.float64)[0] / 100
        if question is not None and self._semantic is not None:
            meaning = self._semantic.similarity(question, segments, self._seg_episode[segments])
            scores, confident = blend(scores, hits, len(active), *meaning, penalty)
        else:
            scores *= penalty
            # One word of several found in a chapter is a coin toss ("lsd microdosing": micro-dosing
            # ketamine), however rare that word, when the others are found elsewhere.
            confident = ((scores > CONFIDENT) & ((hits >= 2) | (len(active) < 2))) | ((hits >= AGREEING_WORDS) & (scores >= SUGGEST))
        order = np.lexsort((segments, -tie_break, -(scores + ECHO * _echo(asked, titles))))
        return [(int(segments[i]), float(scores[i]), bool(confident[i])) for i in order]

    def _asks_beyond(self, active: list[Active], segment: int) -> bool:
        """Whether some matched question word is not in the segment's own title."""
        in_title = {self._word_ids.get(w) for w in self._titles[segment].split()}
        return any(not in_title.intersection(t for t, _ in a.term.matched) for a in active)

    def _context_lift(self, active: list[Active], values: list[np.ndarray], segments: np.ndarray, total_weight: float) -> np.ndarray:
        """What the episode's title adds to each segment's score when the question also asks about a topic.

        "zach lloyd rust": the guest's name is in the episode's title, so it says which episode, not
        which chapter; the chapter on Rust answers, not "Who is Zach Lloyd?". So when some question
        word is not in a segment's episode title, the words that are count in full in every chapter
        of that episode. When all of them are ("ketamine ptsd" in "Ketamine: ... PTSD ..."), the
        chapters that name them themselves still come first.
        """
        lift = np.zeros(len(segments), dtype=np.float64)
        if len(active) < 2:
            return lift
        episodes = self._seg_episode[segments]
        in_title = [self._in_episode_title(a.term, episodes) for a in active]
        topic_asked = np.any([t == 0 for t in in_title], axis=0)
        for a, value, title in zip(active, values, in_title):
            lift += np.where(topic_asked, float(a.weight) * np.maximum(title - value, 0.0), 0.0)
        return lift / total_weight

    def _in_episode_title(self, term: Term, episodes: np.ndarray) -> np.ndarray:
        """For each of `episodes`, the similarity with which the question word is in its title (0: not)."""
        if not term.matched or not len(self._title_pairs) or not len(episodes):
            return np.zeros(len(episodes), dtype=np.float32)
        # Every (matched word, episode) pair in one search: a prefix matches up to 64 words.
        ids = np.fromiter((t for t, _ in term.matched), dtype=np.int64, count=len(term.matched))
        sims = np.fromiter((s for _, s in term.matched), dtype=np.float32, count=len(term.matched))
        wanted = (ids[:, None] << 32) | episodes.astype(np.int64)[None, :]
        at = np.minimum(np.searchsorted(self._title_pairs, wanted), len(self._title_pairs) - 1)
        return np.where(self._title_pairs[at] == wanted, sims[:, None], np.float32(0.0)).max(axis=0)


def _echo(asked: list[str] | None, titles: list[str]) -> np.ndarray | float:
    """For each folded title, the share of the question's words (`asked`) it has; 0 without them."""
    if not asked:
        return 0.0
    words = set(asked)
    return np.fromiter((len(words.intersection(t.split())) / len(words) for t in titles), dtype=np.float64, count=len(titles))
