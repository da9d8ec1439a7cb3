"""Passages of a transcript: how they are cut, where the moment starts, and how the quote reads."""

from __future__ import annotations

from bot.core.episodes import Chapter, Episode
from bot.core.search.passages import (
    LEAD,
    PASSAGE_SECONDS,
    QUOTE_CHARS,
    PassageIndex,
    Piece,
    chapter_at,
    pieces_of,
    quote,
)
from bot.core.transcripts import Cue, Transcript


def _episode(*cues: Cue, chapters: tuple[Chapter, ...] = (Chapter(0, "Start"), Chapter(600, "Later"))) -> Episode:
    return Episode("talk", "Talk", "Test Cast", 3600, chapters, transcript=Transcript.of("WebVTT", list(cues)))


def test_a_long_speaker_turn_is_cut_into_pieces_whose_times_follow_the_words() -> None:
    sentences = [f"Sentence number {i} is here and says a few more words." for i in range(30)]
    episode = _episode(Cue(100.0, 400.0, " ".join(sentences), "Ada"))
    pieces = pieces_of(episode)
    assert len(pieces) > 5 and all(len(p.text.split()) <= 40 for p in pieces)
    assert " ".join(p.text for p in pieces) == " ".join(sentences)  # nothing lost or repeated
    assert [p.start for p in pieces] == sorted(p.start for p in pieces) and pieces[0].start == 100.0 < pieces[-1].start < 400.0
    assert all(p.speaker == "Ada" for p in pieces)


def test_the_moment_starts_a_few_seconds_before_the_words_in_the_chapter_that_holds_them() -> None:
    filler = [Cue(float(t), t + 5.0, f"We talk about the weather on day {t}.") for t in range(0, 1200, 5)]
    said = Cue(700.0, 705.0, "Zebrafish regrow their fins within a fortnight.", "Bo")
    episode = _episode(*sorted([*filler, said], key=lambda c: c.start))
    index = PassageIndex([episode])
    question, found = index.search("how fast do zebrafish regrow fins")
    assert found and found[0].confident
    moment = index.moment(found[0], question)
    assert moment.start == 700 - LEAD and moment.speaker == "Bo"
    assert moment.quote.startswith("Zebrafish regrow their fins")
    assert episode.chapters[chapter_at(episode, moment.said)].title == "Later"
    assert PASSAGE_SECONDS > 2 * LEAD


def test_a_quote_begins_at_its_sentence_ends_at_a_sentence_end_and_keeps_to_one_speaker() -> None:
    pieces = [
        Piece(0.0, "So the first thing. The second thing is that", "Ada"),
        Piece(3.0, "bees can count to four, which surprised us.", "Ada"),
        *(Piece(6.0 + i, f"Another sentence number {i} that goes on for a while.", "Ada") for i in range(12)),
        Piece(30.0, "I disagree.", "Bo"),
    ]
    text = quote(pieces, 1)
    assert text.startswith("The second thing is that bees can count to four")
    assert len(text) <= QUOTE_CHARS and text.endswith(".") and "I disagree" not in text


def test_a_quote_without_punctuation_is_cut_at_a_word() -> None:
    pieces = [Piece(float(i), "and then we kept going on about it", "") for i in range(20)]
    text = quote(pieces, 0)
    assert len(text) <= QUOTE_CHARS and text.endswith("…") and not text[:-1].endswith(" ")


def test_episodes_without_a_transcript_have_no_passages() -> None:
    plain = Episode("plain", "Plain", "Test Cast", 600, (Chapter(0, "Zebrafish fins"),))
    index = PassageIndex([plain])
    assert len(index) == 0 and index.search("zebrafish fins")[1] == []
