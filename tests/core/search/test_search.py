"""Search: from a question as people type it to the chapter that covers it (the public SearchIndex)."""

from __future__ import annotations

import pytest

from bot.core.episodes.codec import load_episode_file
from bot.core.search import Answer, SearchIndex
from tests.support.paths import SEED
from tests.support.search import episode, first

# --- the seed: what the issue promises ------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("ketamine dose", "01:26:04"),
        ("habenula", "01:15:45"),
        ("learned helplessness", "00:15:17"),
        ("BDNF", "00:55:36"),
        ("k-hole", "01:26:04"),
    ],
)
def test_seed_answers(seed: SearchIndex, question: str, start: str) -> None:
    assert first(seed, question) == start


def test_off_topic_question_gets_no_answer_and_no_suggestion(seed: SearchIndex) -> None:
    answer = seed.search("best pizza recipe")
    assert answer.results == [] and answer.suggestions == []


def test_half_matching_question_gets_did_you_mean_instead_of_an_answer(seed: SearchIndex) -> None:
    answer = seed.search("lsd microdosing")
    assert answer.results == []
    assert answer.suggestions and answer.suggestions[0].chapter.timestamp == "01:32:25"


def test_nothing_to_search_for_gives_nothing(seed: SearchIndex) -> None:
    for question in ("", "   ", "?!", "a b c"):
        answer = seed.search(question)
        assert answer.results == [] and answer.suggestions == [], question


def test_limit_caps_the_results(seed: SearchIndex) -> None:
    assert len(seed.search("ketamine", limit=5).results) == 5
    assert len(seed.search("ketamine", limit=2).results) == 2


def test_results_are_best_first_with_scores_out_of_100(seed: SearchIndex) -> None:
    results = seed.search("ketamine dose").results
    scores = [m.score for m in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 100 for s in scores)


def test_answers_do_not_depend_on_earlier_questions(seed: SearchIndex) -> None:
    """The index reuses buffers between questions; nothing may leak from one question into the next."""
    fresh = SearchIndex([load_episode_file(SEED)])
    before = fresh.search("ketamine dose")
    for question in ("ketamine", "glutamate ketamine", "keta", "best pizza recipe", "dose dose dose"):
        fresh.search(question)
        fresh.search(question, episode="no-such-episode")
        fresh.complete(question)
    assert fresh.search("ketamine dose") == before


# --- episodes ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two() -> SearchIndex:
    return SearchIndex([
        episode("ep-one", ("Intro", "intro", "", ()), ("Sleep & Caffeine", "content", "Coffee late in the day.", ())),
        episode("ep-two", ("Intro", "intro", "", ()), ("Sleep & Alcohol", "content", "A nightcap ruins sleep.", ())),
    ])  # fmt: skip


def test_episode_filter_keeps_answers_to_that_episode(two: SearchIndex) -> None:
    assert {m.episode.id for m in two.search("sleep").results} == {"ep-one", "ep-two"}
    assert {m.episode.id for m in two.search("sleep", episode="ep-two").results} == {"ep-two"}
    assert two.search("caffeine", episode="ep-two").results == []


def test_unknown_episode_filter_finds_nothing(two: SearchIndex) -> None:
    answer = two.search("sleep", episode="ep-nine")
    assert answer.results == [] and answer.suggestions == []


def test_episode_lookup(two: SearchIndex) -> None:
    assert two.episode("ep-two") is two.episodes[1]
    assert two.episode("ep-nine") is None


def test_empty_catalog_answers_nothing() -> None:
    empty = SearchIndex([])
    assert empty.search("ketamine dose") == Answer("ketamine dose", [], [])
    assert empty.complete("keta") == []
    assert empty.chapter("huberman-ketamine@5164") is None


# --- autocomplete and chapter ids ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("partial", "start"), [("dos", "01:26:04"), ("ketamine dos", "01:26:04"), ("haben", "01:15:45")]
)
def test_autocomplete_finds_the_chapter_from_a_partial_word(seed: SearchIndex, partial: str, start: str) -> None:
    assert seed.complete(partial)[0].chapter.timestamp == start


def test_autocomplete_on_a_prefix_offers_the_chapters_that_have_the_word_first(seed: SearchIndex) -> None:
    """Every chapter of an episode titled "Ketamine: ..." is about ketamine; those that say so come first."""
    has_word = ["ketamine" in (m.chapter.title + m.chapter.summary).lower() for m in seed.complete("keta")]
    assert has_word.count(True) >= 10
    assert has_word == sorted(has_word, reverse=True)


def test_autocomplete_offers_nothing_for_unknown_text(seed: SearchIndex) -> None:
    assert seed.complete("pizz") == []
    assert seed.complete("") == []


def test_autocomplete_honours_limit_and_episode(two: SearchIndex) -> None:
    assert len(two.complete("sle", limit=1)) == 1
    assert {m.episode.id for m in two.complete("sle", episode="ep-one")} == {"ep-one"}


def test_chapter_id_answers_that_chapter_directly(seed: SearchIndex) -> None:
    answer = seed.search("huberman-ketamine@5164")
    [match] = answer.results
    assert match.chapter.timestamp == "01:26:04"
    assert match.chapter.title == "Doses & Routes of Administration; “K-holes”; Risk & Caution"
    assert match.score == 100


def test_every_autocomplete_value_resolves_to_its_chapter(seed: SearchIndex) -> None:
    for match in seed.complete("keta"):
        assert len(match.chapter_id) <= 100  # a Discord autocomplete value
        [resolved] = seed.search(match.chapter_id).results
        assert resolved.chapter == match.chapter


@pytest.mark.parametrize("chapter_id", ["huberman-ketamine@5165", "other-episode@5164"])
def test_chapter_id_that_names_no_chapter_resolves_to_nothing(seed: SearchIndex, chapter_id: str) -> None:
    assert seed.chapter(chapter_id) is None


def test_chapter_id_outside_the_episode_filter_is_not_answered_directly(seed: SearchIndex) -> None:
    assert seed.chapter("huberman-ketamine@5164", episode="other") is None
    assert seed.chapter("huberman-ketamine@5164", episode="huberman-ketamine") is not None


def test_the_same_moment_is_shown_once() -> None:
    """The same chapter in two episode files (a re-release), and two chapters at one second."""
    original = episode("design-systems", ("Design tokens", "content", "", ()), ("Naming things", "content", "", ()), title="Design Systems")
    copy = episode("design-systems-copy", ("Design tokens", "content", "", ()), ("Naming things", "content", "", ()), title="Design Systems")
    index = SearchIndex([original, copy], semantic=False)
    results = index.search("design tokens").results
    assert [m.chapter.title for m in results].count("Design tokens") == 1


# --- episodes without chapters (a feed keeps them) ------------------------------------------------


def test_an_episode_without_chapters_is_found_by_its_title_and_description() -> None:
    chapterless = episode(
        "sourdough-basics", title="Sourdough Basics with Maria Lopez",
        description="Why a starter needs feeding, how long dough should proof, and baking in a dutch oven.",
    )  # fmt: skip
    index = SearchIndex([load_episode_file(SEED), chapterless], semantic=False)
    for question in ("sourdough basics", "maria lopez sourdough", "how long should dough proof"):
        [best, *_] = index.search(question).results
        assert (best.episode.id, best.chapter.start, best.chapter.title) == (
            "sourdough-basics", 0, "Sourdough Basics with Maria Lopez"
        ), question
        assert index.chapter(best.chapter_id) is not None  # picking the suggestion answers it again
    # Listed as published: no chapter is made up outside search.
    assert index.episode("sourdough-basics") == chapterless and index.episode("sourdough-basics").chapters == ()
    assert first(index, "ketamine dose") == "01:26:04"
