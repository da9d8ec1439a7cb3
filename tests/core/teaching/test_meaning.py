"""Closeness in meaning: a later question in other words finds the confirmed one through the
sentence model, when it is installed; many taught questions are embedded without holding an answer up."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from bot.core.db import Storage
from bot.core.db.sqlite import SqliteStore
from bot.core.search import SearchIndex
from bot.core.search.semantic import shared_model, shared_questions
from bot.core.teaching import Teaching, TeachingLimits, expansion
from bot.core.teaching import service as teaching_service
from bot.core.teaching.service import model_embed

GUILD, MOD = 1001, 99
PCP = "huberman-ketamine@313"
FORMS = "huberman-ketamine@5545"
DOSES = "huberman-ketamine@5164"  # Doses & Routes of Administration (nasal sprays)
SEIZURES = "huberman-ketamine@2496"
BDNF = "huberman-ketamine@3336"  # Brain-Derived Neurotrophic Factor (BDNF) & Ketamine Therapy
OVERVIEW = "huberman-ketamine@0"
HELPLESSNESS = "huberman-ketamine@917"  # Preclinical Models of Depression & Ketamine; "Learned Helplessness"
HABENULA = "huberman-ketamine@4545"  # Habenula, Pro-Depressive Behaviors & Ketamine Therapy


async def first(teaching: Teaching, index: SearchIndex, question: str) -> str | None:
    answer = (await teaching.taught(GUILD)).adjust(question, index.search(question, limit=4), index, limit=4)
    return answer.results[0].chapter_id if answer.results else None


@pytest.mark.skipif(shared_model() is None, reason="all-MiniLM-L6-v2 is not installed (README: install)")
async def test_a_question_close_in_meaning_only_answers_with_the_confirmed_chapter(store: Storage, seed: SearchIndex) -> None:
    with_meaning = Teaching(store, key="k", embed=model_embed)
    words_only = Teaching(store, key="k", embed=lambda: None)
    await with_meaning.start()
    await with_meaning.vote(GUILD, "Spravato nasal spray", FORMS, MOD, 1, moderator=True)
    # "spravato nose spray" is not close in words (token_sort 87 < 88), and the search alone has no answer.
    assert await first(words_only, seed, "spravato nose spray") is None
    assert await first(with_meaning, seed, "spravato nose spray") == FORMS
    assert await first(with_meaning, seed, "bitcoin price") is None  # far in words and meaning: untouched


async def test_many_taught_questions_are_embedded_in_the_background(store: Storage, seed: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(teaching_service, "EMBED_AT_ONCE", 3)
    embedded: list[int] = []

    def embed(texts: list[str]) -> np.ndarray:
        embedded.append(len(texts))
        vectors = np.zeros((len(texts), 384), np.float32)
        vectors[:, 0] = 1.0  # every question means the same: any taught question is close in meaning
        return vectors

    teaching = Teaching(store, TeachingLimits(refresh_seconds=60), key="k", embed=lambda: embed)
    await teaching.start()
    for n in range(5):
        await teaching.vote(GUILD, f"taught question {n}", PCP, MOD, 1, moderator=True)
    # Five to embed, more than at once: the first answer compares in words only and does not wait.
    assert await first(teaching, seed, "bitcoin price") is None
    # Once the background embedding is kept (not merely begun), the next answer is close in (this
    # fake's) meaning.
    answered = None
    for _ in range(250):
        await asyncio.sleep(0.02)
        if (answered := await first(teaching, seed, "bitcoin price")) == PCP:
            break
    assert answered == PCP
    assert embedded.count(5) == 1 and 4 not in embedded  # embedded once, together, in the background


@pytest.mark.skipif(shared_model() is None, reason="all-MiniLM-L6-v2 is not installed (README: install)")
async def test_a_question_is_embedded_once_for_the_search_and_the_servers_teaching(
    tmp_path: Path, seed: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One database is enough (it plays no part), and the question is asked in no other test: the
    # process's embedder keeps the last few questions.
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        teaching = Teaching(store, key="k", embed=model_embed)
        await teaching.start()
        await teaching.vote(GUILD, "Spravato nasal spray", FORMS, MOD, 1, moderator=True)
        await first(teaching, seed, "warm up")  # the taught question embedded: only the asked one is counted below
        questions = shared_questions()
        assert questions is not None
        embed, asked = questions.model.embed, []
        monkeypatch.setattr(questions.model, "embed", lambda texts, **options: asked.extend(texts) or embed(texts, **options))
        assert await first(teaching, seed, "spray  Spravato into the nose") == FORMS
        assert asked == ["spray spravato into the nose"]


@pytest.mark.skipif(shared_model() is None, reason="all-MiniLM-L6-v2 is not installed (README: install)")
async def test_a_taught_question_is_searched_as_part_of_its_chapters_text(store: Storage, seed: SearchIndex) -> None:
    teaching = Teaching(store, key="k", embed=model_embed)
    words_only = Teaching(store, key="k", embed=lambda: None)
    await teaching.start()
    await teaching.vote(GUILD, "spravato nasal spray", DOSES, MOD, 1, moderator=True)
    await teaching.vote(GUILD, "ketamine seizures", SEIZURES, MOD, 1, moderator=True)
    await teaching.vote(GUILD, "what is this episode about", OVERVIEW, MOD, 1, moderator=True)
    # Neither close in words nor in meaning (cosines 0.5-0.8) to what was taught, and the search alone
    # has no answer: the chapter whose taught question means nearly the same answers.
    for asked, taught in (("spravato", DOSES), ("can it trigger a seizure", SEIZURES)):
        assert seed.search(asked).results == []
        assert await first(teaching, seed, asked) == taught
        assert await first(words_only, seed, asked) is None  # without the model, only close words count
    # The search answers "what is this about" with another chapter; the community's says the overview.
    assert (plain := seed.search("what is this about").results) and plain[0].chapter_id != OVERVIEW
    assert await first(teaching, seed, "what is this about") == OVERVIEW
    assert await first(teaching, seed, "bitcoin price") is None  # far from everything taught: untouched


@pytest.mark.skipif(shared_model() is None, reason="all-MiniLM-L6-v2 is not installed (README: install)")
async def test_a_question_between_two_taught_chapters_is_left_to_the_search(store: Storage, seed: SearchIndex) -> None:
    teaching = Teaching(store, key="k", embed=model_embed)
    await teaching.start()
    await teaching.vote(GUILD, "ketamine microdosing", FORMS, MOD, 1, moderator=True)
    assert await first(teaching, seed, "microdosing acid") == FORMS  # near one taught chapter only
    await teaching.vote(GUILD, "is microdosing ketamine effective", DOSES, MOD, 1, moderator=True)
    # Now about as near to two chapters' taught questions: neither is sure, the search's own answer
    # (none: LSD is not in the episode) stands.
    assert seed.search("microdosing acid").results == []
    assert await first(teaching, seed, "microdosing acid") is None


@pytest.mark.skipif(shared_model() is None, reason="all-MiniLM-L6-v2 is not installed (README: install)")
async def test_a_question_near_a_chapter_and_its_taught_question_together_finds_it(store: Storage, seed: SearchIndex) -> None:
    teaching = Teaching(store, key="k", embed=model_embed)
    await teaching.start()
    await teaching.vote(GUILD, "growth factor for neurons", BDNF, MOD, 1, moderator=True)
    asked = "ketamine makes neurons sprout"
    embed = model_embed()
    assert embed is not None
    taught_alone = float(np.dot(*embed(["growth factor for neurons", asked])))
    # Not near enough to the taught question alone, and the search answers another chapter; but the
    # chapter's own text (BDNF) read with what the community taught it as is near: it answers.
    assert taught_alone < expansion.MEANING_NEAR
    assert (plain := seed.search(asked).results) and plain[0].chapter_id != BDNF
    assert await first(teaching, seed, asked) == BDNF


async def helplessness_taught(store: Storage) -> Teaching:
    """A server whose moderator taught "learned helplessness in rats" for its chapter."""
    teaching = Teaching(store, key="k", embed=model_embed)
    await teaching.start()
    await teaching.vote(GUILD, "learned helplessness in rats", HELPLESSNESS, MOD, 1, moderator=True)
    return teaching


@pytest.mark.skipif(shared_model() is None, reason="all-MiniLM-L6-v2 is not installed (README: install)")
async def test_a_question_less_near_finds_a_taught_chapter_the_search_also_holds_among_its_best(
    store: Storage, seed: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    teaching = await helplessness_taught(store)
    asked = "rats that stop trying"
    # Less near to what was taught than a question the community's word carries alone, and the
    # search declines it; but the search weighs the taught chapter among its best candidates, and no
    # other taught chapter: the two together find it.
    assert seed.search(asked).results == []
    assert HELPLESSNESS in {w.match.chapter_id for w in seed.weigh(asked, limit=expansion.CANDIDATES)}
    assert await first(teaching, seed, asked) == HELPLESSNESS
    with monkeypatch.context() as without:  # the community's word alone would not carry it
        without.setattr(expansion, "CORROBORATED_NEAR", expansion.MEANING_NEAR)
        assert await first(teaching, seed, asked) is None
    # Another chapter taught as about the same thing, and also among the search's best: the search has
    # not told them apart, and neither answers.
    await teaching.vote(GUILD, "animals that give up", HABENULA, MOD, 1, moderator=True)
    assert HABENULA in {w.match.chapter_id for w in seed.weigh(asked, limit=expansion.CANDIDATES)}
    assert await first(teaching, seed, asked) is None


@pytest.mark.skipif(shared_model() is None, reason="all-MiniLM-L6-v2 is not installed (README: install)")
async def test_a_question_the_search_declines_finds_a_taught_chapter_less_near_with_no_rival(store: Storage, seed: SearchIndex) -> None:
    asked = "lab animals losing hope"
    assert seed.search(asked).results == []  # the search has no answer of its own
    teaching, bar = await helplessness_taught(store), expansion.UNANSWERED_NEAR
    with pytest.MonkeyPatch.context() as patch:
        # Without the search's corroboration (no candidates weighed), the taught chapter still answers:
        # less near than the community's word alone carries when the search answers, but nothing is
        # set against it.
        patch.setattr(expansion, "CANDIDATES", 0)
        assert await first(teaching, seed, asked) == HELPLESSNESS
        patch.setattr(expansion, "UNANSWERED_NEAR", expansion.MEANING_NEAR)
        assert await first(teaching, seed, asked) is None
        patch.setattr(expansion, "UNANSWERED_NEAR", bar)
        # Another chapter taught as about the same thing: about as near, so neither answers.
        await teaching.vote(GUILD, "animals that give up", HABENULA, MOD, 1, moderator=True)
        assert await first(teaching, seed, asked) is None
