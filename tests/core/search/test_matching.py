"""Matching question words to the catalog's words: folding, typos, word order, contractions (matching.py)."""

from __future__ import annotations

import pytest

from bot.core.search import SearchIndex
from tests.support.search import episode, first, starts  # noqa: F401 (seed is a fixture)


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


def test_a_dotted_name_is_found_as_people_say_it() -> None:
    """".env" is said "dotenv", ".NET" "dotnet"."""
    index = SearchIndex(
        [episode("node", ("Implementing .env", "content", "", ()), ("Loaders", "content", "", ()), title="What is new in .NET")],
        semantic=False,
    )
    assert [m.chapter.title for m in index.search("dotenv").results[:1]] == ["Implementing .env"]
    assert index.search("dotnet loaders").results[0].chapter.title == "Loaders"


def test_a_longer_word_matches_a_shorter_one_only_by_a_suffix() -> None:
    """"faster" is a form of "fast" and "resistors" of "resistance"; "breakup" is no form of "break"."""
    index = SearchIndex(
        [episode("e", ("Fast builds", "content", "", ()), ("Resistance", "content", "", ()), ("Breaking changes", "content", "", ()))],
        semantic=False,
    )
    assert first(index, "faster") == "00:00:00"
    assert first(index, "resistors") == "00:01:00"
    assert index.search("breakup").results == []


def test_two_words_the_catalog_writes_as_one_find_it() -> None:
    """"burning out" is "burnout", "set up" "setup"; "dark mode", two words the catalog has, stays two."""
    index = SearchIndex(
        [episode("e", ("Avoiding burnout", "content", "", ()), ("Project setup", "content", "", ()),
                 ("Darkmode toggles", "content", "", ()), ("Dark mode in CSS", "content", "", ()), ("Mode switching", "content", "", ()))],
        semantic=False,
    )  # fmt: skip
    assert first(index, "burning out") == "00:00:00"
    assert first(index, "how to set up a project") == "00:01:00"
    assert first(index, "dark mode") == "00:03:00"


def test_an_acronym_finds_the_two_words_a_title_says_side_by_side() -> None:
    """"vr" is "virtual reality" where a title says so, not a chapter that says one of the words."""
    index = SearchIndex(
        [episode("e", ("Virtual machines", "content", "", ()), ("Games in virtual reality", "content", "", ()), ("Reality TV", "content", "", ()))],
        semantic=False,
    )
    assert starts(index.search("vr")) == ["00:01:00"]
    assert first(index, "vr games") == "00:01:00"
    assert index.search("zq").results == []


def test_letters_that_begin_word_pairs_in_many_titles_are_no_acronym() -> None:
    """In a large catalog two letters begin word pairs of hundreds of titles ("sp": "sleep
    problems", "screen pixels", ...): none is what the member meant more than another, so none is
    read as the acronym; where one title spells them, it is."""
    pairs = [f"{s} {p}" for s in ("sleep", "screen", "sugar", "sound", "stress") for p in ("problems", "pixels", "power", "panels", "plans")]
    many = SearchIndex([episode(f"e{i}", *((f"{pair.title()} {n}", "content", "", ()) for n in range(2))) for i, pair in enumerate(pairs)], semantic=False)
    assert many.search("sp").results == []
    one = SearchIndex([episode("e", ("Sleep problems", "content", "", ()), ("Coffee", "content", "", ()))], semantic=False)
    assert first(one, "sp") == "00:00:00"
