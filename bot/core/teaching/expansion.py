"""What a server taught, searched as part of its chapters' text (document expansion, as doc2query does).

A confirmed question (question -> chapter) is, for that server, one more line of the chapter, one
the community vouches for. A later question is compared with each taught chapter's expanded
document: the nearer of its taught questions and of the chapter's own text read together with one
of them (the sum of the two sentence vectors, Wordings.nearest), so that "css subgrid" comes
near "laying out grids with nested tracks" read with its chapter's title. A question that means nearly
what a chapter's expanded document means (a cosine of MEANING_NEAR or more), more clearly than any
other taught chapter's (by MARGIN), finds that chapter. The clearer its lead, the less near it need
be: the bar falls by as much as the lead exceeds MARGIN, down to CLEAR_NEAR; and when the search has
no answer of its own, nothing is set against it, and UNANSWERED_NEAR is enough. So does a question less
near (a cosine of CORROBORATED_NEAR or more) when the search corroborates it: the search weighs the taught chapter
among its best CANDIDATES, and none of the other taught chapters about as near (within MARGIN); the
community's word and the search's own evidence together choose it, where neither alone would
("rats that stop trying" finds what "learned helplessness in rats" was taught as). Then:

- when the search has no answer of its own, the taught chapter answers;
- when it has one, the taught chapter is weighed as the search weighs (blend.blend), its text being
  its own and its taught questions': its words score the better of the chapter's and the taught
  questions' (the share of the question's weight they cover, each word weighted by its rarity in the
  catalog, as the search weighs words), its meaning the better of the chapter's (with its episode's)
  and the expanded document's. It answers first when that blend comes within VOUCHED of the search's
  best: the community's confirmation counts for that much.

So "css subgrid" finds what "laying out grids with nested tracks" was taught as, while two
taught chapters on one subject ("why are signals popular", "when not to use signals") leave a
question between them to the search, and a question far in meaning from everything taught is left
alone. Set on the development replays (benchmarks/replay.py: the shipped episode, the real catalog,
The Dissenter 500-699), and checked on a held-out replay written before any run (docs/replay-results.md).

Only pairs that apply to everyone expand a chapter (rules.Pair.verdict): the vote bound holds.
Without the sentence model there is no meaning to compare, and only questions close in words to a
taught one (rules.py) are answered from teaching.
"""

from __future__ import annotations

import numpy as np

from bot.core.search import Answer, Match, SearchIndex, blend
from bot.core.search.blend import FEATURES
from bot.core.search.searcher import Weighed
from bot.core.teaching.rules import TaughtFor, Wordings

MEANING_NEAR = 0.50  # cosine to a chapter's expanded document from which it is weighed as that chapter's text
MARGIN = 0.15  # ...by at least this much more than to any other taught chapter's
CLEAR_NEAR = 0.45  # ...or from this cosine, when its lead over the next taught chapter exceeds MARGIN enough (_near_enough)
UNANSWERED_NEAR = 0.40  # ...or from this cosine, when the search has no answer of its own
CORROBORATED_NEAR = 0.375  # ...or from this cosine, when the search's best CANDIDATES hold it and none of its rivals
VOUCHED = 0.10  # how far below the search's best blend a taught chapter may be and still answer first
NEAREST = 10  # the taught chapters nearest in meaning, each then read together with its own text
CANDIDATES = 10  # the search's best chapters: they corroborate a taught chapter, and hold its own evidence
COLUMN = {name: i for i, name in enumerate(FEATURES)}


def expanded_answer(query: str, question: str, vector: np.ndarray | None, confirmed: Wordings, drops: set[str],
                    answer: Answer, index: SearchIndex) -> Match | None:  # fmt: skip
    """The taught chapter that answers `query` (normalized: `question`) first, with the server's
    taught questions as part of its chapters' text; None when the search's own answer stands."""
    if vector is None:
        return None
    words = index.word_index

    def weight(stem: str) -> float:  # a word's weight as the search weighs it: its rarity in the catalog
        term = words.stem_ids.get(stem)
        return float(words.idf[term]) if term is not None else words.unmatched_weight

    nearest = [t for t in confirmed.nearest(question, vector, weight, NEAREST + len(drops), index.chapter_vector) if t.chapter_id not in drops]
    if not nearest or nearest[0].meaning < CORROBORATED_NEAR:
        return None
    taught, weighed = nearest[0], None
    if not _near_enough(nearest, answer):
        weighed = index.weigh(query, limit=CANDIDATES)  # a second look at the search's best, done only here
        candidates = {w.match.chapter_id for w in weighed}
        if taught.chapter_id not in candidates or any(r.chapter_id in candidates for r in _rivals(nearest, MARGIN)):
            return None  # neither near enough on its own nor told apart by the search: left to the search
    match = index.chapter(taught.chapter_id)
    if match is None or (answer.results and answer.results[0].chapter_id == taught.chapter_id):
        return None  # gone from the catalog, or already first
    if answer.results:
        weighed = weighed if weighed is not None else index.weigh(query, limit=CANDIDATES)
        if _expanded_blend(taught, weighed) + VOUCHED < answer.results[0].score / 100:
            return None
    return match


def _near_enough(nearest: list[TaughtFor], answer: Answer) -> bool:
    """Whether the nearest taught chapter is near enough to be weighed without the search's
    corroboration: MEANING_NEAR, less as its lead over the next taught chapter exceeds MARGIN (down to
    CLEAR_NEAR), UNANSWERED_NEAR when the search has no answer to set against it; never with a rival."""
    if _rivals(nearest, MARGIN):
        return False
    lead = nearest[0].meaning - (nearest[1].meaning if len(nearest) > 1 else 0.0)
    bar = max(CLEAR_NEAR, MEANING_NEAR - (lead - MARGIN))
    return nearest[0].meaning >= (min(bar, UNANSWERED_NEAR) if not answer.results else bar)


def _rivals(nearest: list[TaughtFor], margin: float) -> list[TaughtFor]:
    """The other taught chapters about as near as the nearest (within `margin` of it)."""
    return [t for t in nearest[1:] if nearest[0].meaning - t.meaning < margin]


def _expanded_blend(taught: TaughtFor, weighed: list[Weighed]) -> float:
    """The taught chapter's blend (blend.blend) with its taught questions as part of its text: the
    better words and the better meaning of the two. Its own evidence is the search's, when it weighs
    the chapter among its best CANDIDATES (`weighed`); else it has none to add."""
    own = next((w.evidence for w in weighed if w.match.chapter_id == taught.chapter_id and w.evidence is not None), None)
    words, meaning = taught.covered, taught.meaning
    if own is not None:
        words = max(words, float(own[COLUMN["words"]]))
        meaning = max(meaning, float(blend.meaning(own[COLUMN["chapter_meaning"]], own[COLUMN["episode_meaning"]])))
    return float(blend.mixed(words, meaning))
