"""Episode files: the shipped seed, the format, and validation that names every problem by file and line."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest

from bot.core.episodes import Chapter, Episode, InvalidData
from bot.core.episodes.codec import dump_episode, load_episode_file, parse_episode
from bot.core.episodes.folder import load_data_dir
from bot.core.episodes.format import MAX_KEYWORD, MAX_KEYWORDS, MAX_NOTE, MAX_SUMMARY, MAX_TITLE
from tests.support.paths import SEED

SEED_STARTS = [
    "00:00:00", "00:02:29", "00:05:13", "00:09:00", "00:15:17", "00:22:11", "00:28:32", "00:33:24",
    "00:34:29", "00:41:36", "00:48:26", "00:55:36", "01:02:28", "01:03:40", "01:10:00", "01:15:45",
    "01:20:36", "01:22:45", "01:26:04", "01:32:25", "01:38:24", "01:40:40",
]  # fmt: skip

VALID: dict[str, Any] = {
    "format": 1,
    "id": "sleep-light",
    "podcast": "Test Cast",
    "title": "Sleep & Light",
    "duration": "00:50:00",
    "chapters": [
        {"start": "00:00:00", "title": "Welcome", "kind": "intro"},
        {"start": "00:01:00", "title": "Sponsor: AG1", "kind": "sponsor", "summary": "Sponsor message for AG1."},
        {
            "start": "00:12:34", "title": "Light & Timing",
            "summary": "Why morning light matters.", "keywords": ["sunlight"],
        },
    ],
}


def edited(change: Callable[[dict[str, Any]], object]) -> str:
    """VALID with one change applied, as the file text a person would have written (indent 2)."""
    raw = copy.deepcopy(VALID)
    change(raw)
    return json.dumps(raw, indent=2, ensure_ascii=False)


def line_with(text: str, needle: str) -> int:
    [line] = [n for n, content in enumerate(text.splitlines(), 1) if needle in content]
    return line


def problems_of(text: str, path: Path = Path("data/ep.json")) -> list[str]:
    with pytest.raises(InvalidData) as error:
        parse_episode(text, path)
    return [str(problem) for problem in error.value.problems]


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the shipped seed ----------------------------------------------------------------------------


def test_seed_has_its_22_chapters_in_order() -> None:
    episode = load_episode_file(SEED)
    assert [c.timestamp for c in episode.chapters] == SEED_STARTS
    by_start = {c.timestamp: c.title for c in episode.chapters}
    assert by_start["01:26:04"] == "Doses & Routes of Administration; “K-holes”; Risk & Caution"
    assert by_start["01:15:45"] == "Habenula, Pro-Depressive Behaviors & Ketamine Therapy"


def test_seed_episode_fields() -> None:
    raw = json.loads(SEED.read_text(encoding="utf-8"))
    assert raw["format"] == 1
    episode = load_episode_file(SEED)
    assert episode.id == "huberman-ketamine"
    assert episode.podcast == "Huberman Lab"
    assert episode.title == "Ketamine: Benefits and Risks for Depression, PTSD & Neuroplasticity"
    assert episode.duration == 103 * 60
    assert episode.description.startswith("In this episode")
    assert episode.note and "medical advice" in episode.note
    assert episode.url is None or episode.url.startswith("https://")


def test_seed_chapters_have_kind_summary_and_keywords() -> None:
    episode = load_episode_file(SEED)
    kinds = {c.timestamp: c.kind for c in episode.chapters}
    assert kinds["00:00:00"] == "intro"
    assert kinds["00:02:29"] == kinds["00:33:24"] == kinds["01:02:28"] == "sponsor"
    assert kinds["01:40:40"] == "outro"
    assert sum(kind == "content" for kind in kinds.values()) == 17
    for chapter in episode.chapters:
        sentences = len(re.findall(r"[.!?](?=\s|$)", chapter.summary))
        assert 1 <= sentences <= 3, f"{chapter.timestamp}: summary has {sentences} sentences"
        assert isinstance(chapter.keywords, tuple)
    assert sum(bool(c.keywords) for c in episode.chapters) >= 20


def test_seed_round_trips_through_dump() -> None:
    episode = load_episode_file(SEED)
    assert parse_episode(dump_episode(episode), SEED) == episode


# --- the format ----------------------------------------------------------------------------------


def test_optional_fields_default_when_absent() -> None:
    episode = parse_episode(edited(lambda raw: None), Path("ep.json"))
    assert (episode.description, episode.url, episode.note) == ("", None, None)
    light = episode.chapters[2]
    assert light == Chapter(754, "Light & Timing", "content", "Why morning light matters.", ("sunlight",))
    assert episode.chapters[0].summary == "" and episode.chapters[0].keywords == ()


def test_dump_writes_a_file_that_loads_back_the_same_episode() -> None:
    episode = Episode(
        id="full", title="Everything", podcast="Test Cast", duration=3000,
        chapters=(
            Chapter(0, "Intro", "intro"),
            Chapter(90, "Sponsor: AG1", "sponsor", "Sponsor message.", ("athletic greens",)),
            Chapter(754, "Kétamine “K-holes”", "content", "Doses. Routes.", ("IV", "nasal spray")),
            Chapter(2900, "Closing", "outro"),
        ),
        description="About everything.", url="https://example.com/ep?x=1", note="Not advice.",
        people=("Ann Host", "Bob Guest"), published="2024-03-31", number=42,
        transcript_url="https://example.com/ep.vtt", transcript_type="text/vtt",
    )  # fmt: skip
    text = dump_episode(episode)
    assert parse_episode(text, Path("full.json")) == episode
    assert json.loads(text)["chapters"][2]["start"] == "00:12:34"


def test_dump_leaves_out_a_missing_url_and_note() -> None:
    raw = json.loads(dump_episode(parse_episode(edited(lambda raw: None), Path("ep.json"))))
    assert "url" not in raw and "note" not in raw
    assert not {"people", "published", "number", "transcript_url", "transcript_type"} & raw.keys()
    assert raw["format"] == 1


@pytest.mark.parametrize("chapters", [[], None], ids=["empty list", "no chapters key"])
def test_an_episode_without_chapters_is_valid(chapters: list[Any] | None) -> None:
    """Feeds keep episodes that publish no chapter list; they are listed, just not jumped into."""
    raw = copy.deepcopy(VALID)
    if chapters is None:
        del raw["chapters"]
    else:
        raw["chapters"] = chapters
    episode = parse_episode(json.dumps(raw), Path("ep.json"))
    assert episode.chapters == () and episode.title == "Sleep & Light"
    assert parse_episode(dump_episode(episode), Path("ep.json")) == episode


# --- validation: each problem with its line --------------------------------------------------------


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        target = raw
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _del(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        target = raw
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


# (what is wrong, the change, a line that holds the problem, the message)
INVALID = [
    ("another format version", _set(("format",), 2), '"format": 2', "format must be 1"),
    ("unknown field", _set(("sumary",), "x"), '"sumary"', "unknown field 'sumary'"),
    ("misspelt chapter field", _set(("chapters", 2, "sumary"), "x"), '"sumary"', "unknown field 'sumary'"),
    ("id with capitals", _set(("id",), "Sleep Light"), '"id"', "id must be lowercase letters"),
    ("title not text", _set(("title",), 12), '"title": 12', "title must be text, not int"),
    ("empty podcast", _set(("podcast",), "  "), '"podcast"', "podcast must not be empty"),
    ("duration not a time", _set(("duration",), "50 min"), '"duration"', "'50 min' is not a timestamp"),
    ("start not a time", _set(("chapters", 2, "start"), "12.34"), '"12.34"', "'12.34' is not a timestamp"),
    ("start before the one above", _set(("chapters", 2, "start"), "00:00:30"), '"00:00:30"',
     "chapter 3 starts at 00:00:30, not after the chapter before it (00:01:00)"),
    ("start equal to the one above", _set(("chapters", 2, "start"), "0:01:00"), '"0:01:00"',
     "chapter 3 starts at 00:01:00, not after the chapter before it (00:01:00)"),
    ("start at the end", _set(("chapters", 2, "start"), "00:50:00"), '"start": "00:50:00"',
     "chapter 3 starts at 00:50:00, past the episode's duration (00:50:00)"),
    ("unknown kind", _set(("chapters", 1, "kind"), "ad"), '"ad"', "kind must be one of content, sponsor, intro, outro"),
    ("title too long", _set(("chapters", 2, "title"), "x" * (MAX_TITLE + 1)), '"xxx',
     f"title is {MAX_TITLE + 1} characters; at most {MAX_TITLE} fit in a Discord reply"),
    ("summary too long", _set(("chapters", 2, "summary"), "y" * (MAX_SUMMARY + 1)), '"yyy',
     f"at most {MAX_SUMMARY} fit in a Discord reply"),
    ("note too long", _set(("note",), "n" * (MAX_NOTE + 1)), '"note"', f"at most {MAX_NOTE} fit"),
    ("keywords not a list", _set(("chapters", 2, "keywords"), "sunlight"), '"keywords"', "keywords must be a list"),
    ("too many keywords", _set(("chapters", 2, "keywords"), [f"k{i}" for i in range(MAX_KEYWORDS + 1)]),
     '"keywords"', f"at most {MAX_KEYWORDS} strings"),
    ("keyword too long", _set(("chapters", 2, "keywords"), ["ok", "z" * (MAX_KEYWORD + 1)]), '"zzz',
     f"each keyword must be text of 1 to {MAX_KEYWORD} characters"),
    ("url not a web link", _set(("url",), "ftp://example.com/ep"), '"url"', "url must start with https:// or http://"),
    ("chapters not a list", _set(("chapters",), {"start": "00:00:00"}), '"chapters"', "chapters must be a list"),
    ("published not a date", _set(("published",), "March 2024"), '"published"', "published must be a date like 2024-03-31"),
    ("published impossible date", _set(("published",), "2024-02-30"), '"published"', "published must be a date"),
    ("number not whole", _set(("number",), "12"), '"number"', "number must be a whole number"),
    ("people not a list", _set(("people",), "Ann, Bob"), '"people"', "people must be a list"),
    ("empty person", _set(("people",), ["Ann", " "]), '" "', "each name in people must be text"),
    ("transcript not a web link", _set(("transcript_url",), "file:///etc/passwd"), '"transcript_url"',
     "transcript_url must start with https:// or http://"),
    ("missing duration", _del(("duration",)), None, "duration is required"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "needle", "message"), [case[1:] for case in INVALID], ids=[c[0] for c in INVALID])
def test_each_problem_is_reported_with_file_and_line(
    change: Callable[[dict[str, Any]], None], needle: str | None, message: str
) -> None:
    text = edited(change)
    [problem] = problems_of(text)
    if needle is None:  # a missing field: the line is the object's that lacks it
        assert problem == f"data/ep.json:1: {message}"
        return
    assert problem.startswith(f"data/ep.json:{line_with(text, needle)}: "), problem
    assert message in problem


def test_missing_chapter_field_points_at_the_chapter() -> None:
    text = """{
  "format": 1,
  "id": "ep",
  "podcast": "Test Cast",
  "title": "T",
  "duration": "10:00",
  "chapters": [
    {"start": "00:00", "title": "Intro"},
    {
      "title": "No start"
    }
  ]
}
"""
    assert problems_of(text) == ["data/ep.json:9: start is required"]


def test_every_problem_in_a_file_is_reported_not_just_the_first() -> None:
    def break_three_things(raw: dict[str, Any]) -> None:
        raw["id"] = "Bad Id"
        raw["chapters"][1]["kind"] = "ad"
        raw["chapters"][2]["start"] = "00:00:10"

    text = edited(break_three_things)
    problems = problems_of(text)
    assert len(problems) == 3
    assert {int(p.split(":")[1]) for p in problems} == {
        line_with(text, '"Bad Id"'), line_with(text, '"ad"'), line_with(text, '"00:00:10"'),
    }  # fmt: skip


def test_broken_json_names_the_line_of_the_syntax_error() -> None:
    text = '{\n  "format": 1,\n  "id": "ep",\n  "title": "T",,\n  "chapters": []\n}\n'
    [problem] = problems_of(text)
    assert problem.startswith("data/ep.json:4: invalid JSON")


def test_a_list_instead_of_an_episode_object_is_refused() -> None:
    assert problems_of("[]") == ["data/ep.json:1: an episode file holds one JSON object"]


# --- folders -------------------------------------------------------------------------------------


def test_folder_loads_every_episode_sorted_by_id_and_ignores_other_files(tmp_path: Path) -> None:
    write(tmp_path, "z.json", edited(_set(("id",), "alpha")))
    shutil.copy(SEED, tmp_path / "seed.json")
    write(tmp_path, "README.md", "not an episode")
    assert [e.id for e in load_data_dir(tmp_path)] == ["alpha", "huberman-ketamine"]


def test_folder_loads_episodes_in_subfolders_one_per_podcast(tmp_path: Path) -> None:
    write(tmp_path / "test-cast", "ep.json", edited(_set(("id",), "test-cast-ep")))
    shutil.copy(SEED, tmp_path / "seed.json")
    assert [e.id for e in load_data_dir(tmp_path)] == ["huberman-ketamine", "test-cast-ep"]


def test_one_bad_file_loads_nothing_and_names_only_that_file(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "huberman-ketamine.json")
    bad = write(tmp_path, "bad.json", edited(_set(("chapters", 1, "kind"), "ad")))
    with pytest.raises(InvalidData) as error:
        load_data_dir(tmp_path)
    assert [problem.path for problem in error.value.problems] == [bad]


def test_problems_in_several_files_are_all_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.json", edited(_set(("format",), 2)))
    write(tmp_path, "b.json", "{ not json")
    write(tmp_path, "c.json", edited(lambda raw: None))
    with pytest.raises(InvalidData) as error:
        load_data_dir(tmp_path)
    assert [p.path.name for p in error.value.problems] == ["a.json", "b.json"]


def test_two_files_with_one_id_are_refused(tmp_path: Path) -> None:
    first = write(tmp_path, "a.json", edited(lambda raw: None))
    second = write(tmp_path, "b.json", edited(_set(("title",), "Another")))
    with pytest.raises(InvalidData) as error:
        load_data_dir(tmp_path)
    [problem] = error.value.problems
    assert problem.path == second
    assert "'sleep-light'" in problem.message and str(first) in problem.message


def test_duplicate_id_names_the_line_of_the_id(tmp_path: Path) -> None:
    """Every problem is `path:line: message`; the duplicate id has a line: the `"id"` field's."""
    write(tmp_path, "a.json", edited(lambda raw: None))
    text = edited(_set(("title",), "Another"))
    second = write(tmp_path, "b.json", text)
    with pytest.raises(InvalidData) as error:
        load_data_dir(tmp_path)
    [problem] = error.value.problems
    id_line = line_with(text, '"id"')
    assert str(problem).startswith(f"{second}:{id_line}: "), str(problem)


def test_missing_folder_is_a_problem_not_an_empty_catalog(tmp_path: Path) -> None:
    with pytest.raises(InvalidData, match="data folder not found"):
        load_data_dir(tmp_path / "nope")


def test_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(edited(_set(("title",), "Caf\u00e9")).encode("latin-1"))
    with pytest.raises(InvalidData) as error:
        load_data_dir(tmp_path)
    [problem] = error.value.problems
    assert problem.path == path and "cannot read file" in problem.message

