"""One catalog size, measured in a process of its own: `python -m benchmarks.measure FOLDER ...`.

Run by `python -m benchmarks` once per size, so that each size starts from a fresh interpreter and
its memory high-water mark is its own. Prints one JSON object on its last line of output.

What it does, in order:
1. generates the questions (before loading, so the generator's memory is not the catalog's);
2. loads the catalog the way the bot does (a catalog whose vectors are not in the file yet answers
   from words while they are made, which is timed, as is what a second process would embed): CatalogService.start() with a SqliteStore on a temporary
   SQLite database; its reload, the first in a fresh process, is the "cold reload" (its parts are
   timed by wrapping the functions the service calls, without changing what they do);
3. times every question once, as a bot meets them: no warm-up and no repeat of a question, full
   answers (search) and autocomplete (complete) taking turns, and between two calls other work
   that walks 64 MB of memory, so the CPU caches are as cold as after the rest of a bot's work;
   then the same again while another process keeps one core busy (a shared host);
4. measures the seed question set against the whole catalog (quality.py), and how often the
   synthetic questions drawn from a chapter find that chapter first (or in the first three);
   the same questions are timed and scored with SQLite FTS5 and bm25 (fts.py);
5. reloads again while the event loop answers a stream of questions (one every 5 ms, alternately
   a full answer and an autocomplete) and a task that wakes every millisecond records how late it
   wakes: the longest lateness is the longest stall. Twice: after editing 1% of the episode files
   (a moderator's /reload), and with the service's parse cache emptied, so that every file is
   parsed again (the worst case: as if every file had changed);
6. records the peak RSS (getrusage's ru_maxrss: the high-water mark of the resident set, so it
   includes the moment during the reload when the old and the new catalog are both in memory);
7. times the same questions (a subset at large sizes, see __main__.py) against the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

import bot.core.catalog.reload as catalog_module
from bot.core.catalog import CatalogService
from bot.core.db.sqlite import SqliteStore
from bot.core.episodes import Episode
from bot.core.episodes.codec import dump_episode, load_episode_file
from bot.core.episodes.folder import EpisodeCache
from bot.core.search import VectorCache
from bot.core.search.semantic import Texts

from . import quality
from .baseline import Baseline
from .fts import Fts5
from .synthetic import benchmark_questions

TICK = 0.001  # the stall probe wakes every millisecond
QUESTION_EVERY = 0.005  # during the reload under load: a question every 5 ms (200 a second)
OTHER_WORK_MB = 64  # memory walked between two timed calls: the rest of the bot's work, caches cold


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    if not samples_ms:
        return {"n": 0, "p50": float("nan"), "p99": float("nan"), "max": float("nan")}
    a = np.asarray(samples_ms)
    return {"n": len(a), "p50": float(np.percentile(a, 50)), "p99": float(np.percentile(a, 99)), "max": float(a.max())}


def timed(fn: Callable[[str], Any], items: list[str]) -> list[float]:
    """Milliseconds per item, each called once."""
    out = []
    for item in items:
        began = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - began) * 1000)
    return out


def taking_turns(calls: list[tuple[Callable[[str], Any], list[str]]]) -> list[list[float]]:
    """Milliseconds of each call: the i-th item of every list in turn (a full answer and an
    autocomplete, say), each after other work that leaves the CPU caches cold (a bot does more than
    answer)."""
    other = np.ones(OTHER_WORK_MB * 1024 * 1024 // 8)
    out: list[list[float]] = [[] for _ in calls]
    for i in range(min(len(items) for _, items in calls)):
        for (fn, items), samples in zip(calls, out):
            other.sum()
            began = time.perf_counter()
            fn(items[i])
            samples.append((time.perf_counter() - began) * 1000)
    return out


@contextlib.contextmanager
def busy_core() -> Iterator[None]:
    """Another process spinning on one core meanwhile."""
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        yield
    finally:
        busy.kill()
        busy.wait()


def found_first(answers: list[list[str]], sources: list[str | None]) -> dict[str, float]:
    """Top-1 and top-3 of the questions drawn from a chapter: is that chapter found?"""
    drawn = [(got, want) for got, want in zip(answers, sources) if want is not None]
    return {
        "n": len(drawn),
        "top_1": sum(got[:1] == [want] for got, want in drawn) / max(len(drawn), 1),
        "top_3": sum(want in got[:3] for got, want in drawn) / max(len(drawn), 1),
    }


def edit_files(folder: Path, count: int) -> None:
    """Edit `count` episode files, spread over the folder, as a moderator would (a summary reworded)."""
    paths = sorted(folder.glob("*.json"))
    for path in paths[:: max(1, len(paths) // count)][:count]:
        episode = load_episode_file(path)
        last = episode.chapters[-1]
        edited = replace(last, summary=(last.summary[:980] + " Updated.").strip())
        # A new file renamed over the old one: catalogs of other sizes may hard-link the same file.
        temporary = path.with_suffix(".tmp")
        temporary.write_text(dump_episode(replace(episode, chapters=(*episode.chapters[:-1], edited))), encoding="utf-8")
        os.replace(temporary, path)


class PhaseTimer:
    """Times the steps of CatalogService.reload by wrapping the functions it calls."""

    def __init__(self, store: SqliteStore) -> None:
        self.seconds: dict[str, float] = {}
        for name in ("load_data_dir", "SearchIndex"):
            setattr(catalog_module, name, self._wrap(name, getattr(catalog_module, name)))
        store.replace_catalog = self._wrap_async("sqlite", store.replace_catalog)  # type: ignore[method-assign]

    def _wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - began

        return wrapper

    def _wrap_async(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return await fn(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - began

        return wrapper


def cpu_steal() -> tuple[float, float]:
    """(steal, total) CPU time so far, from /proc/stat: a virtual machine's host taking the CPU."""
    try:
        fields = [float(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0, 0.0
    return (fields[7] if len(fields) > 7 else 0.0), sum(fields[:8])


class Window:
    """Lateness of a 1 ms ticker, the longest garbage collection and CPU steal, over a stretch of time."""

    def __init__(self) -> None:
        self.lateness: list[float] = []
        self.gc_ms = 0.0
        self._gc_began = 0.0

    def __enter__(self) -> Window:
        self._steal = cpu_steal()
        gc.callbacks.append(self._gc)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._gc)
        steal, total = cpu_steal()
        self.steal = (steal - self._steal[0]) / max(total - self._steal[1], 1.0)

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_began = time.perf_counter()
        else:
            self.gc_ms = max(self.gc_ms, (time.perf_counter() - self._gc_began) * 1000)

    def summary(self) -> dict[str, float]:
        late = np.asarray(self.lateness) * 1000
        return {
            "max_stall_ms": float(late.max()) if len(late) else 0.0,
            "stall_p99_ms": float(np.percentile(late, 99)) if len(late) else 0.0,
            "ticks": len(late),
            "longest_gc_ms": self.gc_ms,
            "cpu_steal": self.steal,
        }


async def reload_under_load(service: CatalogService, questions: list[str], partials: list[str], control_s: float) -> dict[str, Any]:
    """Reload while questions keep coming; how late a 1 ms ticker wakes meanwhile.

    First a control window of `control_s` with the same questions and no reload: on a shared
    virtual machine the event loop is sometimes late on its own, and this says by how much.
    """
    answer_ms: list[float] = []
    stop = asyncio.Event()
    window = Window()

    async def ticker() -> None:
        while not stop.is_set():
            began = time.perf_counter()
            await asyncio.sleep(TICK)
            window.lateness.append(time.perf_counter() - began - TICK)

    async def asker() -> None:
        i = 0
        while not stop.is_set():
            index = service.current.index  # always the current catalog, as the bot does
            began = time.perf_counter()
            if i % 2:
                index.complete(partials[i // 2 % len(partials)])
            else:
                index.search(questions[i // 2 % len(questions)])
            answer_ms.append((time.perf_counter() - began) * 1000)
            i += 1
            await asyncio.sleep(QUESTION_EVERY)

    tasks = [asyncio.create_task(ticker()), asyncio.create_task(asker())]
    with window:
        await asyncio.sleep(control_s)
    control = window.summary()
    window = Window()
    del answer_ms[:]
    with window:
        began = time.perf_counter()
        result = await service.reload()
        seconds = time.perf_counter() - began
    stop.set()
    await asyncio.gather(*tasks)
    assert result.ok, result.problems
    return {"seconds": seconds, **window.summary(), "answers": percentiles(answer_ms), "control": control}


async def run(folder: Path, episodes: int, count: int, baseline_count: int, seed: int, vectors: Path | None) -> dict[str, Any]:
    questions, partials, sources = benchmark_questions(episodes, count, seed=seed)
    gc.collect()
    out: dict[str, Any] = {"questions": len(questions), "rss_before_load_mb": peak_rss_mb()}
    with tempfile.TemporaryDirectory() as tmp:
        store = await SqliteStore.open(Path(tmp) / "bench.db")
        try:
            phases = PhaseTimer(store)
            # The bot keeps chapter vectors beside its database; here one file serves every run.
            cache = VectorCache(vectors)
            stored = len(cache)
            service = CatalogService(store, folder, vectors=cache)
            began = time.perf_counter()
            result = await service.start()  # as the bot starts: the first load, then a garbage collection
            out["start_s"] = time.perf_counter() - began
            out["cold_reload_s"] = result.seconds
            assert result.ok, result.problems
            # A catalog with many chapters not yet embedded answers from words at first and gains
            # meaning in the background (bot/core/catalog/reload.py); what is measured below is the catalog with it.
            await service.meaning_added()
            out["meaning_added_s"] = time.perf_counter() - began
            out["embedded_texts"] = len(cache) - stored  # none when an earlier run left them in the file
            # A second process of the same stored catalog reads the same file: what would it embed?
            out["second_process_would_embed"] = len(Texts.of(service.current.index.episodes).missing(VectorCache(vectors)))
            out["phases_s"] = dict(phases.seconds)
            index = service.current.index
            out["chapters"] = index.size
            out["episodes"] = len(index.episodes)
            out["vocabulary"] = len(index.word_index.sorted_words)

            steal = cpu_steal()
            search_ms, complete_ms = taking_turns([(index.search, questions), (index.complete, partials)])
            out["search"], out["complete"] = percentiles(search_ms), percentiles(complete_ms)
            with busy_core():  # another process keeps one of the cores busy, as on a shared host
                busy_ms, _ = taking_turns([(index.search, questions), (index.complete, partials)])
            out["search_busy"] = percentiles(busy_ms)
            now = cpu_steal()
            out["latency_cpu_steal"] = (now[0] - steal[0]) / max(now[1] - steal[1], 1.0)
            out["synthetic"] = found_first([[m.chapter_id for m in index.search(q).results] for q in questions], sources)
            rates = quality.measure(index)
            out["quality"] = {
                "top_1": rates.rate(rates.top_1, rates.answerable), "top_3": rates.rate(rates.top_3, rates.answerable),
                "declined": rates.rate(rates.declined, rates.off_topic), "met": rates.met,
                "summary": rates.summary(), "misses": rates.misses,
            }  # fmt: skip
            out["rss_one_catalog_mb"] = peak_rss_mb()

            # The bot holds no catalog but the one serving: neither does the measurement, past this point.
            del index
            # A moderator's /reload: 1% of the episode files were edited since the last load.
            control_s = min(max(out["cold_reload_s"], 1.0), 10.0)
            edit_files(folder, max(1, episodes // 100))
            out["reload_under_load"] = await reload_under_load(service, questions, partials, control_s)
            out["reload_under_load"]["edited_files"] = max(1, episodes // 100)
            # The worst case: every file is new to the service, so every file is parsed again.
            service._files = EpisodeCache()
            out["full_reload_under_load"] = await reload_under_load(service, questions, partials, control_s)
            out["peak_rss_mb"] = peak_rss_mb()
            # The comparison with FTS5 comes last: its own index is no part of the bot's memory.
            out["fts5"] = measure_fts5(service.current.index.episodes, questions, partials, sources)
            del result
        finally:
            await store.close()

    # The baseline, on every k-th question so that the subset spans the whole list.
    index = service.current.index
    step = max(1, len(questions) // max(baseline_count, 1))
    subset = list(range(0, len(questions), step))[:baseline_count]
    began = time.perf_counter()
    baseline = Baseline(index.episodes)
    out["baseline_prepare_s"] = time.perf_counter() - began
    base_search = timed(baseline.search, [questions[i] for i in subset])
    base_complete = timed(baseline.search, [partials[i] for i in subset])
    out["baseline"] = {
        "questions": len(subset),
        "search": percentiles(base_search),
        "complete": percentiles(base_complete),
        "ours_search": percentiles([search_ms[i] for i in subset]),
        "ours_complete": percentiles([complete_ms[i] for i in subset]),
    }
    out["mean_search_ms"] = statistics.fmean(search_ms)
    return out


def measure_fts5(episodes: list[Episode], questions: list[str], partials: list[str], sources: list[str | None]) -> dict[str, Any]:
    began = time.perf_counter()
    fts = Fts5(episodes)
    built = time.perf_counter() - began
    search_ms, complete_ms = taking_turns([(fts.search, questions), (lambda typed: fts.search(typed, prefix=True), partials)])
    seed = quality.measure_answers(lambda q: [tuple(c.rsplit("@", 1)) for c in fts.search(q)])
    return {
        "build_s": built, "search": percentiles(search_ms), "complete": percentiles(complete_ms),
        "synthetic": found_first([fts.search(q) for q in questions], sources),
        "quality": {"top_1": seed.rate(seed.top_1, seed.answerable), "top_3": seed.rate(seed.top_3, seed.answerable),
                    "declined": seed.rate(seed.declined, seed.off_topic), "summary": seed.summary()},
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.measure")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--episodes", type=int, required=True, help="synthetic episodes in the folder")
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--baseline-questions", type=int, default=50)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--vectors", type=Path, help="the chapter-vector cache file (default: none kept)")
    args = parser.parse_args(argv)
    out = asyncio.run(run(args.folder, args.episodes, args.questions, args.baseline_questions, args.seed, args.vectors))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
