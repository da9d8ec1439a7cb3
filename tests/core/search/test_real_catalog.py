"""Search quality on a real catalog: hundreds of episodes ingested from published show notes.

The catalog is built at test time from ../shared/corpora/shownotes with the project's own `ingest`
command (no summaries, no keywords: titles and descriptions as published), and asked the questions
of tests/core/search/questions/real/, written before any answer was seen. The rates by kind and every miss are
printed on every run and are the failure message.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from bot.cli import main as cli
from bot.core.episodes.folder import load_data_dir
from bot.core.search import SearchIndex, VectorCache
from tests.support.paths import CORPORA
from tests.support.search import OFF_TOPIC, QuestionSetReport, ask_question_set

SHOWNOTES = CORPORA / "shownotes"
QUESTIONS = Path(__file__).resolve().parent / "questions" / "real" / "syntax-and-dissenter.json"

# The bar issue 10 sets, in percent: printed with every run, met or not.
TARGET_TOP_1, TARGET_TOP_1_EACH_KIND, TARGET_TOP_3, TARGET_DECLINED = 85, 70, 92, 95
# What the search reaches today (docs/search.md), in percent: falling below fails.
TOP_1_OVERALL, TOP_1_EACH_KIND, TOP_3_OVERALL, OFF_TOPIC_DECLINED = 85, 50, 90, 89
MIN_EPISODES = 300

pytestmark = pytest.mark.skipif(
    not SHOWNOTES.is_dir(), reason=f"real show notes not found at {SHOWNOTES} (CI puts shared/ beside the checkout)"
)


def _numbered(folder: Path, first: int, last: int) -> list[Path]:
    """The show-notes files named `NNN-slug.txt` with first <= NNN <= last."""
    chosen = []
    for path in sorted(folder.glob("*.txt")):
        number = path.name.split("-", 1)[0]
        if number.isdigit() and first <= int(number) <= last:
            chosen.append(path)
    return chosen


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(QUESTIONS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog(spec: dict, tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> SearchIndex:
    folder = tmp_path_factory.mktemp("real-catalog")
    for source in spec["catalog"]:
        files = _numbered(SHOWNOTES / source["folder"], *source["numbers"])
        # Notes without a readable chapter list are refused by ingest, as they would be for a moderator.
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            cli(["ingest", *map(str, files), "--out", str(folder), "--podcast", source["podcast"]])
    # Chapter vectors are kept in pytest's cache folder: only the first run on a machine embeds them.
    vectors = VectorCache(pytestconfig.cache.mkdir("search-vectors") / "real-catalog.vectors")
    return SearchIndex(load_data_dir(folder), vectors=vectors)


def targets(report: QuestionSetReport) -> str:
    total, off_topic = report.answerable(), report.kinds[OFF_TOPIC]
    weakest = min((c for k, c in report.kinds.items() if k != OFF_TOPIC), key=lambda c: c.top_1 / c.asked)
    checks = [
        (f"top-1 >= {TARGET_TOP_1}%", total.top_1 * 100 >= TARGET_TOP_1 * total.asked),
        (f"top-1 >= {TARGET_TOP_1_EACH_KIND}% in every kind", weakest.top_1 * 100 >= TARGET_TOP_1_EACH_KIND * weakest.asked),
        (f"top-3 >= {TARGET_TOP_3}%", total.top_3 * 100 >= TARGET_TOP_3 * total.asked),
        (f"off-topic declined >= {TARGET_DECLINED}%", off_topic.declined * 100 >= TARGET_DECLINED * off_topic.asked),
    ]
    return "issue 10 targets: " + ", ".join(f"{label} {'met' if met else 'NOT MET'}" for label, met in checks)


def test_the_catalog_is_real_episodes_of_several_podcasts(catalog: SearchIndex) -> None:
    assert len(catalog.episodes) >= MIN_EPISODES
    assert all(not c.summary and not c.keywords for e in catalog.episodes for c in e.chapters)


def test_every_accepted_answer_is_a_chapter_of_the_catalog(catalog: SearchIndex, spec: dict) -> None:
    unknown = [a for item in spec["questions"] for a in item["answers"] if catalog.chapter(a) is None]
    assert not unknown, f"answers naming no chapter of the catalog: {unknown}"


def test_search_quality_on_the_real_catalog(catalog: SearchIndex, spec: dict, capsys: pytest.CaptureFixture[str]) -> None:
    report = ask_question_set(catalog, spec["questions"], key=lambda match: match.chapter_id)
    text = report.text("real catalog", (targets(report),))
    with capsys.disabled():  # the rates are the point of this test: show them on every run
        print("\n" + text)
    total = report.answerable()
    off_topic = report.kinds[OFF_TOPIC]
    assert total.top_1 * 100 >= TOP_1_OVERALL * total.asked, text
    assert total.top_3 * 100 >= TOP_3_OVERALL * total.asked, text
    assert off_topic.declined * 100 >= OFF_TOPIC_DECLINED * off_topic.asked, text
    for kind, counts in report.kinds.items():
        if kind != OFF_TOPIC:
            assert counts.top_1 * 100 >= TOP_1_EACH_KIND * counts.asked, f"{kind} below {TOP_1_EACH_KIND}%\n{text}"
