"""Blending word and meaning scores, and when the blend is a confident answer (blend.py)."""

from __future__ import annotations

import numpy as np

from bot.core.search.blend import ANSWER, CLEAR_MEANING, MEANING_FLOOR, blend


def judge(words: float, chapter: float, episode: float = 0.0, *, hits: int = 2, asked: int = 2, penalty: float = 1.0) -> tuple[float, bool]:
    scores, confident = blend(np.array([words]), np.array([hits]), asked, np.array([chapter]), np.array([episode]), np.array([penalty]))
    return float(scores[0]), bool(confident[0])


def test_words_and_meaning_that_agree_answer() -> None:
    assert judge(0.9, 0.6)[1]


def test_words_without_meaning_do_not_answer() -> None:
    """"react to a breakup" against "Will this change break a lot of React Native apps?"."""
    score, confident = judge(0.96, MEANING_FLOOR - 0.03)
    assert score >= ANSWER and not confident


def test_words_alone_answer_when_three_agree_or_a_single_word_is_found() -> None:
    assert judge(1.0, 0.05, hits=3, asked=3)[1]
    assert judge(1.0, 0.05, hits=0, asked=1)[1]
    assert not judge(1.0, 0.05, hits=2, asked=2)[1]


def test_clear_meaning_answers_whatever_the_words() -> None:
    assert judge(0.0, 0.8, 0.6)[1]
    assert not judge(0.0, CLEAR_MEANING - 0.1, CLEAR_MEANING - 0.1)[1]


def test_the_episode_is_weaker_context_than_the_chapter() -> None:
    assert judge(0.5, 0.6, 0.2)[0] > judge(0.5, 0.2, 0.6)[0]


def test_a_penalty_scales_the_score_and_can_take_the_answer_away() -> None:
    full, answered = judge(0.8, 0.5)
    scaled, demoted = judge(0.8, 0.5, penalty=0.5)
    assert answered and not demoted and scaled == full * 0.5


def test_negative_similarities_count_as_unrelated_not_as_evidence_against() -> None:
    assert judge(0.6, -0.3, -0.2)[0] == judge(0.6, 0.0, 0.0)[0]
