"""Search: from a question as people type it to the chapter that covers it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.episode_files import load_episode_file
from bot.core.episodes import Chapter, ChapterKind, Episode
from bot.core.search import Answer, SearchIndex

SEED = Path(__file__).resolve().parents[1] / "data" / "huberman-ketamine.json"


@pytest.fixture(scope="module")
def seed() -> SearchIndex:
    return SearchIndex([load_episode_file(SEED)])


def episode(episode_id: str, *chapters: tuple[str, ChapterKind, str, tuple[str, ...]]) -> Episode:
    """An episode whose chapters (title, kind, summary, keywords) start a minute apart."""
    return Episode(
        id=episode_id, title=episode_id.replace("-", " ").title(), podcast="Test Cast", duration=3600,
        chapters=tuple(Chapter(60 * i, t, k, s, kw) for i, (t, k, s, kw) in enumerate(chapters)),
    )  # fmt: skip


def starts(answer: Answer) -> list[str]:
    return [m.chapter.timestamp for m in answer.results]


def first(index: SearchIndex, question: str, **kwargs: str) -> str | None:
    answer = index.search(question, **kwargs)
    return answer.results[0].chapter.timestamp if answer.results else None


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


@pytest.mark.parametrize(
    "question",
    ["KETAMINE DOSE", "Ketamine, dose?!", "kétamine dosé", "“ketamine” ‘dose’", "ketamine — dose", "  ketamine  dose "],
)
def test_case_punctuation_accents_and_quotes_do_not_matter(seed: SearchIndex, question: str) -> None:
    assert starts(seed.search(question)) == starts(seed.search("ketamine dose"))


def test_typographic_apostrophe_is_the_same_as_a_straight_one(seed: SearchIndex) -> None:
    assert first(seed, "What’s a K‐hole?") == first(seed, "What's a k-hole?") == "01:26:04"


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("ketamin dosse", "01:26:04"),
        ("learned helplesness", "00:15:17"),
        ("habanula", "01:15:45"),
        ("neuroplastisity", "00:34:29"),
        ("ketamine seizzures", "00:41:36"),
    ],
)
def test_typos_are_tolerated(seed: SearchIndex, question: str, start: str) -> None:
    assert first(seed, question) == start


def test_word_order_is_free(seed: SearchIndex) -> None:
    assert starts(seed.search("dose ketamine")) == starts(seed.search("ketamine dose"))
    assert first(seed, "helplessness learned") == "00:15:17"


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


@pytest.mark.parametrize(
    ("contracted", "plain"),
    [
        ("Isn't ketamine addictive?", "Is ketamine addictive?"),
        ("Why doesn't ketamine help depression?", "Why does ketamine help depression?"),
        ("Won’t ketamine help PTSD?", "Will ketamine help PTSD?"),
    ],
)
def test_a_contraction_does_not_make_a_question_off_topic(seed: SearchIndex, contracted: str, plain: str) -> None:
    expected = first(seed, plain)
    assert expected is not None
    assert first(seed, contracted) == expected


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
