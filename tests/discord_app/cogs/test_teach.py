"""Members and moderators teach the bot, end to end on the fake Discord: the buttons under an answer,
the "did you mean" menu, /teach with its chapter autocomplete, /teaching undo, report and clear, and
who may use them."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot.discord_app.client import SegmentBot
from tests.support.bots import Server
from tests.support.fakediscord import FakeDiscord
from tests.support.fakediscord.models import Member

DOSES, FORMS, HABENULA = "huberman-ketamine@5164", "huberman-ketamine@5545", "huberman-ketamine@4545"
NOT_MODERATOR = "Only moderators can do this: members with **Manage Server** or the server's moderator role."


def _custom_id(components: list[dict], label: str) -> str:
    for row in components:
        for component in row["components"]:
            if label in (component.get("label"), component.get("placeholder")):
                return component["custom_id"]
    raise AssertionError(f"no component {label!r} in {components}")


def _members(fake: FakeDiscord, server: Server, count: int) -> list[Member]:
    return [fake.add_member(server.guild, f"listener-{n}") for n in range(count)]


async def _first_title(fake: FakeDiscord, question: str, member: Member) -> str | None:
    """The title of the answer a member gets, None when none (the reply is then a private text)."""
    response = await (await fake.slash("segment", {"query": question}, member=member)).response()
    return response.embeds[0]["title"] if response.embeds else None


async def _noted(bot: SegmentBot, misses: int) -> None:
    """Wait until the bot has noted `misses` unanswered questions: it does so after answering."""
    for _ in range(100):
        if (await bot.store.read_sql("SELECT count(*) FROM teach_misses"))[0][0] >= misses:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {misses} unanswered questions noted")


async def test_not_this_one_shows_the_next_result_and_two_members_drop_the_first_for_everyone(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server
) -> None:
    alice, bob, carol = _members(fake_discord, server, 3)
    for member in (alice, bob):
        answer = await (await fake_discord.slash("segment", {"query": "ketamine dose"}, member=member)).response()
        assert answer.embeds[0]["title"].endswith("Doses & Routes of Administration; “K-holes”; Risk & Caution")
        assert not answer.ephemeral and answer.allowed_mentions == {"parse": []}
        shown = await (await fake_discord.click(answer, _custom_id(answer.components, "Not this one"), member=member)).response()
        assert shown.ephemeral and shown.embeds[0]["title"] == "01:32:25 · Ketamine Forms; R-, S- vs R/S- Ketamine; Micro-Dosing"
        helped = await (await fake_discord.click(shown, _custom_id(shown.components, "Helped"), member=member)).response()
        assert helped.ephemeral and helped.content.startswith("Thanks! Noted that this answered **ketamine dose**")
        again = await (await fake_discord.click(shown, _custom_id(shown.components, "Helped"), member=member)).response()
        assert again.content == "You already said this answered it; one vote per member."
    # Two members said so: a third asking in other words gets the chapter they settled on.
    assert await _first_title(fake_discord, "Ketamine doses?", carol) == "01:32:25 · Ketamine Forms; R-, S- vs R/S- Ketamine; Micro-Dosing"


async def test_one_members_votes_change_nothing_for_others(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    alice, bob = _members(fake_discord, server, 2)
    before = await _first_title(fake_discord, "ketamine dose", bob)
    answer = await (await fake_discord.slash("segment", {"query": "ketamine dose"}, member=alice)).response()
    for _ in range(10):
        await (await fake_discord.click(answer, _custom_id(answer.components, "Not this one"), member=alice)).response()
    assert await _first_title(fake_discord, "ketamine dose", bob) == before


async def test_picking_a_suggestion_is_the_members_answer(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    alice, bob, carol = _members(fake_discord, server, 3)
    for member in (alice, bob):
        offered = await (await fake_discord.slash("segment", {"query": "lateral habenula"}, member=member)).response()
        assert offered.ephemeral and "Did you mean:" in offered.content
        menu = _custom_id(offered.components, "Did you mean…")
        picked = await (await fake_discord.select(offered, menu, ["0"], member=member)).response()
        assert picked.type == 7 and picked.embeds[0]["title"].startswith("01:15:45 · Habenula")
    assert (await _first_title(fake_discord, "Lateral habenula", carol) or "").startswith("01:15:45 · Habenula")


async def test_a_moderator_teaches_with_autocomplete_and_undoes_it(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    await (await fake_discord.slash("config mod-role set", {"role": server.mod_role}, member=server.admin)).response()
    assert await _first_title(fake_discord, "lateral habenula", server.member) is None
    choices = await fake_discord.autocomplete("teach", {"phrase": "lateral habenula", "chapter": "haben"}, focused="chapter",
                                              member=server.moderator)  # fmt: skip
    assert choices[0]["value"] == HABENULA
    taught = await (await fake_discord.slash("teach", {"phrase": "lateral habenula", "chapter": HABENULA}, member=server.moderator)).followup()
    assert taught.ephemeral and taught.content.startswith("Taught: questions like **lateral habenula** now answer with `01:15:45`")
    assert await _first_title(fake_discord, "the lateral habenula", server.member) == "01:15:45 · Habenula, Pro-Depressive Behaviors & Ketamine Therapy"

    pairs = await fake_discord.autocomplete("teaching undo", {"pair": "habenula"}, focused="pair", member=server.moderator)
    assert [p["name"] for p in pairs] == ["lateral habenula → Habenula, Pro-Depressive Behaviors & Ketamine Therapy (moderator)"]
    assert await fake_discord.autocomplete("teaching undo", {"pair": ""}, focused="pair", member=server.member) == []
    undone = await (await fake_discord.slash("teaching undo", {"pair": pairs[0]["value"]}, member=server.moderator)).followup()
    assert undone.ephemeral and undone.content.startswith("Forgotten: **lateral habenula**")
    assert await _first_title(fake_discord, "lateral habenula", server.member) is None
    wrong = await (await fake_discord.slash("teach", {"phrase": "x", "chapter": "no-such@1"}, member=server.moderator)).followup()
    assert wrong.ephemeral and wrong.content.startswith("There is no chapter **no-such@1**")


async def test_the_report_groups_what_was_not_found_and_clear_deletes_it(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    for question in ("caffeine and sleep", "Caffeine & sleep?", "MDMA therapy", "<@123> @everyone " + "x" * 150):
        await (await fake_discord.slash("segment", {"query": question}, member=server.member)).response()
    await _noted(segment_bot, 4)
    report = await (await fake_discord.slash("teaching report", member=server.admin)).followup()
    assert report.ephemeral and report.allowed_mentions == {"parse": []}
    lines = report.content.splitlines()
    assert lines[1:3] == ["• **caffeine and sleep** — 2× no answer", "• **mdma therapy** — 1× no answer"]
    kept = await (await fake_discord.slash("teaching clear", {"confirm": False}, member=server.admin)).followup()
    assert kept.content == "Nothing deleted (confirm was False)."
    cleared = await (await fake_discord.slash("teaching clear", {"confirm": True}, member=server.admin)).followup()
    assert cleared.ephemeral and cleared.content.startswith("Deleted 4 record(s)")
    empty = await (await fake_discord.slash("teaching report", member=server.admin)).followup()
    assert empty.content.startswith("Members found everything they asked in the last 30 days")


async def test_members_cannot_teach_undo_report_or_clear(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    for command, options in (("teach", {"phrase": "x", "chapter": HABENULA}), ("teaching report", {}),
                             ("teaching clear", {"confirm": True}), ("teaching undo", {"pair": "abc"})):  # fmt: skip
        refused = await (await fake_discord.slash(command, options, member=server.member)).response()
        assert refused.ephemeral and refused.content == NOT_MODERATOR, command
    synced = {c["name"]: c for c in fake_discord.synced_commands()}
    assert synced["teach"]["default_member_permissions"] == synced["teaching"]["default_member_permissions"] == "32"


async def test_a_failing_database_stops_no_answer_and_every_refusal_is_said(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = await (await fake_discord.slash("segment", {"query": "ketamine dose"}, member=server.member)).response()

    async def full(*args: object) -> object:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(segment_bot.store, "read_sql", full)
    monkeypatch.setattr(segment_bot.store, "run_sql", full)
    segment_bot.teaching._snapshots.clear()  # read the server's teaching again, from the failing database
    again = await (await fake_discord.slash("segment", {"query": "ketamine dose"}, member=server.member)).response()
    assert again.embeds[0]["title"] == answer.embeds[0]["title"]
    missed = await (await fake_discord.slash("segment", {"query": "bitcoin price"}, member=server.member)).response()
    assert missed.ephemeral and missed.content.startswith("Nothing in the catalog matches")
    vote = await (await fake_discord.click(answer, _custom_id(answer.components, "Helped"), member=server.member)).response()
    assert vote.ephemeral and vote.content.startswith("I couldn't save your vote")
    report = await (await fake_discord.slash("teaching report", member=server.admin)).followup()
    assert report.ephemeral and report.content.startswith("I couldn't save that")
