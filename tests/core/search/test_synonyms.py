"""Moderator synonyms (bot/core/search/synonyms.py, docs/synonyms.md): read, validated, applied per podcast."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.catalog import CatalogService
from bot.core.db.sqlite import SqliteStore
from bot.core.episodes import Chapter, Episode, InvalidData
from bot.core.episodes.codec import dump_episode
from bot.core.search import SearchIndex, load_synonyms


def write(folder: Path, name: str, text: str) -> Path:
    (folder / "synonyms").mkdir(exist_ok=True)
    path = folder / "synonyms" / name
    path.write_text(text, encoding="utf-8")
    return path


def episode(id: str, podcast: str, titles: list[str]) -> Episode:
    chapters = tuple(Chapter(start=60 * i, title=t) for i, t in enumerate(titles))
    return Episode(id=id, title=f"Episode {id}", podcast=podcast, duration=3600, chapters=chapters)


def problems(folder: Path) -> list[str]:
    with pytest.raises(InvalidData) as raised:
        load_synonyms(folder)
    return [str(p) for p in raised.value.problems]


def test_no_synonyms_folder_is_no_synonyms(tmp_path: Path) -> None:
    assert load_synonyms(tmp_path).groups == {}


def test_groups_are_read_per_podcast(tmp_path: Path) -> None:
    write(tmp_path, "syntax.txt", "# comment\n\npodcast: Syntax\na11y, Accessibility\nwes, Wes Bos\n")
    assert load_synonyms(tmp_path).groups == {"syntax": (("a11y", "accessibility"), ("wes", "wes bos"))}


def test_each_problem_is_named_by_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "syntax.txt", "podcast: Syntax\na11y\nwes, wes bos\nwes, wesley\nfoo, , bar\n")
    assert problems(tmp_path) == [
        f"{path}:2: a group needs at least two different phrases, separated by commas",
        f"{path}:4: 'wes' is already in the group on line 3",
        f"{path}:5: an empty or punctuation-only entry; separate phrases with one comma",
    ]


def test_a_group_before_the_podcast_line_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", "a11y, accessibility\npodcast: Syntax\n")
    assert problems(tmp_path) == [f"{path}:1: expected 'podcast: NAME' before the first group"]


def test_two_files_for_one_podcast_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "podcast: Syntax\na11y, accessibility\n")
    second = write(tmp_path, "b.txt", "podcast: SYNTAX\nwes, wes bos\n")
    assert problems(tmp_path) == [f"{second}: podcast 'syntax' already has synonyms in a.txt"]


def test_a_synonym_finds_the_chapter_in_that_podcast_only(tmp_path: Path) -> None:
    write(tmp_path, "syntax.txt", "podcast: Syntax\na11y, accessibility\n")
    episodes = [
        episode("web", "Syntax", ["Real Talk on Web Accessibility", "CSS Grid"]),
        episode("other", "Other Show", ["Accessibility of public transport", "Trains"]),
    ]
    index = SearchIndex(episodes, synonyms=load_synonyms(tmp_path), semantic=False)
    found = [m.episode.id for m in index.search("a11y").results]
    assert found == ["web"]
    without = SearchIndex(episodes, semantic=False)
    assert without.search("a11y").results == []


def test_a_phrase_synonym_finds_a_nickname_in_the_title(tmp_path: Path) -> None:
    write(tmp_path, "syntax.txt", "podcast: Syntax\nwes bos, wesbos, the bearded one\n")
    episodes = [episode("web", "Syntax", ["Wes Bos on cameras", "CSS Grid"])]
    index = SearchIndex(episodes, synonyms=load_synonyms(tmp_path), semantic=False)
    assert index.search("bearded one cameras").results[0].chapter.title == "Wes Bos on cameras"


async def test_reload_applies_synonyms_and_a_broken_file_keeps_the_previous_catalog(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "web.json").write_text(dump_episode(episode("web", "Syntax", ["Real Talk on Web Accessibility", "CSS Grid"])), encoding="utf-8")
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        service = CatalogService(store, data)
        assert (await service.reload()).ok
        assert service.current.index.search("a11y").results == []

        write(data, "syntax.txt", "podcast: Syntax\na11y, accessibility\n")
        assert (await service.reload()).ok
        assert service.current.index.search("a11y").results[0].episode.id == "web"

        path = write(data, "syntax.txt", "podcast: Syntax\na11y\n")
        result = await service.reload()
        assert not result.ok and [str(p) for p in result.problems] == [
            f"{path}:2: a group needs at least two different phrases, separated by commas"
        ]
        assert service.current.index.search("a11y").results[0].episode.id == "web"  # still served
