"""The fitted confidence (blend.py, calibration.py) on the labelled catalogs: is it calibrated on
podcasts held out of the fit, does the committed model match a refit, and what it answers.

Every run prints the held-out calibration table, the issue 19 targets met or not, and every miss by
kind: right chapters ranked first but left unanswered, off-topic questions answered.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from bot.core.search import calibration
from bot.core.search.blend import ANSWER_AT, SUGGEST_AT
from tests.core.search.calibrate import Sample, held_out, predict, refit, samples, table
from tests.core.search.calibrate import calibration as calibration_bins
from tests.support.catalogs import Labelled
from tests.support.search import MEANING_ONLY

CALIBRATED = 0.05  # issue 19: answers given at p are right p ± 5 points, on podcasts held out of the fit
# A bin of confidence holds a few dozen answers: chance alone moves its share right by two standard
# errors (±9 points for 50 answers at 85%), so a bin fails only beyond both. The table says which
# bins are within 5 points. Eight bins are judged at once, so the bound is the one chance passes for
# all eight 95% of the time (2.73 standard errors, not 2.0, which one bin in three runs would fail by
# chance alone: a question moving by 0.0004 across 0.6 did, after a show-notes round).
CHANCE = 2.73
# What the decision reaches today (docs/confidence.md); falling below fails. Issue 19's own targets
# (no right first chapter unanswered, off-topic declined >= 95%) are printed, met or not.
RIGHT_UNANSWERED_AT_MOST = 4  # of the kinds other than MEANING_ONLY
# Questions sharing no word with their chapter (MEANING_ONLY) whose right chapter is ranked first: how
# many the decision answers or at least offers as "did you mean" (7 such today).
MEANING_OFFERED_AT_LEAST = 5
DECLINED_AT_LEAST = 0.95


@pytest.fixture(scope="module")
def data(labelled: dict[str, Labelled]) -> list[Sample]:
    return samples(list(labelled.values()))


def test_the_fit_holds_questions_of_at_least_three_podcasts(data: list[Sample]) -> None:
    podcasts = Counter(s.podcast for s in data)
    assert len(podcasts) >= 3 and min(podcasts.values()) >= 100, podcasts


def test_the_confidence_is_calibrated_on_podcasts_held_out_of_the_fit(data: list[Sample], capsys: pytest.CaptureFixture[str]) -> None:
    p, right = held_out(data), np.array([s.right for s in data], dtype=np.float64)
    text = table(p, right, "confidence on podcasts held out of the fit (each judged by a model fitted on the others):", ANSWER_AT)
    with capsys.disabled():
        print("\n" + text)
    given = p >= ANSWER_AT
    assert abs(right[given].mean() - p[given].mean()) <= CALIBRATED, text
    for b in calibration_bins(p, right):
        chance = CHANCE * np.sqrt(b.confidence * (1 - b.confidence) / b.count)
        assert abs(b.right - b.confidence) <= max(CALIBRATED, chance), f"{b.low:.1f}-{b.high:.1f}\n{text}"


def test_the_committed_model_is_the_fit_of_the_question_sets(data: list[Sample]) -> None:
    """Refit with `python -m tests.core.search.calibrate` after changing a question set or a feature."""
    weights, bias, bar = refit(data)
    x = np.array([s.evidence for s in data])
    committed = predict(calibration.WEIGHTS, calibration.BIAS, x)
    assert np.abs(predict(weights, bias, x) - committed).max() < 0.02
    assert bar == calibration.ANSWER_AT


def test_what_the_decision_answers(data: list[Sample], capsys: pytest.CaptureFixture[str]) -> None:
    committed = predict(calibration.WEIGHTS, calibration.BIAS, np.array([s.evidence for s in data]))
    unanswered = [(s, p) for s, p in zip(data, committed) if s.right and p < ANSWER_AT]
    by_words = [s for s, _ in unanswered if s.kind != MEANING_ONLY]
    by_meaning = [p for s, p in zip(data, committed) if s.right and s.kind == MEANING_ONLY]
    offered = sum(p >= SUGGEST_AT for p in by_meaning)
    off_topic = [(s, p) for s, p in zip(data, committed) if s.kind == "off-topic"]
    answered_off = [s for s, p in off_topic if p >= ANSWER_AT]
    declined = 1 - len(answered_off) / len(off_topic)
    lines = [
        f"issue 19 targets: right first chapter never unanswered {'met' if not unanswered else 'NOT MET'} ({len(by_words)}, "
        f"and {len(unanswered) - len(by_words)} of the {len(by_meaning)} {MEANING_ONLY}-only ones: {offered} answered or offered), "
        f"off-topic declined >= 95% {'met' if declined >= 0.95 else 'NOT MET'} ({declined:.0%} of {len(off_topic)})",
        *(f"  UNANSWERED [{s.kind}] {s.podcast}: {s.question!r} ({p:.2f})" for s, p in sorted(unanswered, key=lambda u: u[0].kind)),
        *(f"  ANSWERED off-topic {s.podcast}: {s.question!r}" for s in answered_off),
    ]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert len(by_words) <= RIGHT_UNANSWERED_AT_MOST and declined >= DECLINED_AT_LEAST, "\n".join(lines)
    assert offered >= MEANING_OFFERED_AT_LEAST, "\n".join(lines)


def test_every_answerable_question_of_the_shipped_episode_is_answered(labelled: dict[str, Labelled]) -> None:
    """Issue 19: what was answered stays answered; the MEANING_ONLY questions, added later, never were."""
    seed = labelled["huberman-ketamine"]
    asked = [q for q in seed.questions if q["answers"] and q["kind"] != MEANING_ONLY]
    silent = [q["q"] for q in asked if not seed.index.search(q["q"]).results]
    assert not silent
