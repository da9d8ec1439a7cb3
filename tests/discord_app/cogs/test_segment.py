"""/segment end to end: the real discord.py client, on the fake Discord, answering as members would see."""

from __future__ import annotations

import logging

import pytest

from bot.core.search import SearchIndex
from bot.discord_app.client import SegmentBot
from tests.support.bots import Server
from tests.support.fakediscord import FakeDiscord


def _explode(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    """Make a SearchIndex method fail, as an unforeseen bug would."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index exploded")

    monkeypatch.setattr(SearchIndex, method, broken)


def _logged_explosion(caplog: pytest.LogCaptureFixture) -> bool:
    return any(r.exc_info and "index exploded" in str(r.exc_info[1]) for r in caplog.records)


async def test_login_syncs_commands_within_discords_limits(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    synced = {c["name"]: c for c in fake_discord.synced_commands()}
    assert set(synced) == {"segment", "episodes", "reload", "config", "feed", "episode", "teach", "teaching"}
    options = {o["name"]: o for o in synced["segment"]["options"]}
    assert options["query"]["required"] and options["query"]["autocomplete"]
    assert options["episode"]["autocomplete"] and not options["episode"].get("required")
    # Hidden by default from members without Manage Server (bit 1 << 5).
    assert synced["reload"]["default_member_permissions"] == "32"
    assert synced["config"]["default_member_permissions"] == "32"
    assert synced["segment"].get("default_member_permissions") is None
    assert fake_discord.sync_count == 1


async def test_answer_is_an_embed_with_timestamp_summary_and_note(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    interaction = await fake_discord.slash("segment", {"query": "ketamine dose"}, member=server.member)
    response = await interaction.response()
    assert response.type == 4 and not response.ephemeral
    (embed,) = response.embeds
    assert embed["title"] == "01:26:04 · Doses & Routes of Administration; “K-holes”; Risk & Caution"
    assert "[01:26:04](https://www.youtube.com/watch?v=Rxmv7rT9leo&t=5164)" in embed["description"]
    assert "K-holes" in embed["description"]
    assert embed["author"]["name"] == "Huberman Lab"
    assert embed["fields"][0] == {"name": "Episode", "value": "Ketamine: Benefits and Risks for Depression, PTSD & Neuroplasticity", "inline": False}
    assert embed["footer"]["text"].startswith("Not medical advice")
    assert response.allowed_mentions == {"parse": []}


async def test_related_chapters_are_listed(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    response = await (await fake_discord.slash("segment", {"query": "ketamine dose"})).response()
    related = {f["name"]: f["value"] for f in response.embeds[0]["fields"]}["Also relevant"]
    assert "[01:32:25](https://www.youtube.com/watch?v=Rxmv7rT9leo&t=5545) Ketamine Forms" in related
    assert len(related.splitlines()) <= 3


async def test_seed_answer_opens_the_youtube_video_at_the_moment(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    embed = (await (await fake_discord.slash("segment", {"query": "habenula"})).response()).embeds[0]
    assert embed["url"] == "https://www.youtube.com/watch?v=Rxmv7rT9leo&t=4545"
    assert embed["description"].startswith("[01:15:45](https://www.youtube.com/watch?v=Rxmv7rT9leo&t=4545)")


async def test_timestamp_is_plain_text_when_the_host_has_no_start_time_form(fake_discord: FakeDiscord, segment_bot: SegmentBot, bot_settings) -> None:
    path = bot_settings.data_dir / "huberman-ketamine.json"
    path.write_text(path.read_text().replace("https://www.youtube.com/watch?v=Rxmv7rT9leo", "https://example.com/episodes/ketamine"))
    assert (await segment_bot.catalog.reload()).ok
    embed = (await (await fake_discord.slash("segment", {"query": "habenula"})).response()).embeds[0]
    assert "url" not in embed or embed["url"] is None
    assert embed["description"].startswith("`01:15:45`")


async def test_off_topic_question_gets_a_private_no_match(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    response = await (await fake_discord.slash("segment", {"query": "best pizza recipe"})).response()
    assert response.ephemeral and not response.embeds
    assert "Nothing in the catalog matches **best pizza recipe**" in response.content


async def test_near_miss_offers_did_you_mean(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    response = await (await fake_discord.slash("segment", {"query": "habenula pizza oven"})).response()
    assert response.ephemeral
    assert "Did you mean" in response.content and "01:15:45" in response.content


async def test_picking_a_suggestion_answers_that_exact_chapter(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    choices = await fake_discord.autocomplete("segment", {"query": "habenu"}, focused="query")
    assert choices[0] == {"name": "01:15:45 · Habenula, Pro-Depressive Behaviors & Ketamine Therapy", "value": "huberman-ketamine@4545"}
    response = await (await fake_discord.slash("segment", {"query": choices[0]["value"]})).response()
    assert response.embeds[0]["title"].startswith("01:15:45 · Habenula")


@pytest.mark.parametrize("typed, expected", [("keta", None), ("dos", "01:26:04"), ("ketamin dos", "01:26:04"), ("learned helpl", "00:15:17")])
async def test_autocomplete_follows_partial_words(fake_discord: FakeDiscord, segment_bot: SegmentBot, typed: str, expected: str | None) -> None:
    choices = await fake_discord.autocomplete("segment", {"query": typed}, focused="query")
    assert 0 < len(choices) <= 25
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    if expected:
        assert choices[0]["name"].startswith(expected)


async def test_empty_query_suggests_the_chapters_in_order_without_sponsors(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    choices = await fake_discord.autocomplete("segment", {"query": ""}, focused="query")
    starts = [c["name"][:8] for c in choices]
    assert starts == sorted(starts) and starts[0] == "00:00:00"
    assert len(choices) == 19  # 22 chapters less 3 sponsor messages
    assert not any(c["name"].split(" · ")[1].startswith("Sponsor") for c in choices)


async def test_episode_option_autocompletes_the_catalog(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    choices = await fake_discord.autocomplete("segment", {"query": "", "episode": "ketam"}, focused="episode")
    assert choices == [{"name": "Huberman Lab: Ketamine: Benefits and Risks for Depression, PTSD & Neuroplasticity", "value": "huberman-ketamine"}]


async def test_unknown_episode_is_named_privately(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    response = await (await fake_discord.slash("segment", {"query": "dose", "episode": "no-such-episode"})).response()
    assert response.ephemeral and "no-such-episode" in response.content


async def test_mentions_in_a_question_are_shown_not_triggered(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    query = f"@everyone <@&{server.mod_role.id}> <@{server.admin.user_id}> pizza"
    response = await (await fake_discord.slash("segment", {"query": query})).response()
    assert "@everyone" in response.content
    assert response.allowed_mentions == {"parse": []}


@pytest.mark.parametrize(
    "query",
    [
        "ketamine " * 700,  # 6000 characters, more than Discord's option allows
        "🧠💊 ketamine dose 🎧",
        "k̷e̷t̷a̷m̷i̷n̷e̷ d̶o̶s̶e̶",  # combining marks
        "**ketamine** __dose__ `code` ||spoiler||",
        "```\nketamine\n``` dose",
        "ketamine\n\ndose\n",
        "```" * 50,
    ],
)
async def test_odd_input_still_gets_a_valid_reply(fake_discord: FakeDiscord, segment_bot: SegmentBot, query: str) -> None:
    response = await (await fake_discord.slash("segment", {"query": query})).response()
    assert response.type == 4
    assert response.embeds or (response.content and len(response.content) <= 2000)
    choices = await fake_discord.autocomplete("segment", {"query": query}, focused="query")
    assert len(choices) <= 25


async def test_cooldown_says_when_to_try_again(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    uses = segment_bot.settings.cooldown_uses
    for _ in range(uses):
        assert (await (await fake_discord.slash("segment", {"query": "habenula"}, member=server.member)).response()).embeds
    blocked = await (await fake_discord.slash("segment", {"query": "habenula"}, member=server.member)).response()
    assert blocked.ephemeral and blocked.content.startswith("You're asking quickly; try again in ")
    # The limit is per member: someone else is still answered.
    other = await (await fake_discord.slash("segment", {"query": "habenula"}, member=server.admin)).response()
    assert other.embeds


async def test_an_unexpected_error_ends_as_a_short_reply_and_a_logged_traceback(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _explode(monkeypatch, "search")
    with caplog.at_level(logging.ERROR):
        response = await (await fake_discord.slash("segment", {"query": "dose"})).response()
    assert response.ephemeral and response.content.startswith("Something went wrong on my side")
    assert _logged_explosion(caplog)


async def test_autocomplete_failure_answers_empty_and_logs(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _explode(monkeypatch, "complete")
    with caplog.at_level(logging.ERROR):
        assert await fake_discord.autocomplete("segment", {"query": "keta"}, focused="query") == []
    assert _logged_explosion(caplog)


async def test_answers_survive_a_dropped_gateway(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    assert await fake_discord.drop_gateway() == "resume"
    response = await (await fake_discord.slash("segment", {"query": "habenula"})).response()
    assert response.embeds[0]["title"].startswith("01:15:45")


async def test_a_rate_limited_reply_is_retried_and_arrives(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    fake_discord.rate_limit("POST /interactions/{id}/{token}/callback", retry_after=0.2)
    response = await (await fake_discord.slash("segment", {"query": "habenula"})).response()
    assert response.embeds[0]["title"].startswith("01:15:45")
    statuses = [r.status for r in fake_discord.requests_to("POST /interactions/{id}/{token}/callback")]
    assert statuses[0] == 429 and len(statuses) == 2 and 200 <= statuses[1] < 300


async def test_a_right_to_left_override_in_a_question_is_not_echoed(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    """Echoed unclosed, it turned the rest of the private reply around."""
    response = await (await fake_discord.slash("segment", {"query": "best \u202epizza\u2066 recipe"})).response()
    assert "Nothing in the catalog matches **best pizza recipe** closely enough." in response.content
    assert not set(response.content) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
