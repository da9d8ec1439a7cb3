"""Questions about a whole episode answer with the episode (episode_questions.py), and no other
question does."""

from __future__ import annotations

import json

import pytest

from bot.core.search import SearchIndex
from tests.support.catalogs import QUESTIONS, Labelled
from tests.support.search import SLEEP, episode

MURTHY = episode(
    "murthy", ("Loneliness", "content", "", ()), ("Social media and teens", "content", "", ()),
    title="Dr. Vivek Murthy: Surgeon General on Loneliness", podcast="Huberman Lab", number=112,
    people=("Andrew Huberman", "Vivek Murthy"),
)  # fmt: skip
NUMBERED_BY_TITLE = episode("crisper", ("Scaling a design team", "content", "", ()), title="37: Crisper Articulation (feat. Julie Zhuo)")
NUMBERED_BY_ID = episode("665-css-nesting", ("Nesting", "content", "", ()), title="CSS Nesting is Here!", podcast="Syntax")


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex([SLEEP, MURTHY, NUMBERED_BY_TITLE, NUMBERED_BY_ID])


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("the surgeon general episode", "murthy"),
        ("The one with Vivek Murthy", "murthy"),
        ("the episode featuring andrew huberman", "murthy"),
        ("episode 112", "murthy"),
        ("ep. 37", "crisper"),
        ("#665", "665-css-nesting"),
        ("syntax 665", "665-css-nesting"),
        ("the julie zhuo interview", "crisper"),
    ],
)
def test_a_question_about_a_whole_episode_answers_with_it(index: SearchIndex, question: str, wanted: str) -> None:
    answer = index.search(question)
    assert [e.id for e in answer.episodes[:1]] == [wanted]
    assert answer.results == answer.suggestions == []


@pytest.mark.parametrize("question", ["the one about insomnia", "episode 999", "the lex fridman episode", "syntax 37"])
def test_the_form_of_an_episode_question_naming_none_is_searched_as_usual(index: SearchIndex, question: str) -> None:
    assert index.search(question).episodes == ()


def test_within_one_episode_a_question_is_about_its_moments(index: SearchIndex) -> None:
    answer = index.search("the one with vivek murthy", episode="murthy")
    assert answer.episodes == ()


def test_the_real_question_sets_episode_questions(labelled: dict[str, Labelled], capsys: pytest.CaptureFixture[str]) -> None:
    """Design Details' questions about whole episodes get their episode; the chapter questions of
    every set never get an episode instead."""
    lines, wrong = [], 0
    for catalog in labelled.values():
        for item in catalog.episodes:
            got = [e.id for e in catalog.index.search(item["q"]).episodes[:1]]
            wrong += got != [item["episode"]]
            lines.append(f"  {'ok  ' if got == [item['episode']] else 'MISS'} {item['q']!r}: want {item['episode']}, got {got}")
        taken = [q["q"] for q in catalog.questions if catalog.index.search(q["q"]).episodes]
        wrong += len(taken)
        lines += [f"  TAKEN FOR AN EPISODE {catalog.name}: {q!r}" for q in taken]
    with capsys.disabled():
        print("\nquestions about whole episodes:\n" + "\n".join(lines))
    assert any(catalog.episodes for catalog in labelled.values()) and not wrong, "\n".join(lines)


def test_the_shipped_sets_questions_never_become_episode_questions(index: SearchIndex) -> None:
    spec = json.loads((QUESTIONS / "transcripts" / "moments.json").read_text(encoding="utf-8"))
    assert not [q["q"] for q in spec["questions"] if index.search(q["q"]).episodes]
