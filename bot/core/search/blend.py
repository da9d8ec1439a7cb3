"""How evidence from words and from meaning combine into one score, and how sure an answer is.

The word score (scoring.py) is the share of the question a chapter covers, 0..1. The meaning score
is the cosine similarity of the question's sentence vector to the chapter's (semantic.py), with the
episode's own vector as weaker context. Neither alone is enough: words miss "can't sleep" for
"Insomnia", and meaning alone ranks a chapter on the same subject but another point close to the
one asked about. The blend is a weighted sum, and it ranks.

Whether the best chapter answers is another question, and the blend alone does not settle it: a
long natural question shares few words with a short title, three rare words found together are
conclusive whatever the meaning says, and words found without a related meaning are a coincidence
("react to a breakup" in "...break a lot of React Native apps?"). So each candidate's evidence (the
columns of FEATURES) goes through a logistic model fitted on labelled questions of several real
podcasts (calibration.py, refitted by `python -m tests.core.search.calibrate`): its output is the
probability that the chapter is one a fair judge accepts. The best chapter answers from ANSWER_AT;
below that, the chapters from SUGGEST_AT are offered as "did you mean"; none, and nothing is said.
docs/confidence.md has the fit and how well its probabilities hold on podcasts left out of it.
"""

from __future__ import annotations

import numpy as np

from bot.core.search import calibration

WORDS_SHARE = 0.5  # of the blend; meaning has the rest
EPISODE_CONTEXT = 0.5  # the episode's vector, relative to the chapter's own
CONCLUSIVE_WORDS = 0.9  # words that cover this much of the question, all found together (below)...
AGREEING_WORDS = 3  # ...at least this many of them, or a one-word question found as written
RELATED = 0.4  # the blended score a chapter needs to be shown beside the answer as related
SEMANTIC_POOL = 100  # chapters nearest in meaning that are candidates besides those found by words

# The decision, on the fitted probability that the chapter is right. The bar for an answer is
# fitted too: the lowest that still declines 95% of the fit's off-topic questions (issue 19's bar),
# so that as many right answers as possible are given. "Did you mean" needs a one-in-twenty chance:
# three suggestions cost a member a glance, but below that a chapter is almost never the one meant,
# and an off-topic question gets nothing. A chapter found by meaning alone is weighed by what such
# chapters were worth in the labelled questions asked in other words (about one in six right).
ANSWER_AT = calibration.ANSWER_AT
SUGGEST_AT = 0.05

# The evidence the model weighs, one column each, in this order (calibration.WEIGHTS follows it).
FEATURES = (
    "blend",  # the blended score, as ranked
    "words",  # the share of the question's weight the chapter covers by its words (penalties applied)
    "agreeing",  # the share of the question's content words found together in the chapter
    "chapter_meaning",  # cosine similarity of the question to the chapter
    "episode_meaning",  # ...and to its episode
    "both",  # word coverage times chapter meaning: high only when the two agree
    "conclusive",  # 1 when the words alone are conclusive (CONCLUSIVE_WORDS, AGREEING_WORDS)
    # 1 when the searched chapters know none of the question's words: meaning is all the evidence
    # there is. A step, not the share known: a question some of whose words are known but not in
    # the chapter is a near miss of words (agreeing and words say how near), one the catalog knows
    # nothing of is asked in other words ("sleeplessness" for "Insomnia"), and a straight line through
    # both fitted neither once questions of that kind were labelled (docs/confidence.md).
    "unknown",
    "length",  # log(1 + the question's content words)
    "penalized",  # 1 for a sponsor or an introduction not asked about (scoring.py)
)


def meaning(chapter_similarity: np.ndarray | float, episode_similarity: np.ndarray | float) -> np.ndarray:
    """The meaning score (0..1): the chapter's cosine, with its episode's as weaker context; negative
    similarities count as unrelated, not against."""
    return (np.maximum(chapter_similarity, 0) + EPISODE_CONTEXT * np.maximum(episode_similarity, 0)) / (1 + EPISODE_CONTEXT)


def mixed(words: np.ndarray | float, meaning_score: np.ndarray | float) -> np.ndarray:
    """Words and meaning in one score (0..1), before any penalty: the weighted sum that ranks."""
    return WORDS_SHARE * np.minimum(words, 1.0) + (1 - WORDS_SHARE) * meaning_score


def blend(words: np.ndarray, chapter_similarity: np.ndarray, episode_similarity: np.ndarray, penalty: np.ndarray) -> np.ndarray:
    """Blended scores (0..1). `words`: the word score; `penalty` scales a chapter's score (sponsor and
    introduction chapters, see scoring.py)."""
    return mixed(words, meaning(chapter_similarity, episode_similarity)) * penalty


def evidence(
    scores: np.ndarray, words: np.ndarray, hits: np.ndarray, asked: int, kept: int, known: float,
    chapter_similarity: np.ndarray, episode_similarity: np.ndarray, penalty: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """One row per candidate, the columns of FEATURES. `scores`: blended; `words`: the word score;
    `hits`: how many of the `asked` matched question words each chapter has (0 when fewer than two
    are); `kept`: the question's content words; `known`: the share of its weight that matched."""
    n = len(scores)
    covered = np.minimum(words, 1.0) * penalty
    conclusive = (covered >= CONCLUSIVE_WORDS) & ((hits >= AGREEING_WORDS) | (asked <= 1))
    agreeing = (hits if asked >= 2 else (covered > 0).astype(np.float64)) / max(kept, 1)
    both = covered * np.maximum(chapter_similarity, 0)
    return np.column_stack([
        scores, covered, agreeing, chapter_similarity, episode_similarity, both, conclusive,
        np.full(n, known <= 0), np.full(n, np.log1p(kept)), penalty < 1,
    ]).astype(np.float64)  # fmt: skip


def confidence(rows: np.ndarray) -> np.ndarray:
    """The fitted probability (0..1) that each candidate is right: a dot product per row."""
    return 1.0 / (1.0 + np.exp(-(rows @ calibration.WEIGHTS + calibration.BIAS)))

