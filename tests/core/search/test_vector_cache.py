"""The vector cache file: damage costs time, never answers; a full disk leaves nothing behind; one
catalog is embedded once, by one process, and a stop midway keeps what was made (vector_cache.py,
semantic.embed_missing)."""

from __future__ import annotations

import errno
import fcntl
import io
import logging
import threading
from pathlib import Path
from typing import Any, BinaryIO, Callable

import numpy as np
import pytest

from bot.core.search import SearchIndex, VectorCache, vector_cache
from bot.core.search.semantic import Texts, embed_missing
from tests.support.search import CSS, SLEEP, CountingModel, episode

RNG = np.random.default_rng(3)


def unit(rows: int) -> np.ndarray:
    vectors = RNG.normal(size=(rows, 384))
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def keys(rows: int, salt: int = 0) -> list[bytes]:
    return [bytes([salt, i % 256, i // 256]) + bytes(13) for i in range(rows)]


def filled(path: Path) -> bytes:
    """The file of SLEEP and CSS's vectors, as the bot writes it."""
    SearchIndex([SLEEP, CSS], vectors=VectorCache(path))
    return path.read_bytes()


def good_block(rows: int) -> bytes:
    return vector_cache._block(keys(rows, salt=9), unit(rows))


def right_keys_wrong_vectors(path: Path, make: Callable[[int], np.ndarray]) -> bytes:
    """The file with every key the catalog needs, each with a vector from `make` (a valid CRC)."""
    texts = Texts.of([SLEEP, CSS])
    all_keys = texts.chapter_keys + texts.episode_keys
    return vector_cache._HEADER + vector_cache._block(all_keys, make(len(all_keys)).astype(np.float16))


def npy(path: Path) -> bytes:
    out = io.BytesIO()
    np.save(out, unit(7).astype(np.float16))
    return out.getvalue()


def npz(path: Path) -> bytes:  # the format of the cache before this one
    out = io.BytesIO()
    np.savez(out, keys=np.zeros((7, 16), np.uint8), vectors=unit(7).astype(np.float16))
    return out.getvalue()


DAMAGE: dict[str, Callable[[Path], bytes]] = {
    "truncated": lambda path: filled(path)[:-1000],
    "empty": lambda path: b"",
    "a flipped byte (CRC)": lambda path: (lambda data: data[:500] + bytes([data[500] ^ 1]) + data[501:])(filled(path)),
    "a .npy file": npy,
    "an .npz file": npz,
    "the header of another model": lambda path: vector_cache.MAGIC + bytes(16) + filled(path)[24:],
    "NaN vectors": lambda path: right_keys_wrong_vectors(path, lambda n: np.full((n, 384), np.nan)),
    "zero vectors": lambda path: right_keys_wrong_vectors(path, lambda n: np.zeros((n, 384))),
    "random numbers": lambda path: right_keys_wrong_vectors(path, lambda n: RNG.normal(size=(n, 384))),
    "random bytes": lambda path: RNG.bytes(5000),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_gives_one_warning_answers_from_meaning_and_is_written_anew(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    path = tmp_path / "bot.db.vectors"
    path.write_bytes(DAMAGE[damage](path))
    with caplog.at_level(logging.WARNING):
        index = SearchIndex([SLEEP, CSS], vectors=VectorCache(path))
    assert [r.levelname for r in caplog.records] == ["WARNING"] and "vector cache damaged" in caplog.text
    answer = index.search("sleeplessness")  # found by meaning alone: answered or offered (blend.py)
    assert (answer.results or answer.suggestions)[0].chapter.title == "Insomnia"  # no wrong vector was used
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        again = VectorCache(path)
    assert len(again) == 7 and not caplog.records  # written anew, whole and good
    assert not path.with_name(path.name + ".tmp").exists()


def test_a_block_cut_short_keeps_the_blocks_before_it(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "bot.db.vectors"
    path.write_bytes(vector_cache._HEADER + good_block(300) + good_block(5)[:-10])
    with caplog.at_level(logging.WARNING):
        cache = VectorCache(path)
    assert len(cache) == 300 and "a block cut short" in caplog.text
    assert len(VectorCache(path)) == 300


def full_disk_after(limit: int) -> Callable[[BinaryIO, bytes], None]:
    """_write_all on a disk with `limit` bytes free: writes what fits, then fails as a full disk does."""

    def write(file: BinaryIO, data: bytes) -> None:
        file.write(data[:limit])
        raise OSError(errno.ENOSPC, "No space left on device")

    return write


def test_a_full_disk_while_saving_leaves_the_file_as_it_was(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bot.db.vectors"
    cache = VectorCache(path)
    cache.add(keys(10), unit(10))
    before = path.read_bytes()
    monkeypatch.setattr(vector_cache, "_write_all", full_disk_after(1000))
    with caplog.at_level(logging.WARNING):
        cache.add(keys(10, salt=1), unit(10))
    assert "No space left on device" in caplog.text and "kept in memory" in caplog.text
    assert path.read_bytes() == before  # no half block: the disk is no fuller than before
    assert len(cache) == 20


def test_a_full_disk_while_writing_the_cache_anew_removes_the_temporary_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temporary file left on a full disk kept it full: settings could not be saved either (issue 20, item 16)."""
    path = tmp_path / "bot.db.vectors"
    path.write_bytes(vector_cache._HEADER + good_block(300) + b"damage")
    monkeypatch.setattr(vector_cache, "_write_all", full_disk_after(100_000))
    with caplog.at_level(logging.WARNING):
        cache = VectorCache(path)
    assert len(cache) == 300 and "cannot write the vector cache anew: No space left on device" in caplog.text
    assert [p.name for p in tmp_path.iterdir()] == ["bot.db.vectors"]


def test_processes_sharing_the_file_see_each_others_vectors(tmp_path: Path) -> None:
    path = tmp_path / "bot.db.vectors"
    one, two = VectorCache(path), VectorCache(path)
    one.add(keys(3), unit(3))
    two.refresh()
    assert len(two) == 3
    two.add(keys(4, salt=1), unit(4))
    one.refresh()
    assert len(one) == 7 and len(VectorCache(path)) == 7


CATALOG = [episode(f"show-{n}", *((f"Chapter {n}.{i} about topic {i * n}", "content", "", ()) for i in range(6))) for n in range(5)]


def test_an_interrupted_first_embedding_goes_on_where_it_stopped(
    tmp_path: Path, counting: CountingModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.core.search.semantic.EMBED_STEP", 10)
    path = tmp_path / "bot.db.vectors"
    seen: list[tuple[int, int]] = []
    made = embed_missing(CATALOG, VectorCache(path), progress=lambda *p: seen.append(p), stopped=lambda: len(seen) > 1)
    assert made == 10 and seen == [(0, 35), (10, 35)]  # 30 chapters and 5 episodes; stopped after a step
    cache = VectorCache(path)  # as after a restart
    assert len(cache) == 10
    assert embed_missing(CATALOG, cache, workers=2) == 25 and counting.embedded == 35  # nothing twice
    index = SearchIndex(CATALOG, vectors=VectorCache(path), embed_limit=0)  # as the bot builds it after a restart
    assert not index.meaning_pending and counting.embedded == 35


def test_while_another_process_embeds_the_catalog_this_one_waits_and_embeds_nothing(
    tmp_path: Path, counting: CountingModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.core.search.semantic.WAIT_FOR_OTHERS", 0.05)
    path = tmp_path / "bot.db.vectors"
    other = VectorCache(path)
    texts = Texts.of(CATALOG)
    model = counting.model  # the model itself: what the other process embeds is not counted
    vectors = model.embed(texts.chapters, max_tokens=64)

    def the_other_process(lock: Any) -> None:  # holds the embedding lock, saves in steps, ends
        other.add(texts.chapter_keys[:15], vectors[:15])
        other.add(texts.chapter_keys[15:], vectors[15:])
        other.add(texts.episode_keys, model.embed(texts.episodes, max_tokens=96))
        lock.close()

    lock = open(tmp_path / "bot.db.vectors.lock", "ab")
    fcntl.flock(lock, fcntl.LOCK_EX)
    threading.Timer(0.2, the_other_process, (lock,)).start()
    assert embed_missing(CATALOG, VectorCache(path)) == 0 and counting.embedded == 0
    assert len(VectorCache(path)) == 35
