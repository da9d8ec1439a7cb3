"""/reload end to end: what it reports, who may use it, and questions answered while it runs."""

from __future__ import annotations

import asyncio
import json

from bot.discord_app.client import SegmentBot
from bot.settings import Settings
from tests.support.bots import Server
from tests.support.fakediscord import FakeDiscord


def _episode(bot_settings: Settings) -> dict:
    return json.loads((bot_settings.data_dir / "huberman-ketamine.json").read_text())


def _write(bot_settings: Settings, name: str, raw: dict) -> None:
    (bot_settings.data_dir / name).write_text(json.dumps(raw, indent=2, ensure_ascii=False))


async def test_plain_member_cannot_reload(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    before = segment_bot.catalog.current
    response = await (await fake_discord.slash("reload", member=server.member)).response()
    assert response.ephemeral and "Only moderators" in response.content
    assert segment_bot.catalog.current is before


async def test_moderator_reload_reports_what_changed(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings) -> None:
    raw = _episode(bot_settings)
    raw["chapters"][3]["title"] = "Depression & Today's Treatments"
    _write(bot_settings, "huberman-ketamine.json", raw)
    second = dict(raw, id="second-episode", chapters=raw["chapters"][:5])
    _write(bot_settings, "second.json", second)

    interaction = await fake_discord.slash("reload", member=server.admin)
    assert (await interaction.response()).type == 5  # deferred: a big catalog may take more than 3 s
    report = (await interaction.followup()).content
    assert "now serving 2 episodes, 27 chapters" in report
    assert "episodes added: 1 (second-episode)" in report
    assert "episodes changed: 1 (huberman-ketamine)" in report
    assert "chapters: 5 added, 1 changed" in report
    assert (await interaction.followup()).ephemeral


async def test_reload_with_a_broken_file_keeps_the_old_catalog_answering(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    (bot_settings.data_dir / "broken.json").write_text('{\n  "format": 1,\n  "id": "broken",\n  "title": 5\n}\n')
    interaction = await fake_discord.slash("reload", member=server.admin)
    report = (await interaction.followup()).content
    assert "Reload refused" in report and "Still serving the previous catalog (1 episodes, 22 chapters)" in report
    assert "broken.json:4: title must be text, not int" in report
    answer = await (await fake_discord.slash("segment", {"query": "habenula"})).response()
    assert answer.embeds[0]["title"].startswith("01:15:45")


async def test_mod_role_member_may_reload_once_admins_name_the_role(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    assert "Only moderators" in (await (await fake_discord.slash("reload", member=server.moderator)).response()).content
    set_role = await (await fake_discord.slash("config mod-role set", {"role": server.mod_role}, member=server.admin)).response()
    assert set_role.ephemeral and f"<@&{server.mod_role.id}>" in set_role.content
    interaction = await fake_discord.slash("reload", member=server.moderator)
    assert "nothing changed" in (await interaction.followup()).content
    await (await fake_discord.slash("config mod-role clear", member=server.admin)).response()
    assert "Only moderators" in (await (await fake_discord.slash("reload", member=server.moderator)).response()).content


async def test_questions_are_answered_while_a_reload_runs(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings) -> None:
    for n in range(300):  # enough data for the reload to take a while
        raw = _episode(bot_settings)
        _write(bot_settings, f"copy-{n}.json", dict(raw, id=f"copy-{n}"))
    reload = await fake_discord.slash("reload", member=server.admin)
    answers = [await (await fake_discord.slash("segment", {"query": "habenula"}, member=m)).response()
               for m in (server.member, server.moderator)]  # fmt: skip
    assert all(a.embeds or a.content for a in answers)
    assert "now serving 301 episodes" in (await reload.followup(timeout=30)).content


async def test_two_reloads_at_once_do_not_interleave(segment_bot: SegmentBot, bot_settings: Settings) -> None:
    raw = _episode(bot_settings)
    _write(bot_settings, "second.json", dict(raw, id="second"))
    first, second = await asyncio.gather(segment_bot.catalog.reload(), segment_bot.catalog.reload())
    assert first.changes.episodes_added == ["second"]
    assert not second.changes.any  # ran after the first, not alongside it


async def test_a_large_synonyms_file_reloads_while_questions_are_answered_and_its_warnings_are_shown(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    """99,000 synonym groups: a reload used to leave half the questions asked meanwhile past 3 s."""
    folder = bot_settings.data_dir / "synonyms"
    folder.mkdir()
    groups = (f"term{i}, alias{i}, the long name {i}" for i in range(99_000))  # under MAX_PHRASES
    (folder / "huberman.txt").write_text("podcast: Huberman Lab\nof, the\nbrain hub, habenula\n" + "\n".join(groups) + "\n")
    (folder / "other.txt").write_text("# a podcast not in the catalog\npodcast: Hubermann Labs\nwes, wes bos\n")
    reload = await fake_discord.slash("reload", member=server.admin)
    asked = [await fake_discord.slash("segment", {"query": "habenula"}, member=m) for m in (server.member, server.moderator) * 5]
    for question in asked:  # each within Discord's 3 s, or the fake refuses it and fails the test
        assert (await question.response()).embeds[0]["title"].startswith("01:15:45")
    report = (await reload.followup(timeout=60)).content
    assert report.startswith("Reloaded in") and "**Warnings** (2), loaded all the same" in report
    assert "huberman.txt:2: warning: 'of', 'the': only stopwords" in report
    assert "other.txt:2: warning: no episode in the catalog is of podcast 'hubermann labs'" in report
    answer = await (await fake_discord.slash("segment", {"query": "brain hub"})).response()
    assert answer.embeds[0]["title"].startswith("01:15:45")


async def test_reload_reports_a_transcript_it_cannot_use_and_the_episode_keeps_serving(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    raw = _episode(bot_settings)
    _write(bot_settings, "second.json", dict(raw, id="second-episode"))
    (bot_settings.data_dir / "second.transcript.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Ana>Hello.\n\n"
                                                               "00:00:02.000 --> 00:00:04.000\n<v Ben>Hi.\n")  # fmt: skip
    (bot_settings.data_dir / "huberman-ketamine.transcript.json").write_text('{"segments": 7}')
    report = (await (await fake_discord.slash("reload", member=server.admin)).followup()).content
    assert "now serving 2 episodes, 44 chapters" in report
    assert "**1 transcript(s) not used**; their episodes serve without them:" in report
    assert 'huberman-ketamine.transcript.json: JSON without a "segments" list' in report
    assert "Transcripts read with 1 repair(s) noted" in report
    served = {episode.id: episode.transcript for episode in segment_bot.catalog.current.episodes}
    assert served["huberman-ketamine"] is None and [cue.text for cue in served["second-episode"]] == ["Hello.", "Hi."]
    answer = await (await fake_discord.slash("segment", {"query": "habenula"})).response()
    assert answer.embeds[0]["title"].startswith("01:15:45")
