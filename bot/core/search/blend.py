"""How evidence from words and from meaning combine into one score, and when it is confident.

The word score (scoring.py) is the share of the question a chapter covers, 0..1. The meaning score
is the cosine similarity of the question's sentence vector to the chapter's (semantic.py), with the
episode's own vector as weaker context. Neither alone is enough: words miss "can't sleep" for
"Insomnia", and meaning alone ranks a chapter on the same subject but another point close to the
one asked about. The blend is a weighted sum.

The best chapter answers when its blend reaches ANSWER and the meaning agrees (the chapter's own
vector is not unrelated to the question: "react to a breakup" shares words with "Will this change
break a lot of React Native apps?", not a meaning), unless the words alone are conclusive: all of
three or more question words in one chapter, or a one-word question found as written. It also
answers when the meaning alone is strong (CLEAR_MEANING): a long natural question shares few words
with a short chapter title ("What's the bottom line on ketamine therapy?" for "Ketamine: Effects &
Therapy"). Otherwise only "did you mean" is offered. The constants were calibrated on the question
sets in tests/core/search/questions/ (with 72 off-topic questions of several sorts, near misses that
share a word with the catalog among them) and on the seed among synthetic episodes
(tests/core/search/test_at_scale.py), choosing among settings that did not lower any of the three;
the rates move by a question or two between neighbouring settings. docs/search.md has the rates.
"""

from __future__ import annotations

import numpy as np

WORDS_SHARE = 0.5  # of the blend; meaning has the rest
EPISODE_CONTEXT = 0.5  # the episode's vector, relative to the chapter's own
ANSWER = 0.44  # the blended score from which the best chapter answers...
MEANING_FLOOR = 0.15  # ...if its own vector is at least this similar to the question's,
CONCLUSIVE_WORDS = 0.9  # or if the words cover this much, all found together (below);
AGREEING_WORDS = 3
CLEAR_MEANING = 0.55  # the meaning score (0..1) that answers whatever the words
RELATED = 0.4  # the blended score a chapter needs to be shown beside the answer as related
DID_YOU_MEAN = 0.25  # ...or, when nothing answers, to be offered as "did you mean"
SEMANTIC_POOL = 100  # chapters nearest in meaning that are candidates besides those found by words


def blend(
    words: np.ndarray, hits: np.ndarray, asked: int, chapter_similarity: np.ndarray, episode_similarity: np.ndarray,
    penalty: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Blended scores (0..1) and which of them are confident answers.

    `words`: the word score; `hits`: how many of the `asked` matched question words each chapter
    has; `penalty` scales a chapter's score (sponsor and introduction chapters, see scoring.py).
    """
    meaning = (np.maximum(chapter_similarity, 0) + EPISODE_CONTEXT * np.maximum(episode_similarity, 0)) / (1 + EPISODE_CONTEXT)
    words = np.minimum(words, 1.0)
    scores = (WORDS_SHARE * words + (1 - WORDS_SHARE) * meaning) * penalty
    conclusive = (words * penalty >= CONCLUSIVE_WORDS) & ((hits >= AGREEING_WORDS) | (asked <= 1))
    agreed = (scores >= ANSWER) & ((chapter_similarity >= MEANING_FLOOR) | conclusive)
    return scores, agreed | (meaning * penalty >= CLEAR_MEANING)
