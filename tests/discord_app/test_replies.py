"""What the bot sends, built without Discord: text from members, files and feeds shown safely."""

from __future__ import annotations

import json

import pytest

from bot.core.episodes import Chapter, Episode
from bot.core.search import Match
from bot.discord_app import replies

# Embeddings, overrides and isolates: left open, each turns the text after it around.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def shown(text: str) -> bool:
    return not set(text) & set(BIDI_CONTROLS)


@pytest.mark.parametrize("control", BIDI_CONTROLS)
def test_an_echoed_question_keeps_no_bidirectional_control(control: str) -> None:
    text = replies.no_match_text(f"{control}pizza oven", [])
    assert shown(text) and "**pizza oven**" in text
    assert shown(replies.unknown_episode_text(f"ep{control}isode"))


def test_titles_from_a_feed_are_shown_without_bidirectional_controls() -> None:
    hebrew = "\u05e9\u05dc\u05d5\u05dd"  # right-to-left letters keep their own direction
    chapters = (Chapter(0, f"\u202eSleep {hebrew}"), Chapter(60, "Light\u2067 and dark"))
    episode = Episode(id="ep", title="\u202bEpisode", podcast="Cast\u202d", duration=600, chapters=chapters, note="\u2066Note")
    matches = [Match(episode, i, 90.0) for i in range(len(chapters))]
    embed = replies.answer_embed(matches[0], matches[1:])
    sent = json.dumps(embed.to_dict(), ensure_ascii=False)
    assert shown(sent) and f"Sleep {hebrew}" in sent and "Light and dark" in sent
    assert shown(replies.choice_name(matches[0], with_episode=True))
    assert shown(replies.no_match_text("x", matches))
    assert shown(json.dumps(replies.chapter_list_page(episode, list(enumerate(chapters)), 0, 1).to_dict(), ensure_ascii=False))
