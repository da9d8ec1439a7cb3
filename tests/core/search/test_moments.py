"""Answers with the moment: questions about what was said in real transcripts (issue 18).

The catalog is the 26 real transcripts of ../shared/corpora/transcripts (three podcasts, with the
published chapter lists where there are some), as the question set was written for. The
questions (questions/transcripts/moments.json) were written from the transcripts before the search
was run on them; each names the spans where the answer is said and the chapter that holds it. A
result hits when it starts inside a span, or at most LEAD_ALLOWED seconds before it. The rates by
kind, the chapter rates and every miss are printed on every run, for the tuned podcasts and for
the held-out one apart, and are the failure message.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bot.core.episodes import Episode
from bot.core.search import Match, SearchIndex, VectorCache
from bot.core.shownotes import read_chapters
from bot.core.transcripts import read_transcript_file
from tests.support.paths import CORPORA
from tests.support.search import OFF_TOPIC, QuestionSetReport

FOLDER = CORPORA / "transcripts"
QUESTIONS = Path(__file__).resolve().parent / "questions" / "transcripts" / "moments.json"
LEAD_ALLOWED = 5  # seconds a moment may start before the words ("a few seconds before")

pytestmark = pytest.mark.skipif(
    not FOLDER.is_dir(), reason=f"real transcripts not found at {FOLDER} (CI puts shared/ beside the checkout)"
)


def seconds(clock: str) -> int:
    total = 0
    for part in clock.split(":"):
        total = total * 60 + int(part)
    return total


def episode_id(name: str) -> str:
    """`thedissenter/1150` -> `thedissenter-1150`."""
    return name.replace("/", "-")


def _catalog_episodes() -> list[Episode]:
    with (FOLDER / "index.tsv").open(encoding="utf-8") as listed:
        rows = list(csv.DictReader(listed, delimiter="\t"))
    episodes = []
    for row in rows:
        path = FOLDER / row["file"]
        transcript = read_transcript_file(path)
        chapters_file = path.with_name(path.stem + ".chapters.txt")
        chapters = read_chapters(chapters_file.read_text(encoding="utf-8")).chapters if chapters_file.exists() else ()
        duration = int(transcript.end) + 1
        name = f"{path.parent.name}/{path.stem}"
        episodes.append(Episode(episode_id(name), row["title"], row["podcast"], duration,
                                tuple(c for c in chapters if c.start < duration), transcript=transcript))  # fmt: skip
    return episodes


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(QUESTIONS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog(pytestconfig: pytest.Config) -> SearchIndex:
    vectors = VectorCache(pytestconfig.cache.mkdir("search-vectors") / "transcripts-catalog.npz")
    return SearchIndex(_catalog_episodes(), vectors=vectors)


def _starts_inside(match: Match, item: dict) -> bool:
    return match.episode.id == episode_id(item["episode"]) and any(
        seconds(a) - LEAD_ALLOWED <= match.start <= seconds(b) for a, b in item["spans"]
    )


def measure(catalog: SearchIndex, questions: list[dict]) -> tuple[QuestionSetReport, dict[str, list[int]]]:
    """Moment top-1 and top-3 by kind, off-topic declined; and right chapter first (hits, asked) by kind."""
    report = QuestionSetReport()
    chapters: dict[str, list[int]] = {}
    for item in questions:
        kind = item["kind"]
        counts = report.kinds[kind]
        counts.asked += 1
        answer = catalog.search(item["q"])
        got = [f"{m.episode.id} {m.start}s [{m.chapter.timestamp}]" for m in answer.results[:3]]
        if kind == OFF_TOPIC:
            if answer.results:
                report.misses.append(f"  ANSWERED off-topic {item['q']!r}: {got}")
            else:
                counts.declined += 1
            continue
        right = [_starts_inside(m, item) for m in answer.results[:3]]
        counts.top_1 += right[:1] == [True]
        counts.top_3 += any(right)
        if item["chapter"] is not None:
            tally = chapters.setdefault(kind, [0, 0])
            first = answer.results[0] if answer.results else None
            tally[1] += 1
            tally[0] += bool(first and first.episode.id == episode_id(item["episode"]) and first.chapter.timestamp == item["chapter"])
        if right[:1] != [True]:
            label = "top-3 only" if any(right) else "MISSED"
            want = f"{item['episode']} {item['spans']} [{item['chapter']}]"
            report.misses.append(f"  {label} [{kind}] {item['q']!r}: want {want}, got {got or 'nothing'}")
    return report, chapters


def chapter_line(chapters: dict[str, list[int]]) -> str:
    hits, asked = sum(h for h, _ in chapters.values()), sum(a for _, a in chapters.values())
    by_kind = ", ".join(f"{k} {h}/{a}" for k, (h, a) in sorted(chapters.items()))
    return f"right chapter first: {hits / asked:.0%} ({hits}/{asked}; {by_kind})" if asked else "right chapter first: -"


def _split(spec: dict) -> tuple[list[dict], list[dict]]:
    held_out = spec["held_out"]
    tuned = [q for q in spec["questions"] if not q.get("episode", "").startswith(held_out + "/")]
    return tuned, [q for q in spec["questions"] if q.get("episode", "").startswith(held_out + "/")]


def test_every_span_is_in_its_episode_and_chapter(catalog: SearchIndex, spec: dict) -> None:
    for item in spec["questions"]:
        if item["kind"] == OFF_TOPIC:
            continue
        episode = catalog.episode(episode_id(item["episode"]))
        assert episode is not None and episode.transcript is not None, item
        assert all(seconds(a) <= seconds(b) <= episode.duration for a, b in item["spans"]), item
        if item["chapter"] is not None:
            assert any(c.timestamp == item["chapter"] for c in episode.chapters), item


# The bar, in percent, on the tuned podcasts; and, on the held-out one, a floor below what it
# reached when first measured (80% top-1, 85% top-3, 80% right chapter first).
TOP_1, TOP_3, CHAPTER_FIRST, DECLINED = 70, 85, 85, 100
HELD_OUT_TOP_1, HELD_OUT_TOP_3, HELD_OUT_CHAPTER_FIRST = 75, 80, 75


def _at_least(hits: int, asked: int, percent: int) -> bool:
    return hits * 100 >= percent * asked  # in whole numbers: 17 of 20 is exactly 85%


def test_moments_on_real_transcripts(catalog: SearchIndex, spec: dict, capsys: pytest.CaptureFixture[str]) -> None:
    tuned, held_out = _split(spec)
    report, chapters = measure(catalog, tuned)
    held, held_chapters = measure(catalog, held_out)
    text = "\n".join([
        report.text("moments, tuned podcasts (The Dissenter, Oxide and Friends) and off-topic", (chapter_line(chapters),)),
        held.text(f"moments, held-out podcast ({spec['held_out']}), never tuned on", (chapter_line(held_chapters),)),
    ])  # fmt: skip
    with capsys.disabled():  # the rates are the point of this test: show them on every run
        print("\n" + text)
    total, off_topic, held_total = report.answerable(), report.kinds[OFF_TOPIC], held.answerable()
    assert _at_least(off_topic.declined, off_topic.asked, DECLINED), text
    assert _at_least(total.top_1, total.asked, TOP_1) and _at_least(total.top_3, total.asked, TOP_3), text
    assert _at_least(sum(h for h, _ in chapters.values()), sum(a for _, a in chapters.values()), CHAPTER_FIRST), text
    assert _at_least(held_total.top_1, held_total.asked, HELD_OUT_TOP_1), text
    assert _at_least(held_total.top_3, held_total.asked, HELD_OUT_TOP_3), text
    assert _at_least(sum(h for h, _ in held_chapters.values()), sum(a for _, a in held_chapters.values()), HELD_OUT_CHAPTER_FIRST), text
