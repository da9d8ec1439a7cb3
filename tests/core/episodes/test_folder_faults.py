"""Faults of the data folder: whatever a file or a folder does, a problem named by path (and line),
never a hang, an exception past validation, or an empty catalog; the last good catalog keeps serving."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Callable

import pytest

from bot.core.catalog import CatalogService
from bot.core.db.sqlite import SqliteStore
from bot.core.episodes import InvalidData, Problem
from bot.core.episodes.codec import parse_episode
from bot.core.episodes.files import MAX_FILE_BYTES
from bot.core.episodes.folder import load_data_dir
from bot.discord_app.client import SegmentBot
from bot.settings import Settings
from tests.support.bots import Server
from tests.support.fakediscord import FakeDiscord
from tests.support.paths import SEED

DOSES = "Doses & Routes of Administration; “K-holes”; Risk & Caution"


def problems(folder: Path, timeout: float = 20.0) -> list[Problem]:
    """load_data_dir's problems, failing the test (instead of hanging it) if it does not return."""
    found: list[list[Problem]] = []

    def load() -> None:
        try:
            load_data_dir(folder)
            found.append([])
        except InvalidData as error:
            found.append(error.problems)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout)
    assert found, f"load_data_dir({folder}) did not return within {timeout} s"
    return found[0]


def seed_with(tmp_path: Path, name: str, make: Callable[[Path], object]) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    shutil.copy(SEED, folder / "huberman-ketamine.json")
    make(folder / name)
    return folder


def text_file(text: str) -> Callable[[Path], object]:
    return lambda path: path.write_text(text, encoding="utf-8")


def episode_text(title: str) -> str:
    raw = json.loads(SEED.read_text(encoding="utf-8"))
    raw["id"] = "other"
    raw["chapters"][3]["title"] = title
    return json.dumps(raw, indent=2)


LONE_SURROGATE = episode_text("\ud800")
LONE_SURROGATE_LINE = next(n for n, line in enumerate(LONE_SURROGATE.splitlines(), 1) if "\\ud800" in line)

# Each fault: how to make the file, and what its one problem says (with a line where it has one).
FAULTS: dict[str, tuple[Callable[[Path], object], str]] = {
    "fifo": (os.mkfifo, "not a regular file (a FIFO); not read"),
    "link to an endless device": (lambda p: p.symlink_to("/dev/zero"), "not a regular file (a character device)"),
    "dangling link": (lambda p: p.symlink_to(p.parent / "gone.json"), "cannot read file: No such file or directory"),
    "folder": (lambda p: p.mkdir(), "not a regular file (a folder)"),
    "too large": (lambda p: p.write_bytes(b" " * (MAX_FILE_BYTES + 1)), "file is larger than 5 MB; not read"),
    "deep nesting": (text_file('{"format": 1,\n"x": ' + "[" * 100_000 + "]" * 100_000 + "}"), ":2: JSON nested too deeply"),
    "huge integer": (text_file('{"format": 1,\n\n"id": ' + "9" * 5000 + "}"), ":3: invalid JSON: a whole number of 5,000 digits"),
    "lone surrogate": (text_file(LONE_SURROGATE), f":{LONE_SURROGATE_LINE}: title: holds a \\u escape of half a character"),
    "not UTF-8": (lambda p: p.write_bytes(b'{\n"title": "caf\xe9"}'), ":2: cannot read file: not UTF-8 text (byte 0xE9 at byte 14 of the line)"),
    "empty file": (text_file(""), ":1: invalid JSON"),
    "NUL bytes": (lambda p: p.write_bytes(b"\0" * 100), ":1: invalid JSON"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_pathological_file_is_one_named_problem(tmp_path: Path, fault: str) -> None:
    make, message = FAULTS[fault]
    folder = seed_with(tmp_path, "bad.json", make)
    [problem] = problems(folder)
    assert problem.path == folder / "bad.json"
    assert message in str(problem), str(problem)


@pytest.mark.parametrize("fault", ["fifo", "link to an endless device", "deep nesting", "huge integer", "lone surrogate"])
async def test_start_with_a_pathological_file_serves_the_stored_catalog(tmp_path: Path, fault: str) -> None:
    folder = seed_with(tmp_path, "aaa.json", lambda p: None)
    db = tmp_path / "bot.db"
    async with await SqliteStore.open(db) as store:
        assert (await CatalogService(store, folder).start()).ok
    FAULTS[fault][0](folder / "bad.json")
    async with await SqliteStore.open(db) as store:
        service = CatalogService(store, folder)
        result = await service.start()
        assert not result.ok and result.problems[0].path == folder / "bad.json"
        assert service.current.index.search("ketamine dose").results[0].chapter.title == DOSES
        assert [e.id for e in await store.load_catalog()] == ["huberman-ketamine"]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda folder: folder.mkdir(), "holds no episode file (*.json)"),
        (lambda folder: (folder.mkdir(), (folder / "notes.txt").write_text("x")), "holds no episode file"),
        (lambda folder: folder.write_text("x"), "the data folder is a file, not a folder"),
        (lambda folder: None, "data folder not found"),
    ],
    ids=["empty", "no json", "a file", "missing"],
)
async def test_an_empty_or_unusable_folder_is_an_error_and_the_catalog_stays(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(SEED, good / "huberman-ketamine.json")
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        service = CatalogService(store, good)
        assert (await service.start()).ok
        service.data_dir = tmp_path / "data"
        make(service.data_dir)
        result = await service.reload()
        assert not result.ok and message in str(result.problems[0])
        assert service.current.chapter_count == 22
        assert [e.id for e in await store.load_catalog()] == ["huberman-ketamine"]


def test_a_file_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    (tmp_path / "windows.json").write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes())
    [episode] = load_data_dir(tmp_path)
    assert episode.id == "huberman-ketamine"


def test_a_folder_that_cannot_be_listed_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", refuse)
    [problem] = problems(tmp_path)
    assert str(problem) == f"{tmp_path}: cannot list the data folder: Permission denied"


def test_other_files_are_skipped_and_named(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "huberman-ketamine.json")
    for name in ("notes.txt", "other.JSON", ".#huberman-ketamine.json"):
        (tmp_path / name).write_text("x")
    skipped: list[Problem] = []
    assert [e.id for e in load_data_dir(tmp_path, skipped=skipped)] == ["huberman-ketamine"]
    assert [str(p) for p in skipped] == [
        f"{tmp_path / '.#huberman-ketamine.json'}: skipped: a hidden file (an editor's lock or backup)",
        f"{tmp_path / 'notes.txt'}: skipped: only files ending in .json are read",
        f"{tmp_path / 'other.JSON'}: skipped: only files ending in .json are read; rename it to other.json to load it",
    ]


def test_thousands_of_problems_in_one_file_are_reported_in_linear_time() -> None:
    """Each problem's line used to be searched from the start of the file: 8,000 took 50 s."""

    def broken_file(count: int) -> str:
        chapters = [{"start": "00:00:01", "title": f"Chapter {i}", "kind": "advert"} for i in range(count)]
        raw = {"format": 1, "id": "big", "podcast": "P", "title": "T", "duration": "10:00:00", "chapters": chapters}
        return json.dumps(raw, indent=2)

    def timed(count: int) -> tuple[float, list[str]]:
        text = broken_file(count)
        began = time.perf_counter()
        with pytest.raises(InvalidData) as error:
            parse_episode(text, Path("big.json"))
        return time.perf_counter() - began, [str(p) for p in error.value.problems]

    seconds, found = timed(8000)
    kinds = [p for p in found if "kind must be" in p]
    assert len(kinds) == 8000
    text_lines = broken_file(8000).splitlines()
    assert [int(p.split(":")[1]) for p in kinds] == [n for n, line in enumerate(text_lines, 1) if '"advert"' in line]
    assert seconds < 5, f"8,000 problems took {seconds:.1f} s"


# Files built to make a reader's checks take time that grows with the square of their size (issue 20):
# each took minutes, holding the interpreter so that no question was answered meanwhile. Each is
# now read in one pass and refused with its line.
HOSTILE: dict[str, tuple[str, str]] = {
    # 35 KB of this took 54 s: every escaped quote started a string scanned to the end of the file.
    "unclosed string of escaped quotes in deep nesting": ("[" * 3000 + '"' + '\\"' * 1_600_000, ":1: JSON nested too deeply to read"),
    # Each number was converted digit by digit inside json's parser, and searched for at every digit.
    "1,200 numbers of 4,000 digits": (
        '{"format": 1,\n"x": [' + ",\n".join(["9" * 4000] * 1200) + "]}", ":2: invalid JSON: a whole number of 4,000 digits"
    ),
    "1,200 decimals of 4,000 digits, then a long whole number": (
        '{"format": 1,\n"x": [' + ",\n".join(["0." + "9" * 3998] * 1200) + ",\n" + "9" * 5000 + "]}",
        ":1202: invalid JSON: a whole number of 5,000 digits",
    ),
    "1,200 strings of escaped digits, then a long whole number": (
        '{"format": 1,\n"x": [' + ",\n".join(['"\\"' + "9" * 3998 + '"'] * 1200) + ",\n" + "9" * 101 + "]}",
        ":1202: invalid JSON: a whole number of 101 digits",
    ),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_is_refused_with_its_line_in_one_pass(tmp_path: Path, name: str) -> None:
    text, message = HOSTILE[name]
    assert len(text) > 3_000_000
    folder = seed_with(tmp_path, "hostile.json", text_file(text))
    [problem] = problems(folder, timeout=5.0)  # it took minutes
    assert problem.path == folder / "hostile.json" and message in str(problem), str(problem)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidData):
            parse_episode(text, Path("hostile.json"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # At most the parsed values (json keeps what it read before the failure) and a few line offsets.
    assert peak < 2 * len(text), f"reading {len(text):,} characters took {peak:,} bytes"


def test_a_wrong_value_of_megabytes_is_quoted_in_one_short_line() -> None:
    raw = json.loads(SEED.read_text(encoding="utf-8"))
    raw["chapters"][2]["kind"] = "x" * 4_000_000
    raw["number"] = [[1, 2, 3]] * 100_000
    found = problems_of_text(json.dumps(raw))
    assert len(found) == 2 and all(len(p) < 200 for p in found), found
    assert any("kind must be one of content, sponsor, intro, outro, not 'xxx" in p for p in found)


def problems_of_text(text: str) -> list[str]:
    with pytest.raises(InvalidData) as error:
        parse_episode(text, Path("big.json"))
    return [str(p) for p in error.value.problems]


# --- through Discord ------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["fifo", "empty folder", "only other files"])
async def test_reload_over_a_faulty_folder_is_refused_and_members_keep_their_answers(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings, fault: str
) -> None:
    data = bot_settings.data_dir
    if fault == "fifo":
        os.mkfifo(data / "stuck.json")
    else:
        (data / "huberman-ketamine.json").unlink()
        if fault == "only other files":
            (data / "notes.txt").write_text("x")
    reload = await fake_discord.slash("reload", member=server.admin)
    report = (await reload.followup()).content
    assert "Reload refused" in report and "Still serving the previous catalog (1 episodes, 22 chapters)" in report
    answer = await (await fake_discord.slash("segment", {"query": "habenula"})).response()
    assert answer.embeds[0]["title"].startswith("01:15:45")
    assert len(await fake_discord.autocomplete("segment", {"query": ""}, focused="query")) == 19


async def test_reload_over_hostile_files_keeps_answering_and_names_each_file(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server, bot_settings: Settings
) -> None:
    """Before: no /reload reply after 221 s, and 0 of 794 questions answered meanwhile."""
    data = bot_settings.data_dir
    for n, (text, _) in enumerate(HOSTILE.values()):
        (data / f"hostile-{n}.json").write_text(text, encoding="utf-8")
    reload = await fake_discord.slash("reload", member=server.admin)
    asked = [await fake_discord.slash("segment", {"query": "habenula"}, member=m) for m in (server.member, server.moderator) * 5]
    for question in asked:  # each within Discord's 3 s, or the fake refuses it and fails the test
        assert (await question.response()).embeds[0]["title"].startswith("01:15:45")
    report = (await reload.followup(timeout=30)).content
    assert "Reload refused**: 4 problem(s)" in report and "Still serving the previous catalog (1 episodes, 22 chapters)" in report
    for n, (_, message) in enumerate(HOSTILE.values()):
        assert f"hostile-{n}.json{message}" in report
