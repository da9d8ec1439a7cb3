"""Properties that hold for any input: the episode-file reader and the search entry points give a
result or a clear problem, never an unexpected exception (Hypothesis generates the inputs).

Runs are bounded (example counts, no example database) so the file takes seconds on a busy CI
machine; the linear-time checks of the pathological cases are in tests/core/episodes/test_folder_faults.py.
"""

from __future__ import annotations

import json
import os
import random
import string
import tempfile
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.catalog import Catalog
from bot.core.episodes import CHAPTER_KINDS, Chapter, Episode, InvalidData
from bot.core.episodes.codec import dump_episode, parse_episode
from bot.core.episodes.folder import load_data_dir
from bot.core.search import SearchIndex
from tests.support.paths import SEED

PATH = Path("data/ep.json")

BOUNDED = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Any character Python can hold, lone surrogates included (JSON's \ud800 escapes make them).
ANY_CHAR = st.characters(exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=300)
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT
JSON_VALUES = st.recursive(
    JSON_SCALARS, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(ANY_TEXT, inner, max_size=5), max_leaves=20
)
VALID: dict[str, Any] = json.loads(SEED.read_text(encoding="utf-8"))
EPISODE_KEYS = st.sampled_from(sorted(VALID) + ["extra"])
CHAPTER_KEYS = st.sampled_from(["start", "title", "kind", "summary", "keywords", "extra"])


def assert_result_or_problems(text: str) -> None:
    """parse_episode gives an Episode, or InvalidData whose every problem names the file and a
    line of it; nothing else escapes."""
    try:
        episode = parse_episode(text, PATH)
    except InvalidData as error:
        assert error.problems
        lines = text.count("\n") + 1
        for problem in error.problems:
            assert problem.path == PATH and problem.message
            assert problem.line is None or 1 <= problem.line <= lines, problem
            assert str(problem).startswith(f"{PATH}:")
    else:
        assert isinstance(episode, Episode)  # with chapters, or none: feeds keep chapterless episodes
        dump_episode(episode).encode("utf-8")  # whatever was accepted can be written back and stored


@BOUNDED
@given(ANY_TEXT)
def test_any_text_is_an_episode_or_named_problems(text: str) -> None:
    assert_result_or_problems(text)


@BOUNDED
@given(JSON_VALUES)
def test_any_json_value_is_an_episode_or_named_problems(value: Any) -> None:
    assert_result_or_problems(json.dumps(value, indent=2))


@BOUNDED
@given(EPISODE_KEYS, JSON_VALUES, st.integers(0, 21), CHAPTER_KEYS, JSON_VALUES, st.booleans())
def test_a_valid_file_with_any_field_changed_is_an_episode_or_named_problems(
    key: str, value: Any, chapter: int, chapter_key: str, chapter_value: Any, ascii_only: bool
) -> None:
    raw = json.loads(json.dumps(VALID))
    raw[key] = value
    if isinstance(raw.get("chapters"), list) and chapter < len(raw["chapters"]):
        if isinstance(raw["chapters"][chapter], dict):
            raw["chapters"][chapter][chapter_key] = chapter_value
    assert_result_or_problems(json.dumps(raw, indent=2, ensure_ascii=ascii_only))


TITLES = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(str.strip)
KEYWORDS = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=50).filter(str.strip)


@st.composite
def episodes(draw: st.DrawFn) -> Episode:
    starts = sorted(draw(st.sets(st.integers(0, 35_999), min_size=1, max_size=12)))
    chapters = tuple(
        Chapter(start, draw(TITLES).strip(), draw(st.sampled_from(CHAPTER_KINDS)), draw(st.text(max_size=80)).strip(),
                tuple(w.strip() for w in draw(st.lists(KEYWORDS, max_size=3))))  # fmt: skip
        for start in starts
    )
    return Episode(
        id=draw(st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,20}\Z")), title=draw(TITLES).strip(), podcast=draw(TITLES).strip(),
        duration=starts[-1] + draw(st.integers(1, 3600)), chapters=chapters,
    )  # fmt: skip


@BOUNDED
@given(episodes())
def test_any_valid_episode_survives_writing_and_reading_back(episode: Episode) -> None:
    assert parse_episode(dump_episode(episode), PATH) == episode


FILE_NAMES = st.text(st.sampled_from("abc.JSON_~#"), min_size=1, max_size=8).filter(lambda n: n not in (".", ".."))


@settings(max_examples=40, deadline=None, database=None)
@given(st.lists(st.tuples(FILE_NAMES, st.binary(max_size=200)), max_size=5))
def test_any_folder_of_files_loads_or_names_its_problems(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files:
            Path(folder, name).write_bytes(data)
        try:
            loaded = load_data_dir(Path(folder))
        except InvalidData as error:
            assert error.problems and all(str(p).startswith(folder) for p in error.problems)
        else:
            assert loaded and len(loaded) <= len(os.listdir(folder))


# --- the search entry points ---------------------------------------------------------------------

OTHER = Episode(
    id="sleep-light", title="Sleep & Light", podcast="Test Cast", duration=3000,
    chapters=(Chapter(0, "Welcome", "intro"), Chapter(60, "Sponsor: AG1", "sponsor"), Chapter(754, "Morning Sunlight & Dose of Light")),
)  # fmt: skip
CATALOG = Catalog(SearchIndex([parse_episode(SEED.read_text(encoding="utf-8"), SEED), OTHER]))
INDEX = CATALOG.index
WORDS = st.sampled_from(["ketamine", "dose", "k hole", "habenula", "micro-dosing", "NMDA", "sponsor", "the", "?", "@everyone"])
QUESTIONS = ANY_TEXT | st.lists(WORDS | ANY_TEXT.map(lambda t: t[:12]), max_size=8).map(" ".join)
EPISODE_IDS = st.none() | st.sampled_from(["huberman-ketamine", "sleep-light", "unknown"]) | ANY_TEXT


@BOUNDED
@given(QUESTIONS, EPISODE_IDS, st.integers(1, 25))
def test_search_answers_any_question_within_its_limit(question: str, episode: str | None, limit: int) -> None:
    answer = INDEX.search(question, episode=episode, limit=limit)
    assert len(answer.results) <= limit
    assert not (answer.results and answer.suggestions)  # "did you mean" only when nothing answers
    for match in [*answer.results, *answer.suggestions]:
        assert 0 <= match.score <= 100
        if INDEX.episode(episode or "") is not None:
            assert match.episode.id == episode
        assert INDEX.chapter(match.chapter_id) == match.__class__(match.episode, match.chapter_index, 100.0)


@BOUNDED
@given(QUESTIONS, EPISODE_IDS)
def test_autocomplete_gives_at_most_25_real_chapters_for_any_input(partial: str, episode: str | None) -> None:
    matches = INDEX.complete(partial, episode=episode, limit=25)
    assert len(matches) <= 25
    starts = CATALOG.starting_points(episode)
    assert len(starts) <= 25 and all(m.chapter.kind != "sponsor" for m in starts)
    for match in [*matches, *starts]:
        assert INDEX.chapter(match.chapter_id) is not None
        if INDEX.episode(episode or "") is not None:
            assert match.episode.id == episode


@BOUNDED
@given(ANY_TEXT | st.builds(lambda s: f"huberman-ketamine@{s}", ANY_TEXT | st.integers().map(str)), EPISODE_IDS)
def test_chapter_and_episode_lookups_take_any_text(chapter_id: str, episode: str | None) -> None:
    found = INDEX.chapter(chapter_id, episode=episode)
    assert found is None or chapter_id.startswith(f"{found.episode.id}@")
    assert INDEX.episode(chapter_id) is None or chapter_id in ("huberman-ketamine", "sleep-light")


def test_search_time_grows_linearly_with_the_question() -> None:
    """A question four times longer takes about four times as long, not sixteen (generous bound:
    the host's other work makes single timings noisy, so each is the best of three)."""
    rng = random.Random(8)
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))) for _ in range(8000)]

    def best_of_three(question: str) -> float:
        timings = []
        for _ in range(3):
            began = time.perf_counter()
            INDEX.search(question)
            INDEX.complete(question)
            timings.append(time.perf_counter() - began)
        return min(timings)

    short, long = best_of_three(" ".join(words[:2000])), best_of_three(" ".join(words))
    assert long < 12 * short + 0.05, f"2,000 words: {short:.3f} s; 8,000 words: {long:.3f} s"
