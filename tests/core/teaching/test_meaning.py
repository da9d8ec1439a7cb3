"""Closeness in meaning: a later question in other words finds the confirmed one through the
sentence model, when it is installed; many taught questions are embedded without holding an answer up."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from bot.core.db import Storage
from bot.core.search import SearchIndex
from bot.core.search.semantic import shared_model
from bot.core.teaching import Teaching, TeachingLimits
from bot.core.teaching import service as teaching_service
from bot.core.teaching.service import model_embed

GUILD, MOD = 1001, 99
PCP = "huberman-ketamine@313"
FORMS = "huberman-ketamine@5545"


async def first(teaching: Teaching, index: SearchIndex, question: str) -> str | None:
    answer = (await teaching.taught(GUILD)).adjust(question, index.search(question, limit=4), index, limit=4)
    return answer.results[0].chapter_id if answer.results else None


@pytest.mark.skipif(shared_model() is None, reason="all-MiniLM-L6-v2 is not installed (README: install)")
async def test_a_question_close_in_meaning_only_answers_with_the_confirmed_chapter(store: Storage, seed: SearchIndex) -> None:
    with_meaning = Teaching(store, key="k", embed=model_embed)
    words_only = Teaching(store, key="k", embed=lambda: None)
    await with_meaning.start()
    await with_meaning.vote(GUILD, "Spravato nasal spray", FORMS, MOD, 1, moderator=True)
    # "spravato spray" shares too few words with it (token_sort 82 < 88), and the search alone has no answer.
    assert await first(words_only, seed, "spravato spray") is None
    assert await first(with_meaning, seed, "spravato spray") == FORMS
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
    for _ in range(100):
        if 5 in embedded:
            break
        await asyncio.sleep(0.02)
    assert embedded.count(5) == 1 and 4 not in embedded  # embedded once, together, in the background
    assert await first(teaching, seed, "bitcoin price") == PCP  # now close in (this fake's) meaning
