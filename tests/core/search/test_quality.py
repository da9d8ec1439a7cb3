"""Search quality against the question sets in tests/core/search/questions/: the bar the issue sets, measured.

Each set names an episode and lists questions with the chapter starts a fair judge accepts
(`answers`); an empty list marks an off-topic question the bot must decline. The rates by kind and
every miss are printed on every run, and are the failure message, so a failure says which questions broke.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.episodes.codec import load_episode_file
from bot.core.search import SearchIndex
from tests.support.paths import REPO
from tests.support.search import OFF_TOPIC, QuestionSetReport, ask_question_set

QUESTION_SETS = sorted((Path(__file__).resolve().parent / "questions").glob("*.json"))

# The bar, in percent.
TOP_1, TOP_3, OFF_TOPIC_DECLINED = 90, 97, 100


def measure(question_set: Path) -> QuestionSetReport:
    spec = json.loads(question_set.read_text(encoding="utf-8"))
    episode_id: str = spec["episode"]
    index = SearchIndex([load_episode_file(REPO / "data" / f"{episode_id}.json")])
    # The set names chapters by their start within its episode.
    return ask_question_set(index, spec["questions"], key=lambda m: m.chapter.timestamp if m.episode.id == episode_id else m.chapter_id)


def test_there_is_a_question_set() -> None:
    assert QUESTION_SETS, "tests/core/search/questions/*.json not found"


@pytest.mark.parametrize("question_set", QUESTION_SETS, ids=[p.stem for p in QUESTION_SETS])
def test_search_quality(question_set: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = measure(question_set)
    text = report.text(question_set.stem)
    with capsys.disabled():  # the rates are the point of this test: show them on every run
        print("\n" + text)
    answerable, off_topic = report.answerable(), report.kinds[OFF_TOPIC]
    assert answerable.asked and off_topic.asked, "a question set needs answerable and off-topic questions"
    # In whole numbers: 97 of 100 is exactly 97%, whatever floating point would make of it.
    assert answerable.top_1 * 100 >= TOP_1 * answerable.asked, text
    assert answerable.top_3 * 100 >= TOP_3 * answerable.asked, text
    assert off_topic.declined * 100 >= OFF_TOPIC_DECLINED * off_topic.asked, text
