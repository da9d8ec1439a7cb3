"""How chapters are scored and ranked by their words: sponsors, introductions, episode titles (scoring.py)."""

from __future__ import annotations

import pytest

from bot.core.search import SearchIndex
from tests.support.search import episode, first

# --- sponsors ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sponsored() -> SearchIndex:
    return SearchIndex([
        episode(
            "sleep-episode",
            ("Intro", "intro", "", ()),
            ("Sponsor: Eight Sleep", "sponsor", "Sponsor message for Eight Sleep.", ("mattress",)),
            ("Body Temperature at Night", "content", "How body temperature drives sleep.", ()),
            ("Sponsored by Athletic Greens", "sponsor", "Sponsor message.", ()),
            ("Greens & Gut Health", "content", "Leafy greens and the microbiome.", ()),
        )
    ])  # fmt: skip


def test_sponsor_chapter_ranks_below_content_that_matches_less_well(sponsored: SearchIndex) -> None:
    """"sleep" is in the sponsor's title but only in the content chapter's summary: content still wins."""
    titles = [m.chapter.title for m in sponsored.search("sleep").results]
    assert titles[0] == "Body Temperature at Night"


@pytest.mark.parametrize("question", ["eight sleep", "Eight Sleep mattress", "mattress"])
def test_sponsor_chapter_comes_first_when_the_question_names_it(sponsored: SearchIndex, question: str) -> None:
    assert first(sponsored, question) == "00:01:00"


def test_asking_for_sponsors_finds_sponsor_chapters(sponsored: SearchIndex) -> None:
    results = sponsored.search("sponsors").results
    assert {m.chapter.kind for m in results[:2]} == {"sponsor"}


def test_sponsor_named_after_sponsored_by_is_found_by_its_name(sponsored: SearchIndex) -> None:
    assert first(sponsored, "athletic greens") == "00:03:00"


@pytest.mark.parametrize(
    ("question", "start"), [("AG1", "00:33:24"), ("ROKA sunglasses", "00:02:29"), ("LMNT", "01:02:28")]
)
def test_seed_sponsors_are_found_by_name(seed: SearchIndex, question: str, start: str) -> None:
    assert first(seed, question) == start


# --- guests and introductions --------------------------------------------------------------------


@pytest.fixture(scope="module")
def interview() -> SearchIndex:
    return SearchIndex(
        [
            episode(
                "warp", ("Welcome", "intro", "", ()), ("Who is Zach Lloyd?", "content", "", ()),
                ("How does Google Sheets work?", "content", "", ()), ("Why did you build Warp in Rust?", "content", "", ()),
                ("Warp AI features", "content", "", ()), title="Supper Club × Zach Lloyd from Warp",
            ),
            episode("rust", ("Variables in Rust", "content", "", ()), ("Rust error messages", "content", "", ()), title="Rust for JS devs"),
        ],
        semantic=False,
    )  # fmt: skip


def test_guest_and_topic_land_on_the_topic_of_the_guests_episode(interview: SearchIndex) -> None:
    """Not on "Who is Zach Lloyd?", and not on another episode's Rust chapter."""
    answer = interview.search("zach lloyd rust").results[0]
    assert (answer.episode.id, answer.chapter.title) == ("warp", "Why did you build Warp in Rust?")
    assert interview.search("zach lloyd google sheets").results[0].chapter.title == "How does Google Sheets work?"


def test_the_guest_alone_finds_the_introduction(interview: SearchIndex) -> None:
    assert interview.search("zach lloyd").results[0].chapter.title == "Who is Zach Lloyd?"


def test_a_guest_named_only_by_the_introduction_chapter_still_marks_the_episode() -> None:
    """Show notes often name the guest in the description and in "Who is …?" alone: a question with
    the guest's name and a topic is confidently answered by that episode's chapter on the topic."""
    index = SearchIndex(
        [
            episode(
                "jsr", ("Who is Luca Casonato?", "content", "", ()), ("Is it ESM only?", "content", "", ()),
                ("Publishing a package", "content", "", ()), title="JSR: The New Package Registry",
                description="Wes and Scott talk with Luca Casonato about JSR.",
            ),
            episode("modules", ("ESM in Node", "content", "", ()), ("CommonJS interop", "content", "", ()), title="Modules"),
        ],
        semantic=False,
    )  # fmt: skip
    answer = index.search("luca casonato esm")
    assert [(m.episode.id, m.chapter.title) for m in answer.results[:1]] == [("jsr", "Is it ESM only?")]


def test_a_title_that_echoes_the_question_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Filler words make no chapter relevant, but between two on the same subject, the one whose
    title asks what the member asked ("does … help") is the one meant."""
    index = SearchIndex(
        [
            episode("fired", ("Computer science degree: worth it?", "content", "", ())),
            episode("joining", ("Does a degree in computer science help you land a job?", "content", "", ())),
        ],
        semantic=False,
    )  # fmt: skip
    assert index.search("does a computer science degree help").results[0].episode.id == "joining"
    assert index.search("computer science degree worth it").results[0].episode.id == "fired"
    monkeypatch.setattr("bot.core.search.scoring.ECHO", 0.0)
    assert index.search("does a computer science degree help").results[0].episode.id == "fired"  # without the echo
