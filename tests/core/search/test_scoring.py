"""How chapters are scored and ranked by their words: sponsors, introductions, episode titles (scoring.py)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.search import SearchIndex
from bot.core.search.arrays import best_positions, top_positions
from bot.core.search.matching import read_question
from bot.core.search.scoring import SUGGEST, Scratch, score
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


# --- the fast ways of adding up give the plain sum -------------------------------------------------


def _plain_coverage(index: SearchIndex, question: str) -> dict[int, float]:
    """Each chapter's coverage added up the slow way: every question word, repeated ones too, its
    best value over all of its lists, times its weight."""
    read = read_question(index.word_index, question, partial=True)
    total = np.zeros(index.size)
    for term in read.terms:
        best = np.zeros(index.size)
        for chapters, values in term.postings:
            np.maximum.at(best, chapters, values)
        total += term.weight * best
    weight = sum(t.weight for t in read.terms)
    return {int(c): total[c] / weight for c in np.flatnonzero(total >= SUGGEST * weight * (1 - 1e-5))}


@pytest.fixture(scope="module")
def common_words() -> SearchIndex:
    """A word in every chapter's summary ("show") with rare longer forms in titles ("showcase",
    "showing"), and another word in most titles: the catalog-wide sums the fast paths are for."""
    rng = random.Random(5)
    topics = ["sleep", "light", "coffee", "focus", "running", "memory", "stress", "music"]
    episodes = []
    for e in range(40):
        chapters = []
        for c in range(6):
            words = [rng.choice(topics), *(["talk"] if rng.random() < 0.7 else [])]
            if rng.random() < 0.05:  # in the title, where it weighs more than "show" in the summary
                words.append(rng.choice(["showcase", "showing", "showroom"]))
            chapters.append((" ".join(words).title(), "content", " ".join(["show", *rng.sample(topics, 2)]), ()))
        episodes.append(episode(f"ep-{e}", *chapters))
    return SearchIndex(episodes, semantic=False)


@pytest.mark.parametrize("typed", ["show talk", "show talk show", "talk sho", "the show the talk the sleep", "showing talk"])
def test_coverage_of_common_and_repeated_words_is_their_plain_sum(common_words: SearchIndex, typed: str) -> None:
    index = common_words
    found = score(index.word_index, read_question(index.word_index, typed, partial=True).terms, (0, index.size), Scratch(index.size))
    got = dict(zip(found.chapters.tolist(), found.scores.tolist()))
    want = _plain_coverage(index, typed)
    assert got.keys() == want.keys()
    assert all(got[c] == pytest.approx(want[c], rel=1e-5) for c in want)


@pytest.mark.parametrize("typed", ["show talk", "the show the talk the sleep", "showing talk", "sleep"])
def test_only_the_best_chapters_are_kept_when_the_caller_looks_at_no_more(common_words: SearchIndex, typed: str) -> None:
    """Common words make most of the catalog a candidate; with `keep`, score() hands over the best
    (of equal coverage, the earlier chapter), which is all that ranking them looks at."""
    index = common_words
    terms = read_question(index.word_index, typed, partial=True).terms
    want = _plain_coverage(index, typed)
    assert len(want) > 12
    best = sorted(sorted(want, key=lambda c: (-round(want[c], 5), c))[:12])
    found = score(index.word_index, terms, (0, index.size), Scratch(index.size), keep=12)
    assert found.chapters.tolist() == best


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]), min_size=1, max_size=400), st.integers(1, 120))
def test_the_best_scores_are_taken_with_ties_to_the_earlier_chapter(values: list[float], k: int) -> None:
    """The pool ranked in full: the k best, of equal scores the earlier (many equal scores are usual)."""
    scores = np.array(values, dtype=np.float32)
    want = np.sort(np.lexsort((np.arange(len(scores)), -scores))[:k])
    assert np.sort(top_positions(scores, k)).tolist() == want.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]), min_size=1, max_size=400), st.integers(1, 120))
def test_the_best_above_a_bar_are_all_of_them_or_the_k_best_in_order(values: list[float], k: int) -> None:
    scores = np.array(values, dtype=np.float32)
    above = np.flatnonzero(scores >= 0.5)
    want = above if len(above) <= k else np.sort(np.lexsort((np.arange(len(scores)), -scores))[:k])
    assert best_positions(scores, np.float32(0.5), k).tolist() == want.tolist()
