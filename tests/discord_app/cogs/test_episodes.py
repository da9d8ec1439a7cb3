"""/episodes end to end: the catalog list, choosing an episode, paging with buttons."""

from __future__ import annotations

import json

from bot.discord_app.client import SegmentBot
from bot.settings import Settings
from tests.support.bots import Server
from tests.support.fakediscord import FakeDiscord


def _custom_id(components: list[dict], label: str) -> str:
    for row in components:
        for component in row["components"]:
            if component.get("label") == label or component.get("placeholder") == label:
                return component["custom_id"]
    raise AssertionError(f"no component {label!r} in {components}")


def _labels(components: list[dict]) -> list[str]:
    return [c.get("label") or c.get("placeholder") for row in components for c in row["components"]]


async def _grow_catalog(bot: SegmentBot, settings: Settings, count: int) -> None:
    raw = json.loads((settings.data_dir / "huberman-ketamine.json").read_text())
    for n in range(count):
        (settings.data_dir / f"ep-{n:02d}.json").write_text(json.dumps(dict(raw, id=f"ep-{n:02d}", title=f"Episode {n:02d}")))
    assert (await bot.catalog.reload()).ok


async def test_one_episode_catalog_shows_its_chapters_paged(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    interaction = await fake_discord.slash("episodes", member=server.member)
    first = await interaction.response()
    assert first.ephemeral
    page = first.embeds[0]
    assert page["title"] == "Ketamine: Benefits and Risks for Depression, PTSD & Neuroplasticity"
    assert page["description"].splitlines()[0] == "[00:00:00](https://www.youtube.com/watch?v=Rxmv7rT9leo&t=0) Ketamine"
    assert len(page["description"].splitlines()) == 15
    assert page["footer"]["text"].startswith("Page 1 of 2 · Not medical advice")
    assert _labels(first.components) == ["◀ Previous", "Next ▶"]

    turned = await (await fake_discord.click(first, _custom_id(first.components, "Next ▶"), member=server.member)).response()
    assert turned.type == 7  # the same message, updated
    lines = turned.embeds[0]["description"].splitlines()
    assert lines[0].startswith("[01:15:45](") and lines[-1].startswith("[01:40:40](https://www.youtube.com/watch?v=Rxmv7rT9leo&t=6040) Zero-Cost Support")
    assert "`01:02:28` Sponsor: LMNT *(sponsor)*" not in lines  # that one was on page 1
    assert turned.embeds[0]["footer"]["text"].startswith("Page 2 of 2")


async def test_many_episodes_are_listed_then_one_is_chosen(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    await _grow_catalog(segment_bot, bot_settings, 12)
    first = await (await fake_discord.slash("episodes", member=server.member)).response()
    assert first.embeds[0]["title"] == "Episodes (13)"
    assert first.embeds[0]["footer"]["text"].startswith("Page 1 of 2")
    choose = _custom_id(first.components, "Choose an episode to see its chapters")
    chosen = await (await fake_discord.select(first, choose, ["ep-03"], member=server.member)).response()
    assert chosen.embeds[0]["title"] == "Episode 03"
    assert "All episodes" in _labels(chosen.components)
    back = await (await fake_discord.click(first, _custom_id(chosen.components, "All episodes"), member=server.member)).response()
    assert back.embeds[0]["title"] == "Episodes (13)"


async def test_episode_option_goes_straight_to_the_chapters(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, bot_settings: Settings
) -> None:
    await _grow_catalog(segment_bot, bot_settings, 2)
    response = await (await fake_discord.slash("episodes", {"episode": "ep-01"})).response()
    assert response.embeds[0]["title"] == "Episode 01"


async def test_someone_else_cannot_turn_your_pages(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    first = await (await fake_discord.slash("episodes", member=server.member)).response()
    other = await (await fake_discord.click(first, _custom_id(first.components, "Next ▶"), member=server.admin)).response()
    assert other.ephemeral and "your own" in other.content
