"""Chapters found in a transcript for an episode that published none: where the topic changes, titled
from what was said, marked as automatic; an episode with published chapters keeps them untouched."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.db.sqlite import SqliteStore
from bot.core.episodes import Chapter, Episode
from bot.core.episodes.codec import dump_episode
from bot.core.episodes.folder import load_data_dir
from bot.core.search import SearchIndex
from bot.core.search.passages import LEAD
from bot.core.transcripts import Transcript, read_transcript_file
from bot.core.transcripts.model import Cue
from bot.core.transcripts.topics import MAX_SECONDS, MIN_SECONDS, TITLE_CHARS, find_chapters, with_found_chapters
from tests.support.paths import SEED, SEED_TRANSCRIPT, THREE_TOPICS

# What each six minutes of THREE_TOPICS (bees, sourdough bread, volcanoes) is about.
TOPIC_WORDS = ({"bees", "bee", "hive", "honey", "queen", "brood"}, {"flour", "dough", "sourdough", "starter", "bread", "loaf"},
               {"volcano", "volcanoes", "eruption", "magma", "lava", "crater"})  # fmt: skip


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9'-]+", text.lower()))


def said_between(transcript: Transcript, start: float, end: float) -> set[str]:
    return set().union(*(_words(cue.text) for cue in transcript if start <= cue.start < end))


def episode(chapters: tuple[Chapter, ...] = (), duration: int = 1080) -> Episode:
    return Episode(id="three-topics", title="Bees, Bread and Volcanoes", podcast="Test Cast", duration=duration, chapters=chapters)


def test_three_obvious_topics_become_three_chapters_at_the_shifts_titled_from_their_words() -> None:
    transcript = read_transcript_file(THREE_TOPICS)
    chapters = find_chapters(transcript, 1080)
    assert [chapter.start for chapter in chapters] == [0, 360, 720]
    ends = [360, 720, 1080]
    for chapter, end, topic in zip(chapters, ends, TOPIC_WORDS):
        title = _words(chapter.title)
        assert title & topic, chapter.title  # names what the stretch is about...
        assert title <= said_between(transcript, chapter.start, end), chapter.title  # ...in its own words
        assert chapter.title[0].isupper() and len(chapter.title) <= TITLE_CHARS


def test_an_episode_without_chapters_gets_them_marked_automatic_and_one_with_chapters_is_untouched() -> None:
    transcript = read_transcript_file(THREE_TOPICS)
    found = with_found_chapters(episode(), transcript)
    assert found.chapters_automatic and len(found.chapters) == 3 and found.published_chapters == ()
    whole = episode((Chapter(0, "Full episode"),))
    assert with_found_chapters(whole, transcript).published_chapters == whole.chapters  # one chapter: the whole episode
    published = episode((Chapter(0, "Welcome"), Chapter(500, "Bread")))
    assert with_found_chapters(published, transcript) is published
    late = episode((Chapter(30, "Bees"),))  # one chapter that is not the whole episode is a published list
    assert with_found_chapters(late, transcript) is late


def _one_topic(minutes: int) -> Transcript:
    """The same few sentences over and over: no topic shift anywhere, so only the length limits decide."""
    sentences = ["The river carries sand down to the delta.", "Boats move grain along the river every week.",
                 "Floods leave silt on the fields beside the river."]  # fmt: skip
    cues = [Cue(t, t + 8, sentences[(t // 10) % 3]) for t in range(0, minutes * 60, 10)]
    return Transcript.of("test", cues)


def test_chapters_are_never_shorter_than_the_minimum_nor_longer_than_the_maximum() -> None:
    minutes = 95
    chapters = find_chapters(_one_topic(minutes), minutes * 60)
    starts = [chapter.start for chapter in chapters] + [minutes * 60]
    lengths = [b - a for a, b in zip(starts, starts[1:])]
    assert starts[0] == 0 and len(chapters) >= minutes * 60 // MAX_SECONDS
    assert min(lengths) >= MIN_SECONDS - 30 and max(lengths) <= MAX_SECONDS + 30  # a start moves to its cue


def test_too_short_a_talk_is_one_chapter_and_an_empty_transcript_none() -> None:
    short = find_chapters(_one_topic(5), 300)
    assert [chapter.start for chapter in short] == [0] and short[0].title
    assert find_chapters(Transcript.of("test", []), 300) == ()
    silent = episode(duration=300)
    assert with_found_chapters(silent, Transcript.of("test", [])) is silent


def test_a_stretch_with_nothing_to_name_it_joins_the_next_chapter() -> None:
    cues = list(read_transcript_file(THREE_TOPICS))
    chatter = [replace(cue, text="Yeah, right, okay. Sure.") if cue.start < 360 else cue for cue in cues]
    chapters = find_chapters(Transcript.of("test", chatter), 1080)
    assert [chapter.start for chapter in chapters] == [0, 720]
    assert _words(chapters[0].title) & TOPIC_WORDS[1] and _words(chapters[1].title) & TOPIC_WORDS[2]


def test_the_work_grows_linearly_with_the_length_of_the_talk(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.core.transcripts import topics

    compared = []
    cosine = topics._cosine
    monkeypatch.setattr(topics, "_cosine", lambda a, b: compared.append(len(a) + len(b)) or cosine(a, b))
    work = []
    for minutes in (60, 240):
        compared.clear()
        find_chapters(_one_topic(minutes), minutes * 60)
        work.append(sum(compared) + len(compared))
    assert work[1] <= 5 * work[0]


def _folder_with_unchaptered_episode(tmp_path: Path) -> Path:
    (tmp_path / "three-topics.json").write_text(dump_episode(episode()), encoding="utf-8")
    shutil.copy(THREE_TOPICS, tmp_path / "three-topics.transcript.vtt")
    shutil.copy(SEED, tmp_path / SEED.name)
    shutil.copy(SEED_TRANSCRIPT, tmp_path / "huberman-ketamine.transcript.vtt")  # published chapters: kept as they are
    return tmp_path


def test_in_the_data_folder_the_found_chapters_are_attached_and_answers_name_them(tmp_path: Path) -> None:
    episodes = {e.id: e for e in load_data_dir(_folder_with_unchaptered_episode(tmp_path))}
    found, seed = episodes["three-topics"], episodes["huberman-ketamine"]
    assert found.chapters_automatic and [c.start for c in found.chapters] == [0, 360, 720]
    assert all(c.transcript_summary for c in found.chapters)  # and each gets a summary drawn from what was said
    assert not seed.chapters_automatic and len(seed.chapters) == 22
    original = json.loads(SEED.read_text(encoding="utf-8"))["chapters"]
    assert [c.title for c in seed.chapters] == [c["title"] for c in original]

    answer = SearchIndex(list(episodes.values())).search("how many eggs does the queen lay a day")
    best = answer.results[0]
    assert best.episode.id == "three-topics" and best.chapter == found.chapters[0]
    assert best.moment is not None and "two thousand eggs" in best.moment.quote
    assert best.moment.said in (30, 210) and best.start == best.moment.said - LEAD  # where it is said (twice)


def test_ask_names_the_automatic_chapter_and_json_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder_with_unchaptered_episode(tmp_path)
    assert main(["ask", "basalt lava flows in Hawaii", "--data", str(folder)]) == 0
    first, *_ = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"00:12:00  .+  \(automatic chapter\)", first), first
    assert main(["ask", "rye flour starter", "--data", str(folder), "--json"]) == 0
    best = json.loads(capsys.readouterr().out)["results"][0]
    assert best["chapters_automatic"] is True and best["chapter_start_seconds"] == 360
    assert main(["ask", "ketamine nasal spray", "--data", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["chapters_automatic"] is False


async def test_found_chapters_are_never_written_to_the_episode_file_nor_the_database(tmp_path: Path) -> None:
    found = with_found_chapters(episode(), read_transcript_file(THREE_TOPICS))
    assert json.loads(dump_episode(found))["chapters"] == []
    whole = with_found_chapters(replace(episode((Chapter(0, "Full episode"),)), id="whole"), read_transcript_file(THREE_TOPICS))
    assert whole.chapters_automatic and [c["title"] for c in json.loads(dump_episode(whole))["chapters"]] == ["Full episode"]
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        await store.replace_catalog([found, whole])
        back = await store.load_catalog()
    assert [e.chapters for e in back] == [(), (Chapter(0, "Full episode"),)]
    assert not any(e.chapters_automatic for e in back)


def test_ingest_of_notes_without_chapters_with_a_transcript_gives_an_episode_whose_chapters_are_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "bees-bread-volcanoes.txt"
    notes.write_text("Bees, Bread and Volcanoes\n\nThree topics in one sitting, each for six minutes.\n", encoding="utf-8")
    out = tmp_path / "data"
    assert main(["ingest", str(notes), "--out", str(out), "--podcast", "Test Cast"]) == 1  # no chapters, no transcript
    assert "no chapter list found" in capsys.readouterr().err and not list(out.iterdir())
    assert main(["ingest", str(notes), "--out", str(out), "--podcast", "Test Cast", "--transcript", str(THREE_TOPICS)]) == 0
    said = capsys.readouterr()
    assert "no duration found; using 00:17:57, where the transcript ends" in said.err
    assert "no chapter list published, 3 automatic chapters found in it" in said.out
    written = json.loads((out / "bees-bread-volcanoes.json").read_text(encoding="utf-8"))
    assert written["chapters"] == [] and written["title"] == "Bees, Bread and Volcanoes"
    (loaded,) = load_data_dir(out)
    assert loaded.chapters_automatic and [c.start for c in loaded.chapters] == [0, 360, 720]
    assert main(["validate", str(out)]) == 0
    assert "3 chapters (3 found in transcripts, the episode files have none)" in capsys.readouterr().out
