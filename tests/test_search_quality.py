"""Search quality against the question sets in tests/questions/: the bar the issue sets, measured.

Each set names an episode and lists questions with the chapter starts a fair judge accepts
(`answers`); an empty list marks an off-topic question the bot must decline. The rates and every
miss are printed on every run, and are the failure message, so a failure says which questions broke.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.core.episode_files import load_episode_file
from bot.core.search import SearchIndex

ROOT = Path(__file__).resolve().parents[1]
QUESTION_SETS = sorted((ROOT / "tests" / "questions").glob("*.json"))

# The bar, in percent.
TOP_1, TOP_3, OFF_TOPIC_DECLINED = 90, 97, 100


@dataclass
class Report:
    answerable: int = 0
    top_1: int = 0
    top_3: int = 0
    off_topic: int = 0
    declined: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, hits: int, total: int) -> float:
        return hits / total if total else 1.0

    def text(self, name: str) -> str:
        lines = [
            f"{name}: top-1 {self.rate(self.top_1, self.answerable):.1%} ({self.top_1}/{self.answerable}), "
            f"top-3 {self.rate(self.top_3, self.answerable):.1%} ({self.top_3}/{self.answerable}), "
            f"off-topic declined {self.rate(self.declined, self.off_topic):.1%} ({self.declined}/{self.off_topic})",
            *self.misses,
        ]
        return "\n".join(lines)


def measure(question_set: Path) -> Report:
    spec = json.loads(question_set.read_text(encoding="utf-8"))
    episode_id: str = spec["episode"]
    index = SearchIndex([load_episode_file(ROOT / "data" / f"{episode_id}.json")])
    report = Report()
    for item in spec["questions"]:
        answer = index.search(item["q"])
        got = [f"{m.chapter.timestamp} {m.chapter.title[:40]}" for m in answer.results[:3]]
        accepted: list[str] = item["answers"]
        if not accepted:
            report.off_topic += 1
            if answer.results:
                report.misses.append(f"  ANSWERED off-topic {item['q']!r}: {got}")
            else:
                report.declined += 1
            continue
        report.answerable += 1
        right = [m.episode.id == episode_id and m.chapter.timestamp in accepted for m in answer.results[:3]]
        in_first, in_three = right[:1] == [True], any(right)
        report.top_1 += in_first
        report.top_3 += in_three
        if not in_first:
            label = "top-3 only" if in_three else "MISSED"
            report.misses.append(f"  {label} [{item['kind']}] {item['q']!r}: want {accepted}, got {got or 'nothing'}")
    return report


def test_there_is_a_question_set() -> None:
    assert QUESTION_SETS, "tests/questions/*.json not found"


@pytest.mark.parametrize("question_set", QUESTION_SETS, ids=[p.stem for p in QUESTION_SETS])
def test_search_quality(question_set: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = measure(question_set)
    text = report.text(question_set.stem)
    with capsys.disabled():  # the rates are the point of this test: show them on every run
        print("\n" + text)
    assert report.answerable and report.off_topic, "a question set needs answerable and off-topic questions"
    # In whole numbers: 97 of 100 is exactly 97%, whatever floating point would make of it.
    assert report.top_1 * 100 >= TOP_1 * report.answerable, text
    assert report.top_3 * 100 >= TOP_3 * report.answerable, text
    assert report.declined * 100 >= OFF_TOPIC_DECLINED * report.off_topic, text
