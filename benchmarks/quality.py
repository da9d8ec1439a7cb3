"""The seed episode's question set, asked of a whole catalog (no episode filter).

The same rules as tests/core/search/test_quality.py, at catalog scale: a topical question (generic=false)
hits when the seed's accepted chapter is the first result (top-1) or among the first three (top-3),
and the other episodes of the catalog compete for every answer.

Off-topic questions are off-topic for the seed episode ("caffeine and sleep", "MDMA therapy"). In a
catalog of health shows another episode may well cover them, and answering from that episode is
right; what must not happen is the seed episode answering. So at scale "declined" means: the answer
(the first result) is not from the seed episode; a seed chapter may be among the related chapters
shown after another episode's answer ("psilocybin for depression": the seed's "Depression & Current
Treatments"). How many got no answer at all is reported too (`silent`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from bot.core.episodes import format_timestamp
from bot.core.search import SearchIndex

from .synthetic import seed_questions

SEED_ID = "huberman-ketamine"
TOP_1, TOP_3, OFF_TOPIC_DECLINED = 90, 97, 100  # the bar, in percent (tests/core/search/test_quality.py)


@dataclass
class Quality:
    answerable: int = 0
    top_1: int = 0
    top_3: int = 0
    off_topic: int = 0
    declined: int = 0
    silent: int = 0  # off-topic questions that got no answer at all, from any episode
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def rate(hits: int, total: int) -> float:
        return hits / total if total else 1.0

    @property
    def met(self) -> bool:
        # In whole numbers, as the question-set test does.
        return (
            self.top_1 * 100 >= TOP_1 * self.answerable
            and self.top_3 * 100 >= TOP_3 * self.answerable
            and self.declined * 100 >= OFF_TOPIC_DECLINED * self.off_topic
        )

    def summary(self) -> str:
        return (
            f"top-1 {self.rate(self.top_1, self.answerable):.1%} ({self.top_1}/{self.answerable}), "
            f"top-3 {self.rate(self.top_3, self.answerable):.1%} ({self.top_3}/{self.answerable}), "
            f"off-topic declined {self.rate(self.declined, self.off_topic):.1%} ({self.declined}/{self.off_topic}; "
            f"{self.silent} with no answer at all)"
        )


def measure(index: SearchIndex) -> Quality:
    """Rates on the seed's topical and off-topic questions; generic (structural) ones are left out."""
    return measure_answers(lambda q: [(m.episode.id, m.chapter.timestamp) for m in index.search(q).results])


def measure_answers(ask: Callable[[str], list[tuple[str, str]]]) -> Quality:
    """The same rates for any search: `ask` gives (episode id, chapter start) pairs, best first."""
    report = Quality()
    for item in seed_questions():
        if item.get("generic"):
            continue
        got = [(episode, _timestamp(start)) for episode, start in ask(item["q"])[:3]]
        accepted: list[str] = item["answers"]
        if not accepted:
            report.off_topic += 1
            if got and got[0][0] == SEED_ID:
                report.misses.append(f"ANSWERED off-topic {item['q']!r} from the seed: {got}")
            else:
                report.declined += 1
                report.silent += not got
            continue
        report.answerable += 1
        right = [episode == SEED_ID and start in accepted for episode, start in got]
        report.top_1 += right[:1] == [True]
        report.top_3 += any(right)
        if right[:1] != [True]:
            label = "top-3 only" if any(right) else "MISSED"
            report.misses.append(f"{label} [{item['kind']}] {item['q']!r}: want {accepted}, got {got or 'nothing'}")
    return report


def _timestamp(start: str) -> str:
    """HH:MM:SS, from HH:MM:SS or from seconds (a chapter id's form)."""
    return start if ":" in start else format_timestamp(int(start))
