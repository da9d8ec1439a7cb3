"""The live catalog: reloads that never leave the bot without answers, and say what they changed."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, Sequence

import pytest

from bot.core.catalog import Catalog, CatalogService, Changes
from bot.core.db.sqlite import SqliteStore
from bot.core.episodes import Chapter, Episode
from bot.core.episodes.codec import dump_episode
from bot.core.search import SearchIndex, VectorCache
from tests.support.paths import SEED

DOSES = "Doses & Routes of Administration; “K-holes”; Risk & Caution"


def episode(episode_id: str, *titles: str, **fields: Any) -> Episode:
    """An episode whose chapters, one per title, start a minute apart."""
    return Episode(
        id=episode_id, title=fields.pop("title", episode_id.title()), podcast="Test Cast", duration=3600,
        chapters=tuple(Chapter(60 * i, t) for i, t in enumerate(titles)), **fields,
    )  # fmt: skip


def save(folder: Path, *episodes: Episode) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for e in episodes:
        (folder / f"{e.id}.json").write_text(dump_episode(e), encoding="utf-8")


def break_file(path: Path) -> int:
    """Gives the file's first sponsor chapter an unknown kind; returns the line of the problem."""
    text = path.read_text(encoding="utf-8").replace('"kind": "sponsor"', '"kind": "advert"', 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index('"advert"')].count("\n") + 1


def best(service: CatalogService, question: str) -> str | None:
    answer = service.current.index.search(question)
    return answer.results[0].chapter.title if answer.results else None


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(SEED, folder / "huberman-ketamine.json")
    return folder


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    async with await SqliteStore.open(tmp_path / "bot.db") as opened:
        yield opened


@pytest.fixture
async def service(store: SqliteStore, data: Path) -> CatalogService:
    service = CatalogService(store, data)
    result = await service.start()
    assert result.ok, result.problems
    return service


class GatedStore:
    """Wraps SqliteStore.replace_catalog so a test can hold a reload in the middle of its store write."""

    def __init__(self, store: SqliteStore) -> None:
        self.entered = asyncio.Event()
        self.release = asyncio.Event()
        self.writes: list[list[str]] = []
        self._original = store.replace_catalog

    async def replace_catalog(self, episodes: Sequence[Episode], **options: Any) -> None:
        self.writes.append([e.id for e in episodes])
        if len(self.writes) == 1:
            self.entered.set()
            await self.release.wait()
        await self._original(episodes, **options)


# --- start ---------------------------------------------------------------------------------------


async def test_questions_before_start_get_no_answer_rather_than_an_error(store: SqliteStore, data: Path) -> None:
    service = CatalogService(store, data)
    assert service.current.index.search("ketamine dose").results == []


async def test_start_serves_the_data_folder_and_stores_it(service: CatalogService, store: SqliteStore) -> None:
    assert best(service, "ketamine dose") == DOSES
    assert service.current.chapter_count == 22
    assert [e.id for e in await store.load_catalog()] == ["huberman-ketamine"]


async def test_start_reports_every_episode_as_added(store: SqliteStore, data: Path) -> None:
    result = await CatalogService(store, data).start()
    assert result.ok
    assert result.changes.episodes_added == ["huberman-ketamine"]
    assert result.changes.chapters_added == 22


async def test_start_with_a_broken_folder_serves_the_catalog_kept_in_sqlite(tmp_path: Path, data: Path) -> None:
    db = tmp_path / "bot.db"
    async with await SqliteStore.open(db) as store:
        assert (await CatalogService(store, data).start()).ok
    break_file(data / "huberman-ketamine.json")
    async with await SqliteStore.open(db) as store:
        service = CatalogService(store, data)
        result = await service.start()
    assert not result.ok
    assert result.problems and result.problems[0].path == data / "huberman-ketamine.json"
    assert "advert" in result.problems[0].message
    assert best(service, "ketamine dose") == DOSES
    assert service.current.chapter_count == 22


async def test_start_with_a_missing_folder_and_an_empty_database_serves_nothing(store: SqliteStore, tmp_path: Path) -> None:
    service = CatalogService(store, tmp_path / "missing")
    result = await service.start()
    assert not result.ok and "data folder not found" in str(result.problems[0])
    assert service.current.episodes == []
    assert service.current.index.search("ketamine dose").results == []


# --- reload --------------------------------------------------------------------------------------


async def test_reload_picks_up_a_new_episode(service: CatalogService, data: Path) -> None:
    save(data, episode("sleep-light", "Intro", "Morning Sunlight & Circadian Rhythm"))
    result = await service.reload()
    assert result.ok
    assert result.changes.episodes_added == ["sleep-light"] and result.changes.chapters_added == 2
    assert best(service, "circadian") == "Morning Sunlight & Circadian Rhythm"
    assert best(service, "ketamine dose") == DOSES


async def test_reload_of_an_unchanged_folder_changes_nothing(service: CatalogService) -> None:
    result = await service.reload()
    assert result.ok and not result.changes.any


async def test_reload_with_a_broken_file_keeps_serving_the_old_catalog(
    service: CatalogService, store: SqliteStore, data: Path
) -> None:
    old = service.current
    save(data, episode("sleep-light", "Intro", "Morning Sunlight"))
    line = break_file(data / "huberman-ketamine.json")
    result = await service.reload()
    assert not result.ok
    assert [str(p).split(": ")[0] for p in result.problems] == [f"{data / 'huberman-ketamine.json'}:{line}"]
    assert service.current is old
    assert best(service, "ketamine dose") == DOSES
    assert best(service, "morning sunlight") is None  # the good new file did not half-load either
    assert [e.id for e in await store.load_catalog()] == ["huberman-ketamine"]


async def test_reload_after_the_file_is_fixed_loads_it(service: CatalogService, data: Path) -> None:
    save(data, episode("sleep-light", "Intro", "Morning Sunlight"))
    (data / "broken.json").write_text("{", encoding="utf-8")
    assert not (await service.reload()).ok
    (data / "broken.json").unlink()
    result = await service.reload()
    assert result.ok and result.changes.episodes_added == ["sleep-light"]
    assert best(service, "morning sunlight") == "Morning Sunlight"


async def test_reload_whose_store_write_fails_serves_the_valid_folder_and_says_so(
    service: CatalogService, store: SqliteStore, data: Path
) -> None:
    """A full disk must not keep a valid edit from serving: it serves from memory, the reply says
    the database did not keep it, and the database still holds the catalog before it, whole."""
    await store._db.execute("PRAGMA query_only = ON")  # every write fails, as on a read-only file
    save(data, episode("sleep-light", "Intro", "Morning Sunlight"))
    result = await service.reload()
    assert result.ok and result.not_stored and "readonly" in result.not_stored
    assert best(service, "morning sunlight") == "Morning Sunlight"
    assert [e.id for e in await store.load_catalog()] == ["huberman-ketamine"]


async def test_start_with_nothing_changed_does_not_write_the_catalog_again(tmp_path: Path, data: Path) -> None:
    db = tmp_path / "bot.db"
    async with await SqliteStore.open(db) as store:
        assert (await CatalogService(store, data).start()).ok
    async with await SqliteStore.open(db) as store:
        await store._db.execute("PRAGMA query_only = ON")  # a write would fail and be reported
        service = CatalogService(store, data)
        result = await service.start()
        assert result.ok and result.not_stored is None
        assert best(service, "ketamine dose") == DOSES
    save(data, episode("sleep-light", "Intro", "Morning Sunlight"))
    async with await SqliteStore.open(db) as store:
        assert (await CatalogService(store, data).start()).ok
        assert [e.id for e in await store.load_catalog()] == ["huberman-ketamine", "sleep-light"]


async def test_questions_are_answered_from_the_old_catalog_during_a_reload(
    service: CatalogService, store: SqliteStore, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = GatedStore(store)
    monkeypatch.setattr(store, "replace_catalog", gate.replace_catalog)
    (data / "huberman-ketamine.json").unlink()
    save(data, episode("sleep-light", "Intro", "Morning Sunlight"))
    reload = asyncio.create_task(service.reload())
    await gate.entered.wait()  # the new catalog is built, and being stored
    assert best(service, "ketamine dose") == DOSES
    assert best(service, "morning sunlight") is None
    gate.release.set()
    assert (await reload).ok
    assert best(service, "ketamine dose") is None
    assert best(service, "morning sunlight") == "Morning Sunlight"


async def test_concurrent_reloads_run_one_after_the_other(
    service: CatalogService, store: SqliteStore, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload that read the folder first must not finish last and bring back what the folder had then."""

    async def in_this_thread(function: Callable[..., Any], /, *args: Any) -> Any:
        return function(*args)  # the folder is read the moment a reload is allowed to read it

    monkeypatch.setattr(asyncio, "to_thread", in_this_thread)
    gate = GatedStore(store)
    monkeypatch.setattr(store, "replace_catalog", gate.replace_catalog)

    save(data, episode("first", "Intro", "Morning Sunlight"))
    earlier = asyncio.create_task(service.reload())
    await gate.entered.wait()  # `earlier` has read the folder with "first" and is storing it
    save(data, episode("second", "Intro", "Evening Screens"))
    later = asyncio.create_task(service.reload())
    for _ in range(10):
        await asyncio.sleep(0)
    assert gate.writes == [["first", "huberman-ketamine"]], "a second reload ran while the first was storing"
    gate.release.set()
    first_result, second_result = await asyncio.gather(earlier, later)

    assert first_result.changes.episodes_added == ["first"]
    assert second_result.changes.episodes_added == ["second"]
    assert [e.id for e in service.current.episodes] == ["first", "huberman-ketamine", "second"]
    assert [e.id for e in await store.load_catalog()] == ["first", "huberman-ketamine", "second"]


# --- what a reload changed -----------------------------------------------------------------------


def test_changes_count_episodes_and_chapters_added_and_removed() -> None:
    old = [episode("a", "A1", "A2"), episode("b", "B1")]
    new = [episode("b", "B1"), episode("c", "C1", "C2", "C3")]
    changes = Changes.between(old, new)
    assert (changes.episodes_added, changes.episodes_removed, changes.episodes_changed) == (["c"], ["a"], [])
    assert (changes.chapters_added, changes.chapters_removed, changes.chapters_changed) == (3, 2, 0)
    assert changes.any


def test_changes_inside_an_episode_are_counted_by_chapter() -> None:
    old = [episode("a", "Intro", "Sleep", "Light", "Closing")]
    retitled_and_trimmed = Episode(
        "a", "A", "Test Cast", 3600,
        (Chapter(0, "Intro"), Chapter(60, "Sleep & Dreams"), Chapter(150, "Light"), Chapter(180, "Closing"),
         Chapter(240, "Bonus")),
    )  # fmt: skip
    changes = Changes.between(old, [retitled_and_trimmed])
    assert changes.episodes_changed == ["a"]
    # 00:01:00 retitled; 00:02:00 moved to 00:02:30 (removed there, added here); 00:04:00 is new.
    assert (changes.chapters_added, changes.chapters_removed, changes.chapters_changed) == (2, 1, 1)


def test_edit_to_a_summary_or_keyword_is_a_changed_chapter() -> None:
    before = Episode("a", "A", "P", 600, (Chapter(0, "Intro"), Chapter(60, "Doses", summary="Old.")))
    after = Episode("a", "A", "P", 600, (Chapter(0, "Intro", keywords=("go",)), Chapter(60, "Doses", summary="New.")))
    changes = Changes.between([before], [after])
    assert changes.episodes_changed == ["a"] and changes.chapters_changed == 2


def test_episode_field_edit_changes_the_episode_but_no_chapter() -> None:
    before = episode("a", "Intro")
    after = episode("a", "Intro", note="Not medical advice.")
    changes = Changes.between([before], [after])
    assert changes.episodes_changed == ["a"]
    assert (changes.chapters_added, changes.chapters_removed, changes.chapters_changed) == (0, 0, 0)


def test_same_catalog_is_no_change() -> None:
    catalog = [episode("a", "Intro", "Sleep")]
    assert not Changes.between(catalog, list(catalog)).any


# --- finding episodes by name --------------------------------------------------------------------


def test_episodes_are_found_by_podcast_title_or_id() -> None:
    catalog = Catalog(SearchIndex([
        episode("huberman-ketamine", "Intro", title="Ketamine: Benefits and Risks"),
        episode("sleep-light", "Intro", title="Sleep & Light"),
    ]))  # fmt: skip
    assert [e.id for e in catalog.find_episodes("ketamine", limit=5)] == ["huberman-ketamine"]
    assert [e.id for e in catalog.find_episodes("sleep & light", limit=5)] == ["sleep-light"]
    assert [e.id for e in catalog.find_episodes("huberman", limit=5)] == ["huberman-ketamine"]
    assert [e.id for e in catalog.find_episodes("", limit=1)] == ["huberman-ketamine"]
    assert catalog.find_episodes("bitcoin price", limit=5) == []


def test_empty_question_suggests_the_first_chapters_without_sponsors() -> None:
    ads = Episode(id="ads", title="Ads", podcast="Test Cast", duration=3600,
                  chapters=tuple(Chapter(60 * i, f"Ad {i}", "sponsor") for i in range(30)))  # fmt: skip
    many = episode("many", *(f"Part {i}" for i in range(40)))
    catalog = Catalog(SearchIndex([ads, many, episode("short", "Intro", "Talk")]))
    overall = catalog.starting_points()
    assert [(m.episode.id, m.chapter.title) for m in overall] == [("many", f"Part {i}") for i in range(25)]
    assert [m.chapter.title for m in catalog.starting_points("short")] == ["Intro", "Talk"]
    assert catalog.starting_points("ads") == [] and catalog.starting_points("unknown") == []


# --- meaning added in the background -------------------------------------------------------------


async def test_a_catalog_too_large_to_embed_at_once_answers_from_words_then_gains_meaning(
    store: SqliteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.core.catalog.reload.EMBED_AT_ONCE", 0)  # as a first start of a large catalog
    monkeypatch.setattr("bot.core.search.semantic.EMBED_STEP", 2)  # several steps, as there
    folder = tmp_path / "sleep"
    folder.mkdir()
    titles = ("Welcome", "Insomnia", "Creatine Timing", "Cold Plunges and Recovery", "Listener Questions")
    episode = Episode("show-12", "Episode 12", "Test Cast", 3600, tuple(Chapter(600 * i, t) for i, t in enumerate(titles)))
    (folder / "show-12.json").write_text(dump_episode(episode), encoding="utf-8")
    service = CatalogService(store, folder, vectors=VectorCache())
    assert (await service.start()).ok
    assert best(service, "creatine timing") == "Creatine Timing"  # served at once, from words
    assert offered(service, "sleeplessness") is None  # no word of it is in the catalog
    await service.meaning_added()  # the background fill, step by step, then the swap
    assert offered(service, "sleeplessness") == "Insomnia"  # meaning meets meaning
    await service.close()


def offered(service: CatalogService, question: str) -> str | None:
    """The chapter answered or, failing that, offered as "did you mean"."""
    answer = service.current.index.search(question)
    return next((m.chapter.title for m in [*answer.results, *answer.suggestions]), None)
