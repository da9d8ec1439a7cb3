"""Blending word and meaning scores, and how sure the fitted model is of an answer (blend.py)."""

from __future__ import annotations

import numpy as np

from bot.core.search import calibration
from bot.core.search.blend import ANSWER_AT, FEATURES, SUGGEST_AT, blend, confidence, evidence


def judge(
    words: float, chapter: float, episode: float = 0.0, *, hits: int = 2, asked: int = 2, kept: int = 2,
    known: float = 1.0, penalty: float = 1.0,
) -> tuple[float, float]:  # fmt: skip
    """(blended score, confidence) of one candidate."""
    def one(value: float) -> np.ndarray:
        return np.array([value], dtype=np.float64)

    scores = blend(one(words), one(chapter), one(episode), one(penalty))
    rows = evidence(scores, one(words), np.array([hits]), asked, kept, known, one(chapter), one(episode), one(penalty))
    return float(scores[0]), float(confidence(rows)[0])


def test_words_and_meaning_that_agree_answer() -> None:
    assert judge(0.9, 0.6)[1] >= ANSWER_AT


def test_one_word_of_two_found_where_the_other_is_unknown_does_not_answer() -> None:
    """"lsd microdosing" on the shipped episode: "microdosing" is there, "lsd" nowhere."""
    assert judge(0.5, 0.25, hits=1, asked=2, kept=2, known=0.5)[1] < ANSWER_AT


def test_a_weak_meaning_alone_is_offered_at_most_never_answered() -> None:
    """A chapter found by meaning alone (no word of the question known) at a cosine of 0.3: the fit
    measured such chapters right about one time in six, so it may be offered as "did you mean"
    (docs/confidence.md), but it never answers."""
    assert judge(0.0, 0.3, 0.2, hits=0, asked=0, kept=4, known=0.0)[1] < ANSWER_AT


def test_a_penalty_can_take_the_answer_away() -> None:
    full, answered = judge(0.8, 0.5)
    scaled, demoted = judge(0.8, 0.5, penalty=0.5)
    assert answered >= ANSWER_AT > demoted and scaled == full * 0.5


def test_the_fitted_model_weighs_every_feature_and_answers_below_certainty() -> None:
    assert calibration.WEIGHTS.shape == (len(FEATURES),)
    assert SUGGEST_AT < ANSWER_AT < 1


def test_the_episode_is_weaker_context_than_the_chapter() -> None:
    assert judge(0.5, 0.6, 0.2)[0] > judge(0.5, 0.2, 0.6)[0]


def test_negative_similarities_count_as_unrelated_not_as_evidence_against() -> None:
    assert judge(0.6, -0.3, -0.2)[0] == judge(0.6, 0.0, 0.0)[0]
