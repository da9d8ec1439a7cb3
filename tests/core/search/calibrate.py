"""Fit the confidence model (bot/core/search/blend.py) on the labelled catalogs, and measure it on
podcasts held out of the fit.

    python -m tests.core.search.calibrate          # print the held-out calibration, refit, write calibration.py

Each question of tests/core/search/questions/ (the shipped episode, and real catalogs ingested from
../shared/corpora) is asked once; the best candidate chapter's evidence (blend.FEATURES) is labelled
right when a fair judge accepts it (every off-topic question's best candidate is wrong). A logistic
regression, fitted by Newton's method on standardized features with a light ridge, gives the
probability that the best candidate is right. Calibration is measured by leaving each podcast out in
turn: its questions are judged by a model fitted on the other podcasts only. docs/confidence.md has
the figures and what they mean.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.core.search import blend
from tests.support.catalogs import Labelled, all_catalogs
from tests.support.paths import REPO

DECLINED = 0.95  # the share of off-topic questions the bar for an answer declines (issue 19)
RIDGE = 1.0  # on standardized weights: enough to keep a rare feature from running off, little else
BINS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # of confidence, for the calibration table
VECTORS = REPO / ".pytest_cache" / "d" / "search-vectors"  # shared with the tests' caches
FITTED = REPO / "bot" / "core" / "search" / "calibration.py"


@dataclass(frozen=True)
class Sample:
    """One question's best candidate as the decision sees it."""

    podcast: str
    kind: str
    question: str
    evidence: np.ndarray
    right: bool


def samples(catalogs: list[Labelled]) -> list[Sample]:
    """The best candidate of every question that has one (a question without any candidate is declined whatever the model says)."""
    out = []
    for catalog in catalogs:
        for item in catalog.questions:
            weighed = catalog.index.weigh(item["q"], limit=1)
            if not weighed or weighed[0].evidence is None:
                continue
            kind = item["kind"] if item["answers"] else "off-topic"
            right = catalog.key(weighed[0].match) in item["answers"]
            out.append(Sample(item["podcast"], kind, item["q"], weighed[0].evidence, right))
    return out


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression: (weights, bias) on the raw features, fitted on standardized ones."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    w = np.zeros(z.shape[1])
    ridge = np.full(z.shape[1], RIDGE)
    ridge[-1] = 0.0  # the intercept is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        gradient = z.T @ (p - y) + ridge * w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    weights = w[:-1] / scale
    return weights, float(w[-1] - weights @ mean)


def answer_at(p: np.ndarray, off_topic: np.ndarray) -> float:
    """The lowest bar, in hundredths, under which DECLINED of the off-topic questions' best candidates fall."""
    for bar in np.arange(0.01, 1.0, 0.01):
        if np.mean(p[off_topic] < bar) >= DECLINED:
            return round(float(bar), 2)
    return 1.0


def predict(weights: np.ndarray, bias: float, x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ weights + bias)))


def held_out(data: list[Sample]) -> np.ndarray:
    """Each sample's confidence from a model fitted without its podcast."""
    podcasts = np.array([s.podcast for s in data])
    x = np.array([s.evidence for s in data])
    y = np.array([s.right for s in data], dtype=np.float64)
    out = np.zeros(len(data))
    for podcast in sorted(set(podcasts)):
        out_of_fit = podcasts == podcast
        weights, bias = fit(x[~out_of_fit], y[~out_of_fit])
        out[out_of_fit] = predict(weights, bias, x[out_of_fit])
    return out


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int
    confidence: float  # mean
    right: float  # share


def calibration(p: np.ndarray, right: np.ndarray) -> list[Bin]:
    bins = []
    for low, high in zip(BINS, BINS[1:]):
        inside = (p >= low) & ((p < high) | (high == 1.0))
        if inside.any():
            bins.append(Bin(low, high, int(inside.sum()), float(p[inside].mean()), float(right[inside].mean())))
    return bins


def table(p: np.ndarray, right: np.ndarray, title: str, bar: float) -> str:
    rows = [title, f"{'confidence':<12} {'answers':>7} {'mean':>6} {'right':>6} {'gap':>6}"]
    for b in calibration(p, right):
        gap = (b.right - b.confidence) * 100
        rows.append(f"{b.low:.1f}-{b.high:.1f}{'':<5} {b.count:>7} {b.confidence:>6.0%} {b.right:>6.0%} {gap:>+5.0f}p")
    given = p >= bar
    if given.any():
        rows.append(f"answers given (confidence >= {bar:.0%}): {given.sum()}, mean confidence "
                    f"{p[given].mean():.0%}, right {right[given].mean():.0%}")
    return "\n".join(rows)


def write_fitted(weights: np.ndarray, bias: float, bar: float, n: int, podcasts: list[str]) -> None:
    values = ", ".join(f"{w:.6g}" for w in weights)
    names = "\n".join(f"#   {name:<16} {w:+.4f}" for name, w in zip(blend.FEATURES, weights))
    FITTED.write_text(f'''"""The fitted confidence model (blend.py): written by `python -m tests.core.search.calibrate`, not by hand.

Fitted on {n} questions of {len(podcasts)} podcasts: {", ".join(podcasts)}.
"""

import numpy as np

# One weight per blend.FEATURES column (raw, unstandardized):
{names}
WEIGHTS = np.array([{values}])
BIAS = {bias:.6g}
ANSWER_AT = {bar}  # the lowest confidence that answers (calibrate.answer_at)
''', encoding="utf-8")


def refit(data: list[Sample]) -> tuple[np.ndarray, float, float]:
    """The model fitted on every sample: (weights, bias, the bar for an answer)."""
    x = np.array([s.evidence for s in data])
    weights, bias = fit(x, np.array([s.right for s in data], dtype=np.float64))
    off_topic = np.array([s.kind == "off-topic" for s in data])
    return weights, bias, answer_at(predict(weights, bias, x), off_topic)


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        data = samples(all_catalogs(Path(work), VECTORS))
    weights, bias, bar = refit(data)
    right = np.array([s.right for s in data], dtype=np.float64)
    print(table(held_out(data), right, "held out (each podcast judged by a model fitted on the others):", bar))
    write_fitted(weights, bias, bar, len(data), sorted({s.podcast for s in data}))
    print(f"wrote {FITTED.relative_to(REPO)} from {len(data)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
