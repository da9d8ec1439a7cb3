"""`python -m benchmarks`: search and reload at catalog scale, against a naive baseline.

Generates synthetic catalogs (synthetic.py) of about 1k, 10k, 100k and 1M chapters, each with the
seed episode inside, as episode files in a temporary folder; measures each size in a fresh
process (measure.py); prints a markdown table with every target and whether it was met, and
writes it to docs/benchmark-results.md.

    python -m benchmarks                        # all four sizes (about 10 minutes on 2 cores)
    python -m benchmarks --sizes 1k,10k,100k    # a subset
    python -m benchmarks --questions 200        # fewer questions per size
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable

from . import cluster, load, meaning, transcripts
from .synthetic import DEFAULT_SEED, SEED_EPISODE, episodes_for, write_catalog

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "docs" / "benchmark-results.md"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}
# The baseline scans every chapter with WRatio: over a second a question at 100k chapters, over ten
# at 1M. It is timed on an evenly spread subset of the questions, smaller as the catalog grows.
BASELINE_BUDGET = 2_000_000  # questions x chapters


def parse_sizes(text: str) -> list[str]:
    names = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [n for n in names if n not in SIZES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown size {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    return sorted(set(names), key=lambda n: SIZES[n])


def generate(folder: Path, episodes: int, seed: int, workers: int) -> None:
    """The synthetic episodes 0..episodes-1 and the seed episode, written in parallel."""
    step = 1000
    with ProcessPoolExecutor(max_workers=workers) as pool:
        jobs = [pool.submit(write_catalog, folder, min(step, episodes - start), seed=seed, start=start)
                for start in range(0, episodes, step)]  # fmt: skip
        for job in jobs:
            job.result()


def link_subset(source: Path, target: Path, episodes: int) -> None:
    """A smaller catalog: the first `episodes` synthetic episodes and the seed episode, hard-linked."""
    target.mkdir(parents=True)
    for path in source.glob("*.json"):
        number = path.stem.rsplit("-", 1)[-1]
        if path.name == SEED_EPISODE.name or (number.isdigit() and int(number) < episodes):
            try:
                os.link(path, target / path.name)
            except OSError:
                shutil.copyfile(path, target / path.name)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, numpy {version('numpy')}, rapidfuzz {version('rapidfuzz')}"
    )


# Chapter vectors of the synthetic catalogs, kept between runs (embedding 100,000 chapters takes
# minutes on 2 cores; the bot likewise keeps them beside its database).
VECTORS = Path(__file__).resolve().parent / ".cache" / "synthetic.vectors"


def measure(folder: Path, episodes: int, questions: int, baseline: int, seed: int) -> dict[str, Any]:
    VECTORS.parent.mkdir(exist_ok=True)
    command = [
        sys.executable, "-m", "benchmarks.measure", str(folder), "--episodes", str(episodes),
        "--questions", str(questions), "--baseline-questions", str(baseline), "--seed", str(seed),
        "--vectors", str(VECTORS),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"measuring {folder.name} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- the report ---------------------------------------------------------------------------------

Result = dict[str, Any]


def ms(value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def ratio(base: float, ours: float) -> float:
    return base / ours if ours > 0 else float("inf")


def p50_p99(x: Result) -> str:
    return f"{ms(x['p50'])} / {ms(x['p99'])}"


def speedup(x: Result, kind: str) -> str:
    b = x["baseline"]
    return " / ".join(f"{ratio(b[kind][p], b['ours_' + kind][p]):,.0f}×" for p in ("p50", "p99"))


def worst_speedup(x: Result) -> float:
    b = x["baseline"]
    return min(ratio(b[k][p], b["ours_" + k][p]) for k in ("search", "complete") for p in ("p50", "p99"))


def cold_reload(x: Result) -> str:
    phase = x["phases_s"]
    parts = " / ".join(f"{phase.get(k, 0):.2f}" for k in ("load_data_dir", "SearchIndex", "sqlite"))
    return f"**{x['cold_reload_s']:.2f}**: {parts}"


def reload(x: Result) -> str:
    return f"{x['seconds']:.2f}; {ms(x['max_stall_ms'])} ({ms(x['longest_gc_ms'])})"


def embedded(x: Result) -> str:
    if not x["embedded_texts"]:
        return "none (vectors of an earlier run)"
    return f"{x['embedded_texts']:,}; {x['meaning_added_s']:.0f}"


def embedded_minutes(x: Result) -> str:
    if not x["embedded_texts"]:
        return "not measured: the vectors were kept from an earlier run (delete benchmarks/.cache to measure)"
    return f"{x['embedded_texts']:,} texts in {x['meaning_added_s'] / 60:.1f} min"


EDITED, FULL = "reload_under_load", "full_reload_under_load"
ROWS: list[tuple[str, Callable[[Result], str]]] = [
    ("chapters (episodes)", lambda x: f"{x['chapters']:,} ({x['episodes']:,})"),
    ("distinct words in the catalog", lambda x: f"{x['vocabulary']:,}"),
    ("full answer, `search()` (words and meaning): p50 / p99 ms", lambda x: p50_p99(x["search"])),
    ("autocomplete, `complete()` (words): p50 / p99 ms", lambda x: p50_p99(x["complete"])),
    ("full answer while another process keeps one core busy: p50 / p99 ms", lambda x: p50_p99(x["search_busy"])),
    ("SQLite FTS5 + bm25, full answer: p50 / p99 ms", lambda x: p50_p99(x["fts5"]["search"])),
    ("SQLite FTS5 + bm25, autocomplete (prefix): p50 / p99 ms", lambda x: p50_p99(x["fts5"]["complete"])),
    ("baseline full answer: p50 / p99 ms (questions timed)", lambda x: f"{p50_p99(x['baseline']['search'])} ({x['baseline']['questions']})"),
    ("baseline autocomplete: p50 / p99 ms", lambda x: p50_p99(x["baseline"]["complete"])),
    ("faster than the baseline, full answer: p50 / p99", lambda x: speedup(x, "search")),
    ("faster than the baseline, autocomplete: p50 / p99", lambda x: speedup(x, "complete")),
    ("cold reload s: read + validate / index / SQLite", cold_reload),
    ("/reload under load, 1% of files edited: s; longest stall ms (longest GC pause ms)", lambda x: reload(x[EDITED])),
    ("/reload under load, every file parsed again: s; longest stall ms (longest GC pause ms)", lambda x: reload(x[FULL])),
    ("the same question stream, no reload: longest stall ms", lambda x: f"{ms(x[EDITED]['control']['max_stall_ms'])}, {ms(x[FULL]['control']['max_stall_ms'])}"),
    ("answers during the reloads: p50 / p99 ms", lambda x: f"{p50_p99(x[EDITED]['answers'])}, {p50_p99(x[FULL]['answers'])}"),
    ("CPU taken by the VM's host (steal): latency runs / reloads", lambda x: f"{x['latency_cpu_steal']:.0%} / {max(x[EDITED]['cpu_steal'], x[FULL]['cpu_steal']):.0%}"),
    ("texts embedded at the start, answering from words meanwhile; s until meaning joined", embedded),
    ("texts a second process of the stored catalog would embed", lambda x: f"{x['second_process_would_embed']:,}"),
    ("peak RSS MB (one catalog / during reloads)", lambda x: f"{x['rss_one_catalog_mb']:.0f} / {x['peak_rss_mb']:.0f}"),
    ("seed questions: top-1 / top-3 / off-topic declined", lambda x: f"{x['quality']['top_1']:.1%} / {x['quality']['top_3']:.1%} / {x['quality']['declined']:.0%}"),
    ("seed questions, FTS5: top-1 / top-3 / off-topic declined", lambda x: f"{x['fts5']['quality']['top_1']:.1%} / {x['fts5']['quality']['top_3']:.1%} / {x['fts5']['quality']['declined']:.0%}"),
    ("synthetic questions finding their chapter: top-1 / top-3 (questions)", lambda x: f"{x['synthetic']['top_1']:.1%} / {x['synthetic']['top_3']:.1%} ({x['synthetic']['n']})"),
    ("the same, FTS5: top-1 / top-3", lambda x: f"{x['fts5']['synthetic']['top_1']:.1%} / {x['fts5']['synthetic']['top_3']:.1%}"),
]  # fmt: skip

# (size, target, what was measured, whether it is met)
TARGETS: list[tuple[str, str, Callable[[Result], str], Callable[[Result], bool]]] = [
    ("100k", "autocomplete p99 ≤ 2 ms", lambda x: f"{ms(x['complete']['p99'])} ms", lambda x: x["complete"]["p99"] <= 2),
    ("100k", "full answer p50 ≤ 5 ms and p99 ≤ 8 ms, with the semantic part", lambda x: f"{p50_p99(x['search'])} ms",
     lambda x: x["search"]["p50"] <= 5 and x["search"]["p99"] <= 8),
    ("100k", "full answer p99 ≤ 30 ms while another process keeps one core busy", lambda x: f"{ms(x['search_busy']['p99'])} ms",
     lambda x: x["search_busy"]["p99"] <= 30),
    ("100k", "a new catalog fully embedded ≤ 8 min (2 cores), answering from words meanwhile", embedded_minutes,
     lambda x: 0 < x["embedded_texts"] and x["meaning_added_s"] <= 480),
    ("100k", "a second process of the same stored catalog embeds nothing", lambda x: f"{x['second_process_would_embed']:,} texts",
     lambda x: x["second_process_would_embed"] == 0),
    ("100k", "≥ 100× faster than the baseline (p50 and p99, both kinds)", lambda x: f"{worst_speedup(x):,.0f}× at least", lambda x: worst_speedup(x) >= 100),
    ("1M", "autocomplete p99 ≤ 30 ms", lambda x: f"{ms(x['complete']['p99'])} ms", lambda x: x["complete"]["p99"] <= 30),
    ("1M", "full answer p99 ≤ 30 ms", lambda x: f"{ms(x['search']['p99'])} ms", lambda x: x["search"]["p99"] <= 30),
    ("100k", "reload of 4,000 episodes from the folder ≤ 5 s (cold: every file read, validated, indexed, stored)",
     lambda x: f"{x['cold_reload_s']:.2f} s", lambda x: x["cold_reload_s"] <= 5),
    ("100k", "no event-loop stall > 50 ms during /reload (1% of files edited)",
     lambda x: f"{ms(x[EDITED]['max_stall_ms'])} ms", lambda x: x[EDITED]["max_stall_ms"] <= 50),
    ("100k", "no event-loop stall > 50 ms during /reload (every file parsed again)",
     lambda x: f"{ms(x[FULL]['max_stall_ms'])} ms", lambda x: x[FULL]["max_stall_ms"] <= 50),
    ("100k", "peak memory ≤ 800 MB (RSS high-water mark, reloads included)", lambda x: f"{x['peak_rss_mb']:.0f} MB", lambda x: x["peak_rss_mb"] <= 800),
    ("100k", "seed + 4,000 episodes: seed questions ≥ 90% top-1, ≥ 97% top-3, 100% off-topic declined",
     lambda x: x["quality"]["summary"], lambda x: x["quality"]["met"]),
]  # fmt: skip

METHOD = (
    "How it is measured (benchmarks/measure.py): latency: each question asked once, as a bot meets them: no warm-up, "
    "no repeat, a full answer and an autocomplete in turn, and between two calls other work that walks 64 MB of memory "
    "(CPU caches cold); the question's sentence vector is computed inside the timed call. {questions} full questions "
    "and {questions} autocomplete inputs per size (catalog keywords, natural questions, typos, the seed's questions, "
    "off-topic; autocomplete: one to three words, the last cut at a random length). The synthetic catalog has "
    "competitors of the seed (every 40th episode has two of the seed's themes as its own). Synthetic questions "
    "drawn from a chapter are scored: is that chapter first (top-1) or in the first three. SQLite FTS5: one row per "
    "chapter (title, keywords, summary, episode title and description), Porter stemmer, the question's words OR-ed, "
    "ranked by bm25 (benchmarks/fts.py), timed and scored the same way. Baseline: rapidfuzz "
    "`process.extract(query, choices, scorer=fuzz.WRatio, limit=5)` over each chapter's title + summary, preprocessed "
    "once with `utils.default_process` (the question too, inside the timing), `processor=None`; timed once per question "
    "on an evenly spread subset, and the speed-up compares p50 and p99 on that same subset. Cold reload: the first "
    "`CatalogService.reload()` in a fresh process (from `start()`, as the bot starts). Stall: the longest lateness of "
    "an asyncio task sleeping 1 ms at a time while a question is answered every 5 ms and `CatalogService.reload()` "
    "runs; the same stream without a reload, for as long as the cold reload took, is the control. Memory: "
    "`getrusage(RUSAGE_SELF).ru_maxrss` of the process measuring that size, before it builds the FTS5 index it "
    "compares with (no part of the bot). Quality: the seed's question set without "
    "an episode filter, generic questions left out; at scale an off-topic question counts as declined when no result "
    "comes from the seed episode (benchmarks/quality.py). The longest GC pause, in brackets, is CPython's cyclic "
    "garbage collector walking every object it tracks (every chapter of every catalog in memory) while it holds the "
    "interpreter lock: a reload that parses every file again creates enough new objects to set one off."
)


def report(results: dict[str, Result], args: argparse.Namespace, started: float) -> str:
    names = list(results)
    lines = [
        f"Machine: {machine()}.",
        f"Run: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, `python -m benchmarks --sizes {','.join(names)} "
        f"--questions {args.questions}`, {time.time() - started:.0f} s in all.",
        "",
        "| | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
        *(f"| {label} | " + " | ".join(cell(results[n]) for n in names) + " |" for label, cell in ROWS),
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for size, label, measured, met in TARGETS:
        x = results.get(size)
        verdict = "–" if x is None else "✅" if met(x) else "❌"
        lines.append(f"| {size}: {label} | {measured(x) if x is not None else 'not run'} | {verdict} |")
    lines += ["", METHOD.format(questions=args.questions)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=list(SIZES), metavar="LIST", help="from 1k,10k,100k,1M (default: all)")
    parser.add_argument("--questions", type=int, default=500, metavar="N", help="questions and autocomplete inputs per size (default 500)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the generator's seed")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"where to write the table (default {RESULTS.relative_to(ROOT)})")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate the catalogs in DIR and keep them")
    parser.add_argument("--transcripts", type=int, default=transcripts.DEFAULT_EPISODES, metavar="N",
                        help=f"transcribed episodes for the transcript rows (default {transcripts.DEFAULT_EPISODES:,}, the issue's "
                             "catalog; 0 leaves them out)")  # fmt: skip
    args = parser.parse_args(argv)
    started = time.time()
    workdir = Path(tempfile.mkdtemp(prefix="segment-bench-")) if args.keep is None else args.keep
    results: dict[str, dict[str, Any]] = {}
    load_rows = ""
    try:
        largest = max(SIZES[n] for n in args.sizes)
        master = workdir / "all"
        if not master.exists():
            print(f"generating {episodes_for(largest):,} synthetic episodes ...", file=sys.stderr, flush=True)
            generate(master, episodes_for(largest), args.seed, os.cpu_count() or 1)
        for name in args.sizes:
            episodes = episodes_for(SIZES[name])
            folder = workdir / name
            shutil.rmtree(folder, ignore_errors=True)
            link_subset(master, folder, episodes)
            chapters = SIZES[name]
            baseline = max(5, min(args.questions, BASELINE_BUDGET // chapters))
            print(f"measuring {name} ({episodes:,} episodes) ...", file=sys.stderr, flush=True)
            results[name] = measure(folder, episodes, args.questions, baseline, args.seed)
            if name == "100k":  # the crowd through the fake Discord, and cold starts (benchmarks/load.py)
                print("load test at 100k ...", file=sys.stderr, flush=True)
                load_rows = "\n" + load.section(load.measure_in_subprocess(folder))
            shutil.rmtree(folder, ignore_errors=True)  # it was edited by the measurement
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print("the sentence model ...", file=sys.stderr, flush=True)
    model_rows = "\n" + meaning.section(meaning.measure_in_subprocess())
    if args.transcripts:
        print(f"transcripts: {args.transcripts:,} transcribed episodes ...", file=sys.stderr, flush=True)
        model_rows += "\n\n" + transcripts.section(transcripts.measure_in_subprocess(args.transcripts))
    table = report(results, args, started) + load_rows + model_rows + "\n\n" + cluster.run()  # PostgreSQL fan-out rows (cluster.py)
    print(table)
    args.out.write_text("# Benchmark results\n\nThe latest `python -m benchmarks` run (how to run it and what it measures: [benchmark.md](benchmark.md)).\n\n" + table, encoding="utf-8")
    print(f"(written to {args.out})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
