"""What the index is built from: a chapter's fields, its kind, and its episode's own text (building.py)."""

from __future__ import annotations

import pytest

from bot.core.search import SearchIndex
from tests.support.search import episode, first

# --- fields --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fields() -> SearchIndex:
    return SearchIndex([
        episode(
            "fields",
            ("Welcome", "intro", "", ()),
            ("Cortisol Rhythms", "content", "When stress hormones peak during the day.", ()),
            ("Morning Routine", "content", "Why cortisol early in the day helps focus.", ()),
            ("Cold Exposure", "content", "Ice baths and adrenaline.", ("cryotherapy",)),
            ("Light & Circadian Clocks", "content", "Sunlight in the eyes sets the clock.", ("melanopsin",)),
        )
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("question", "title"),
    [("circadian", "Light & Circadian Clocks"), ("cryotherapy", "Cold Exposure"), ("ice baths", "Cold Exposure")],
    ids=["title", "keywords", "summary"],
)
def test_title_keywords_and_summary_all_count(fields: SearchIndex, question: str, title: str) -> None:
    answer = fields.search(question)
    assert answer.results and answer.results[0].chapter.title == title


def test_word_in_a_title_outranks_the_same_word_in_a_summary(fields: SearchIndex) -> None:
    titles = [m.chapter.title for m in fields.search("cortisol").results]
    assert titles[:2] == ["Cortisol Rhythms", "Morning Routine"]


def test_kind_is_searchable(fields: SearchIndex) -> None:
    assert first(fields, "intro") == "00:00:00"


# --- the episode's own text ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def interviews() -> SearchIndex:
    return SearchIndex(
        [
            episode(
                "warp", ("Welcome", "intro", "", ()), ("Who is Zach Lloyd?", "content", "", ()),
                ("Why did you build Warp in Rust?", "content", "", ()), ("Warp AI features", "content", "", ()),
                title="Supper Club × Zach Lloyd from Warp", description="Wes and Scott talk with Zach Lloyd about terminals.",
            ),
            episode(
                "rust", ("Welcome", "intro", "", ()), ("Variables in Rust", "content", "", ()), ("Error handling", "content", "", ()),
                title="Rust for JavaScript developers", people=("Ada Byron",),
            ),
        ],
        semantic=False,
    )  # fmt: skip


def test_the_episode_title_counts_for_every_chapter(interviews: SearchIndex) -> None:
    """"Error handling" says nothing of Rust; its episode's title does."""
    assert first(interviews, "rust error handling") == "00:02:00"


def test_a_chapter_naming_the_word_itself_outranks_one_whose_episode_does(interviews: SearchIndex) -> None:
    assert first(interviews, "rust variables") == "00:01:00"
    titles = [m.chapter.title for m in interviews.search("rust").results]
    assert set(titles[:2]) == {"Why did you build Warp in Rust?", "Variables in Rust"}
    assert "Error handling" in titles[2:]


def test_the_description_and_people_count_too(interviews: SearchIndex) -> None:
    """The description weakly: a word found only there is offered, not answered."""
    described = interviews.search("terminals")
    assert not described.results and {m.episode.id for m in described.suggestions} == {"warp"}
    assert {m.episode.id for m in interviews.search("ada byron").results} == {"rust"}


def test_episodes_whose_titles_hold_no_searchable_word_are_indexed() -> None:
    """Titles such as "#1" or a script folding cannot spell ("第1話") give the episode no words of its own."""
    index = SearchIndex([episode("ep-1", ("Resistance", "content", "", ()), title="#1"), episode("ep-2", ("Capacitors", "content", "", ()), title="第2話")], semantic=False)
    assert [m.chapter.title for m in index.search("capacitors").results] == ["Capacitors"]


def test_counting_sorted_postings_gives_what_bincount_gives() -> None:
    """The index counts postings without np.bincount, which holds the interpreter lock."""
    import numpy as np

    from bot.core.search.arrays import sorted_counts

    rng = np.random.default_rng(3)
    for size in (0, 1, 50):
        values = np.sort(rng.integers(0, max(size, 1), rng.integers(0, 200))) if size else np.zeros(0, np.int64)
        assert np.array_equal(sorted_counts(values, size + 5), np.bincount(values, minlength=size + 5))


def test_spans_are_the_ranges_one_after_another() -> None:
    """How the index and the context lift read the chapters of episodes and the words of titles."""
    import numpy as np

    from bot.core.search.arrays import spans

    rng = np.random.default_rng(4)
    for count in (0, 1, 30):
        starts, counts = rng.integers(0, 1000, count), rng.integers(0, 5, count)
        want = [p for s, c in zip(starts.tolist(), counts.tolist()) for p in range(s, s + c)]
        assert spans(starts, counts).tolist() == want
