"""Moderator synonyms (bot/core/search/synonyms.py, docs/synonyms.md): read, validated, applied per podcast."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from bot.core.catalog import CatalogService, read_data_dir
from bot.core.db.sqlite import SqliteStore
from bot.core.episodes import Chapter, Episode, InvalidData, Problem
from bot.core.episodes.codec import dump_episode
from bot.core.search import SearchIndex, Synonyms, load_synonyms
from bot.core.search.synonyms import MAX_PHRASE_WORDS, MAX_PHRASES
from tests.support.paths import SEED


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


# --- a large file, and what is accepted with a warning (issue 20, items 13 and 18) ---------------


def large_catalog(chapters: int) -> list[Episode]:
    titles = [f"Chapter on term{3 * i} and alias{i // 7} with sleep and light" for i in range(chapters)]
    return [episode(f"e{n}", "Big Cast", titles[lo : lo + 25]) for n, lo in enumerate(range(0, chapters, 25))]


def test_a_large_synonyms_file_builds_in_time_proportional_to_groups_plus_chapter_words(tmp_path: Path) -> None:
    """100,000 groups over 10,000 chapters took 368 s (each chapter tried every group); 0.3 s without."""
    lines = ["podcast: Big Cast", *(f"term{i}, alias{i}, the long name {i}" for i in range(100_000))]
    write(tmp_path, "big.txt", "\n".join(lines) + "\n")
    synonyms = load_synonyms(tmp_path)
    episodes = large_catalog(10_000)
    began = time.perf_counter()
    index = SearchIndex(episodes, synonyms=synonyms, semantic=False)
    assert time.perf_counter() - began < 30, "the build tried every group for every chapter"
    # A group from deep in the file works both ways: its phrases find the chapter that says another.
    for question in ("the long name 29997", "alias29997"):
        assert index.search(question).results[0].chapter.title.startswith("Chapter on term29997 ")


def test_a_file_of_more_phrases_than_the_limit_is_refused_with_its_line(tmp_path: Path) -> None:
    groups = MAX_PHRASES // 2 + 1
    path = write(tmp_path, "huge.txt", "podcast: Big Cast\n" + "".join(f"a{i}, b{i}\n" for i in range(groups)))
    assert problems(tmp_path) == [f"{path}:{groups + 1}: more than {MAX_PHRASES:,} phrases in one file; the rest is not read"]


def test_a_phrase_of_more_words_than_a_name_has_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", "podcast: Syntax\nwes, " + " ".join(["word"] * (MAX_PHRASE_WORDS + 1)) + "\n")
    assert problems(tmp_path) == [f"{path}:2: 'word word word word word word word word word' has more than 8 words; a synonym names one thing"]


def test_phrases_of_stopwords_are_left_out_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "syntax.txt", "podcast: Syntax\na, of, and, sleep\nthe, sleep well, rest\n")
    warnings: list[Problem] = []
    synonyms = load_synonyms(tmp_path, warnings=warnings)
    assert synonyms.groups == {"syntax": (("sleep well", "rest"),)}
    assert [str(w) for w in warnings] == [
        f"{path}:2: warning: 'a', 'of', 'and': only stopwords, found in nearly every title; left out, and with them the whole group",
        f"{path}:3: warning: 'the': only stopwords, found in nearly every title; left out of the group",
    ]
    episodes = [episode("web", "Syntax", ["A talk of light", "Sleep well at night"])]
    index = SearchIndex(episodes, synonyms=synonyms, semantic=False)
    assert [m.chapter.title for m in index.search("sleep").results] == ["Sleep well at night"]


def test_synonyms_for_a_podcast_the_catalog_lacks_are_a_warning_naming_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "huberman.txt", "# Our words\n\npodcast: Hubermann Lab\nk, ketamine\n")
    warnings: list[Problem] = []
    episodes, _ = read_data_dir(copied_seed(tmp_path), warnings=warnings)
    assert [e.id for e in episodes] == ["huberman-ketamine"]
    assert [str(w) for w in warnings] == [
        f"{path}:3: warning: no episode in the catalog is of podcast 'hubermann lab', so these synonyms apply to nothing; "
        "did you mean 'Huberman Lab'?"
    ]


def copied_seed(folder: Path) -> Path:
    shutil.copy(SEED, folder / "huberman-ketamine.json")
    return folder


@pytest.mark.parametrize(
    "text, line",
    [
        ("podcast: Syntax\n# a comment\f with a form feed\u2028and a line separator\u2029\x85\x0b\x1c\na11y\n", 3),
        ("podcast: Syntax\r# old Mac line ends\ra11y\r", 3),
        ("podcast: Syntax\r\n# Windows line ends\r\n\r\na11y\r\n", 4),
    ],
    ids=["form feed and U+2028", "CR", "CRLF"],
)
def test_lines_are_counted_as_an_editor_shows_them(tmp_path: Path, text: str, line: int) -> None:
    path = write(tmp_path, "syntax.txt", text)
    assert problems(tmp_path) == [f"{path}:{line}: a group needs at least two different phrases, separated by commas"]


def test_a_file_that_is_not_utf8_is_named_by_line_and_byte(tmp_path: Path) -> None:
    (tmp_path / "synonyms").mkdir()
    path = tmp_path / "synonyms" / "latin1.txt"
    path.write_bytes("podcast: Syntax\n# Café\nwes, caf\u00e9 bos\n".encode("latin-1"))
    assert problems(tmp_path) == [f"{path}:2: cannot read file: not UTF-8 text (byte 0xE9 at byte 6 of the line); save it as UTF-8"]


def test_a_file_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    (tmp_path / "synonyms").mkdir()
    (tmp_path / "synonyms" / "windows.txt").write_bytes("\ufeffpodcast: Syntax\r\na11y, accessibility\r\n".encode())
    assert load_synonyms(tmp_path).groups == {"syntax": (("a11y", "accessibility"),)}


class Counted(dict):  # type: ignore[type-arg]
    """A dict or set stand-in that counts membership tests: the look-ups a title costs."""

    lookups = 0

    def __contains__(self, key: object) -> bool:
        Counted.lookups += 1
        return super().__contains__(key)


def lookups_for(groups: int, title_words: int) -> int:
    """Look-ups to expand a title of one word repeated, against `groups` groups whose phrases all
    start with that word (the worst case: every position of the title walks a phrase's full length)."""
    long = " ".join(["w"] * (MAX_PHRASE_WORDS - 1))
    synonyms = Synonyms({"cast": tuple((f"{long} x{i}", f"y{i}") for i in range(groups))})
    phrases = synonyms._phrases["cast"]
    phrases.group_of, phrases.prefixes = Counted(phrases.group_of), Counted.fromkeys(phrases.prefixes)
    Counted.lookups = 0
    assert synonyms.expansion("Cast", " ".join(["w"] * title_words) + " x3") == "y3"
    return Counted.lookups


def test_expanding_a_title_costs_look_ups_per_word_whatever_the_number_of_groups() -> None:
    """The worst case for the phrase walk: n and 4n groups cost the same; each word of a title at
    most two look-ups per word of the longest phrase (trying every group took 368 s at scale)."""
    assert lookups_for(1_000, 50) == lookups_for(4_000, 50) <= 2 * MAX_PHRASE_WORDS * 51
    assert lookups_for(1_000, 200) <= 2 * MAX_PHRASE_WORDS * 201


async def test_a_start_logs_the_warnings_no_one_sees_in_a_reply(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = tmp_path / "data"
    data.mkdir()
    copied_seed(data)
    path = write(data, "huberman.txt", "podcast: Huberman Lab\nthe, ketamine, k\n")
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        result = await CatalogService(store, data).start()
    assert result.ok and [str(w) for w in result.warnings] == [
        f"{path}:2: warning: 'the': only stopwords, found in nearly every title; left out of the group"
    ]
    assert f"{path}:2: warning: 'the'" in caplog.text
