"""`python -m benchmarks`: search and reload at catalog scale, against a naive baseline.

Generates synthetic catalogs (synthetic.py) of about 1k, 10k, 100k and 1M segments, each with the
seed episode inside, as episode files in a temporary folder; measures each size in a fresh
process (measure.py); prints a markdown table with every target and whether it was met, and
writes it to benchmarks/RESULTS.md.

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
from typing import Any

from .synthetic import DEFAULT_SEED, SEED_EPISODE, episodes_for, write_catalog

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}
# The baseline scans every segment with WRatio: over a second a question at 100k segments, over ten
# at 1M. It is timed on an evenly spread subset of the questions, smaller as the catalog grows.
BASELINE_BUDGET = 2_000_000  # questions x segments


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


def measure(folder: Path, episodes: int, questions: int, baseline: int, seed: int) -> dict[str, Any]:
    command = [
        sys.executable, "-m", "benchmarks.measure", str(folder), "--episodes", str(episodes),
        "--questions", str(questions), "--baseline-questions", str(baseline), "--seed", str(seed),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"measuring {folder.name} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- the report ---------------------------------------------------------------------------------


def ms(value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def ratio(base: float, ours: float) -> float:
    return base / ours if ours > 0 else float("inf")


def check(ok: bool | None) -> str:
    return "–" if ok is None else "✅" if ok else "❌"


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace, started: float) -> str:
    names = list(results)
    r = results

    def row(label: str, cell) -> str:  # noqa: ANN001
        return f"| {label} | " + " | ".join(cell(r[n]) for n in names) + " |"

    def both(key: str) -> Any:
        return lambda x: f"{ms(x[key]['p50'])} / {ms(x[key]['p99'])}"

    def base(key: str) -> Any:
        return lambda x: f"{ms(x['baseline'][key]['p50'])} / {ms(x['baseline'][key]['p99'])}"

    def reload(key: str) -> Any:
        return lambda x: f"{x[key]['seconds']:.2f}; {ms(x[key]['max_stall_ms'])} ({ms(x[key]['longest_gc_ms'])})"

    def speedup(key: str) -> Any:
        def cell(x: dict[str, Any]) -> str:
            b = x["baseline"]
            return f"{ratio(b[key]['p50'], b['ours_' + key]['p50']):,.0f}× / {ratio(b[key]['p99'], b['ours_' + key]['p99']):,.0f}×"

        return cell

    lines = [
        f"Machine: {machine()}.",
        f"Run: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, `python -m benchmarks --sizes {','.join(names)} "
        f"--questions {args.questions}`, {time.time() - started:.0f} s in all.",
        "",
        "| | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
        row("segments (episodes)", lambda x: f"{x['segments']:,} ({x['episodes']:,})"),
        row("distinct words in the catalog", lambda x: f"{x['vocabulary']:,}"),
        row("full answer, `search()`: p50 / p99 ms", both("search")),
        row("autocomplete, `complete()`: p50 / p99 ms", both("complete")),
        row("(same, one run per question: full answer p99 / autocomplete p99 ms)", lambda x: f"{ms(x['search_single']['p99'])} / {ms(x['complete_single']['p99'])}"),
        row("baseline full answer: p50 / p99 ms (questions timed)", lambda x: base("search")(x) + f" ({x['baseline']['questions']})"),
        row("baseline autocomplete: p50 / p99 ms", base("complete")),
        row("faster than the baseline, full answer: p50 / p99", speedup("search")),
        row("faster than the baseline, autocomplete: p50 / p99", speedup("complete")),
        row("cold reload s: read + validate / index / SQLite", lambda x: f"**{x['cold_reload_s']:.2f}**: {x['phases_s'].get('load_data_dir', 0):.2f} / {x['phases_s'].get('SearchIndex', 0):.2f} / {x['phases_s'].get('sqlite', 0):.2f}"),
        row("/reload under load, 1% of files edited: s; longest stall ms (longest GC ms)", reload("reload_under_load")),
        row("/reload under load, every file parsed again: s; longest stall ms (longest GC ms)", reload("full_reload_under_load")),
        row("same question stream, no reload: longest stall ms (twice)", lambda x: f"{ms(x['reload_under_load']['control']['max_stall_ms'])}, {ms(x['full_reload_under_load']['control']['max_stall_ms'])}"),
        row("answers during the reloads: p50 / p99 ms", lambda x: f"{ms(x['full_reload_under_load']['answers']['p50'])} / {ms(x['full_reload_under_load']['answers']['p99'])}"),
        row("CPU taken by the VM's host (steal): latency runs / reloads", lambda x: f"{x['latency_cpu_steal']:.0%} / {max(x['reload_under_load']['cpu_steal'], x['full_reload_under_load']['cpu_steal']):.0%}"),
        row("peak RSS MB (one catalog / during reloads)", lambda x: f"{x['rss_one_catalog_mb']:.0f} / {x['peak_rss_mb']:.0f}"),
        row("seed questions: top-1 / top-3 / off-topic declined", lambda x: f"{x['quality']['top_1']:.1%} / {x['quality']['top_3']:.1%} / {x['quality']['declined']:.0%}"),
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    k100, m1 = r.get("100k"), r.get("1M")

    def target(label: str, data: dict[str, Any] | None, measured, ok) -> None:  # noqa: ANN001
        lines.append(f"| {label} | {measured(data) if data else 'not run'} | {check(ok(data) if data else None)} |")

    def worst_speedup(x: dict[str, Any]) -> float:
        b = x["baseline"]
        return min(ratio(b[k][p], b["ours_" + k][p]) for k in ("search", "complete") for p in ("p50", "p99"))

    target("100k: autocomplete p99 ≤ 2 ms", k100, lambda x: f"{ms(x['complete']['p99'])} ms", lambda x: x["complete"]["p99"] <= 2)
    target("100k: full answer p99 ≤ 5 ms", k100, lambda x: f"{ms(x['search']['p99'])} ms", lambda x: x["search"]["p99"] <= 5)
    target("100k: ≥ 100× faster than the baseline (p50 and p99, both kinds)", k100, lambda x: f"{worst_speedup(x):,.0f}× at least", lambda x: worst_speedup(x) >= 100)
    target("1M: autocomplete p99 ≤ 30 ms", m1, lambda x: f"{ms(x['complete']['p99'])} ms", lambda x: x["complete"]["p99"] <= 30)
    target("1M: full answer p99 ≤ 30 ms", m1, lambda x: f"{ms(x['search']['p99'])} ms", lambda x: x["search"]["p99"] <= 30)
    target("100k: reload of 4,000 episodes from the folder ≤ 5 s (cold: every file read, validated, indexed, stored)", k100,
           lambda x: f"{x['cold_reload_s']:.2f} s", lambda x: x["cold_reload_s"] <= 5)  # fmt: skip
    target("100k: no event-loop stall > 50 ms during /reload (1% of files edited)", k100,
           lambda x: f"{ms(x['reload_under_load']['max_stall_ms'])} ms", lambda x: x["reload_under_load"]["max_stall_ms"] <= 50)  # fmt: skip
    target("100k: no event-loop stall > 50 ms during /reload (every file parsed again)", k100,
           lambda x: f"{ms(x['full_reload_under_load']['max_stall_ms'])} ms", lambda x: x["full_reload_under_load"]["max_stall_ms"] <= 50)  # fmt: skip
    target("100k: peak memory ≤ 500 MB (RSS high-water mark, reloads included)", k100, lambda x: f"{x['peak_rss_mb']:.0f} MB", lambda x: x["peak_rss_mb"] <= 500)
    target("100k (seed + 4,000 episodes): seed questions ≥ 90% top-1, ≥ 97% top-3, 100% off-topic declined", k100,
           lambda x: x["quality"]["summary"], lambda x: x["quality"]["met"])  # fmt: skip
    lines += [
        "",
        "How it is measured: see benchmarks/measure.py. Latency: each question timed three times after a warm-up, "
        "the median kept (a single run of each is shown too, and is what the baseline is compared with), "
        f"{args.questions} full questions and {args.questions} autocomplete inputs per size (catalog keywords, natural "
        "questions, typos, the seed's questions, off-topic; autocomplete: one to three words, the last cut at a random "
        "length). Baseline: rapidfuzz `process.extract(query, choices, scorer=fuzz.WRatio, limit=5)` over each "
        "segment's title + summary, preprocessed once with `utils.default_process` (the question too, inside the timing), "
        "`processor=None`; timed on an evenly spread subset, and the speed-up compares p50 and p99 on that same subset. "
        "Stall: the longest lateness of an asyncio task sleeping 1 ms at a time while a question is answered every 5 ms "
        "and `CatalogService.reload()` runs; the same without a reload, for as long as the cold reload took, is the "
        "control. Memory: `getrusage(RUSAGE_SELF).ru_maxrss` of the process measuring that size. "
        "Quality: the seed's question set without an episode filter; generic questions left out; at scale, an off-topic "
        "question counts as declined when no result comes from the seed episode (see benchmarks/quality.py).",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=list(SIZES), metavar="LIST", help="from 1k,10k,100k,1M (default: all)")
    parser.add_argument("--questions", type=int, default=500, metavar="N", help="questions and autocomplete inputs per size (default 500)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the generator's seed")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"where to write the table (default {RESULTS.relative_to(ROOT)})")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate the catalogs in DIR and keep them")
    args = parser.parse_args(argv)
    started = time.time()
    workdir = Path(tempfile.mkdtemp(prefix="segment-bench-")) if args.keep is None else args.keep
    results: dict[str, dict[str, Any]] = {}
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
            segments = SIZES[name]
            baseline = max(5, min(args.questions, BASELINE_BUDGET // segments))
            print(f"measuring {name} ({episodes:,} episodes) ...", file=sys.stderr, flush=True)
            results[name] = measure(folder, episodes, args.questions, baseline, args.seed)
            shutil.rmtree(folder, ignore_errors=True)  # it was edited by the measurement
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    table = report(results, args, started)
    print(table)
    args.out.write_text("# Benchmark results\n\nThe latest `python -m benchmarks` run (the README keeps a copy).\n\n" + table, encoding="utf-8")
    print(f"(written to {args.out})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
