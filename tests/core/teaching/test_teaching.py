"""The community teaches the bot, on both databases: what applies to everyone and what does not
(the bound), moderators' teaching and undo, the report, retention and clearing, and no member id
kept in the clear."""

from __future__ import annotations

import pytest

from bot.core.db import Storage
from bot.core.search import SearchIndex
from bot.core.teaching import Teaching, TeachingLimits

GUILD, OTHER_GUILD = 1001, 1002
ALICE, BOB, CAROL, MOD = 11, 12, 13, 99
PCP = "huberman-ketamine@313"  # Ketamine & PCP; Clinical & Recreational Use
DOSES = "huberman-ketamine@5164"  # Doses & Routes of Administration; "K-holes"
FORMS = "huberman-ketamine@5545"  # Ketamine Forms; R-, S- vs R/S- Ketamine; Micro-Dosing
DAY = 86400.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def teaching(store: Storage) -> Teaching:
    # Words only: the tests of meaning are in test_meaning.py. No snapshot kept, so each read is fresh.
    taught = Teaching(store, TeachingLimits(refresh_seconds=0), key="test-key", embed=lambda: None, clock=Clock())
    await taught.start()
    return taught


async def first(teaching: Teaching, index: SearchIndex, question: str, guild: int = GUILD) -> str | None:
    answer = (await teaching.taught(guild)).adjust(question, index.search(question, limit=4), index, limit=4)
    return answer.results[0].chapter_id if answer.results else None


async def test_two_members_confirm_a_pair_and_a_later_close_question_answers_with_it(teaching: Teaching, seed: SearchIndex) -> None:
    assert await first(teaching, seed, "spravato") is None  # the search alone has no answer
    assert await teaching.vote(GUILD, "Spravato", FORMS, ALICE, 1, moderator=False)
    assert await first(teaching, seed, "spravato") is None  # one member: nothing moves for anyone
    await teaching.vote(GUILD, "spravato", FORMS, BOB, 1, moderator=False)
    assert await first(teaching, seed, "Spravatto!") == FORMS  # a typo of the confirmed question
    assert await first(teaching, seed, "spravato", guild=OTHER_GUILD) is None  # per server


async def test_ten_votes_from_one_member_move_nothing_for_others(teaching: Teaching, seed: SearchIndex) -> None:
    before = {q: await first(teaching, seed, q) for q in ("special k", "ketamine dose", "spravato")}
    assert not await teaching.vote(GUILD, "special k", DOSES, ALICE, -1, moderator=False) or True
    casts = [await teaching.vote(GUILD, "special k", PCP, ALICE, -1, moderator=False) for _ in range(10)]
    assert casts == [True] + [False] * 9  # one vote per member and answer
    for chapter in (DOSES, FORMS, PCP):
        await teaching.vote(GUILD, "spravato", chapter, ALICE, 1, moderator=False)
        await teaching.vote(GUILD, "ketamine dose", chapter, ALICE, -1, moderator=False)
    assert {q: await first(teaching, seed, q) for q in before} == before
    assert not await teaching.taught(GUILD)


async def test_two_members_voting_a_moment_down_drop_it_for_the_question(teaching: Teaching, seed: SearchIndex) -> None:
    assert await first(teaching, seed, "ketamine dose") == DOSES
    for member in (ALICE, BOB):
        await teaching.vote(GUILD, "ketamine dose", DOSES, member, -1, moderator=False)
    assert await first(teaching, seed, "Ketamine doses?") == FORMS  # the next result, for a close question too
    assert await first(teaching, seed, "ketamine opioid") != FORMS  # other questions are untouched


async def test_a_moderator_teaches_at_once_and_undoes_it(teaching: Teaching, seed: SearchIndex) -> None:
    await teaching.vote(GUILD, "vitamin k", PCP, MOD, 1, moderator=True)
    assert await first(teaching, seed, "Vitamin K") == PCP
    [pair] = await teaching.pairs(GUILD)
    assert (pair.question, pair.chapter_id, pair.verdict(2)) == ("vitamin k", PCP, 1)
    assert await teaching.undo(GUILD, pair.key) == pair
    assert await teaching.pairs(GUILD) == [] and await first(teaching, seed, "vitamin k") != PCP
    assert await teaching.undo(GUILD, pair.key) is None


async def test_teaching_keeps_a_whole_episodes_answer_and_the_searchs_confidence_only_for_its_own_best(
    teaching: Teaching, seed: SearchIndex
) -> None:
    await teaching.vote(GUILD, "the ketamine episode", PCP, MOD, 1, moderator=True)
    await teaching.vote(GUILD, "vitamin k", PCP, MOD, 1, moderator=True)
    taught = await teaching.taught(GUILD)
    episode = seed.search("the ketamine episode", limit=4)
    assert episode.episodes and taught.adjust("the ketamine episode", episode, seed, limit=4) == episode
    searched = seed.search("ketamine dose", limit=4)
    assert searched.confidence is not None  # the search's model decided to answer
    assert taught.adjust("ketamine dose", searched, seed, limit=4).confidence == searched.confidence
    assert [m.chapter_id for m in seed.search("vitamin k", limit=4).results[:1]] != [PCP]
    assert taught.adjust("vitamin k", seed.search("vitamin k", limit=4), seed, limit=4).confidence is None  # taught, not weighed


async def test_a_moderators_vote_down_outweighs_members(teaching: Teaching, seed: SearchIndex) -> None:
    for member in (ALICE, BOB, CAROL):
        await teaching.vote(GUILD, "spravato", DOSES, member, 1, moderator=False)
    assert await first(teaching, seed, "spravato") == DOSES
    await teaching.vote(GUILD, "spravato", DOSES, MOD, -1, moderator=True)
    assert await first(teaching, seed, "spravato") != DOSES


async def test_member_ids_are_kept_only_as_keyed_hashes(teaching: Teaching, store: Storage) -> None:
    await teaching.vote(GUILD, "spravato", FORMS, 123456789012345678, 1, moderator=False)
    await teaching.vote(OTHER_GUILD, "spravato", FORMS, 123456789012345678, 1, moderator=False)
    rows = await store.read_sql("SELECT * FROM teach_votes")
    assert "123456789012345678" not in repr(rows)
    members = {row[3] for row in rows}
    assert len(members) == 2  # the same member in two servers cannot be linked
    other_key = Teaching(store, key="another-key")
    assert other_key.member(GUILD, 123456789012345678) not in members


async def test_without_a_key_in_the_environment_every_process_uses_the_one_kept_in_the_database(store: Storage) -> None:
    first_process, second_process = Teaching(store), Teaching(store)
    await first_process.start()
    await second_process.start()
    assert first_process.member(GUILD, ALICE) == second_process.member(GUILD, ALICE)


async def test_the_report_groups_and_counts_what_was_not_found_in_the_last_30_days(teaching: Teaching) -> None:
    clock = teaching._clock
    assert isinstance(clock, Clock)
    await teaching.missed(GUILD, "caffeine and sleep")  # 40 days ago: not reported
    clock.now += 40 * DAY
    for question in ("Caffeine and sleep", "caffeine & sleep", "sleep and caffeine", "mdma therapy"):
        await teaching.missed(GUILD, question)
    await teaching.vote(GUILD, "mdma therapy", PCP, ALICE, -1, moderator=False)
    await teaching.missed(OTHER_GUILD, "caffeine and sleep")
    assert await teaching.report(GUILD) == [
        ("caffeine and sleep", {"no answer": 3}),
        ("mdma therapy", {"no answer": 1, "voted down": 1}),
    ]


async def test_old_records_are_deleted_and_clear_empties_one_server(teaching: Teaching, store: Storage) -> None:
    clock = teaching._clock
    assert isinstance(clock, Clock)
    await teaching.vote(GUILD, "old question", PCP, ALICE, 1, moderator=False)
    await teaching.missed(GUILD, "old miss")
    clock.now += 91 * DAY
    await teaching.vote(GUILD, "new question", PCP, ALICE, 1, moderator=False)
    await teaching.missed(OTHER_GUILD, "new miss")
    assert await teaching.purge() == 2
    assert [p.question for p in await teaching.pairs(GUILD)] == ["new question"]
    assert await teaching.clear(GUILD) == 1
    assert await teaching.pairs(GUILD) == [] and await teaching.report(OTHER_GUILD) == [("new miss", {"no answer": 1})]
