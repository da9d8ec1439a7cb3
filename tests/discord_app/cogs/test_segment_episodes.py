"""/segment with a question about a whole episode, end to end: the episode's card, not a chapter inside it."""

from __future__ import annotations

from bot.core.episodes import Chapter, Episode
from bot.core.episodes.codec import dump_episode
from bot.core.episodes.format import MAX_NOTE, MAX_PEOPLE, MAX_PERSON, MAX_PODCAST, MAX_TITLE
from bot.discord_app.client import SegmentBot
from bot.settings import Settings
from tests.support.bots import Server
from tests.support.fakediscord import FakeDiscord

MURTHY = Episode(
    id="murthy-surgeon-general", podcast="Huberman Lab", number=112, published="2023-01-09",
    title="Dr. Vivek Murthy: Surgeon General on Loneliness & Mental Health", duration=5400,
    url="https://www.youtube.com/watch?v=abc123xyz", people=("Andrew Huberman", "Vivek Murthy"),
    chapters=(
        Chapter(0, "Dr. Vivek Murthy", "intro", ""),
        Chapter(420, "Loneliness & Social Connection", "content", ""),
        Chapter(1800, "Youth Mental Health & Social Media", "content", ""),
    ),
)  # fmt: skip


async def _add(bot: SegmentBot, settings: Settings, *episodes: Episode) -> None:
    for episode in episodes:
        (settings.data_dir / f"{episode.id}.json").write_text(dump_episode(episode), encoding="utf-8")
    result = await bot.catalog.reload()
    assert result.ok and not result.skipped, result


async def test_a_question_about_a_whole_episode_gets_its_card(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    await _add(segment_bot, bot_settings, MURTHY)
    for question in ("the surgeon general episode", "the one with Vivek Murthy", "episode 112"):
        response = await (await fake_discord.slash("segment", {"query": question}, member=server.member)).response()
        assert response.type == 4 and not response.ephemeral and response.allowed_mentions == {"parse": []}
        (card,) = response.embeds
        assert card["title"] == MURTHY.title, question
        assert card["url"] == "https://www.youtube.com/watch?v=abc123xyz&t=0"  # played from its start
        assert card["author"]["name"] == "Huberman Lab"
        assert card["description"].splitlines() == [
            "[00:00:00](https://www.youtube.com/watch?v=abc123xyz&t=0) Dr. Vivek Murthy",
            "[00:07:00](https://www.youtube.com/watch?v=abc123xyz&t=420) Loneliness & Social Connection",
            "[00:30:00](https://www.youtube.com/watch?v=abc123xyz&t=1800) Youth Mental Health & Social Media",
        ]
        fields = {f["name"]: f["value"] for f in card["fields"]}
        assert fields == {"Published": "2023-01-09", "With": "Andrew Huberman, Vivek Murthy"}


async def test_a_question_about_a_moment_still_gets_the_moment(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, bot_settings: Settings
) -> None:
    await _add(segment_bot, bot_settings, MURTHY)
    response = await (await fake_discord.slash("segment", {"query": "ketamine dose"})).response()
    assert response.embeds[0]["title"].startswith("01:26:04 · Doses & Routes")
    # The form of a question about an episode, naming none: searched as a usual question.
    response = await (await fake_discord.slash("segment", {"query": "the one about ketamine doses"})).response()
    assert response.embeds[0]["title"].startswith("01:26:04 · Doses & Routes")


async def test_the_card_of_a_huge_episode_keeps_inside_discords_limits(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, bot_settings: Settings
) -> None:
    """300 chapters of the longest titles, all the people an episode file may list, the longest note,
    and others the question could mean: the fake Discord refuses anything over a limit, so an answer
    at all is the proof."""
    long = "Ünïcödé " * (MAX_TITLE // 8)
    huge = Episode(
        id="huge", podcast="P" * MAX_PODCAST, title=("Surgeon General " + long)[:MAX_TITLE], duration=99_000, number=7,
        url="https://www.youtube.com/watch?v=huge", people=tuple(f"{n} {long}"[:MAX_PERSON] for n in range(MAX_PEOPLE)),
        note="N" * MAX_NOTE, chapters=tuple(Chapter(60 * n, f"{n} {long}"[:MAX_TITLE], "content", "") for n in range(300)),
    )  # fmt: skip
    namesakes = [
        Episode(id=f"namesake-{n}", podcast="Q", title=f"{n} Surgeon General and friends {long}"[:MAX_TITLE], duration=60, chapters=()) for n in range(5)
    ]
    await _add(segment_bot, bot_settings, huge, *namesakes)
    response = await (await fake_discord.slash("segment", {"query": "the surgeon general episode"})).response()
    (card,) = response.embeds
    assert card["description"].endswith("more") and len(card["description"]) <= 4096
    assert {f["name"] for f in card["fields"]} >= {"With", "Or perhaps"}

