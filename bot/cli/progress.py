"""Long work at a terminal shows where it is: a catalog's sentence vectors, made once."""

from __future__ import annotations

import time
from typing import Sequence, TextIO

from bot.core.episodes import Episode
from bot.core.search import VectorCache
from bot.core.search.semantic import bulk_workers, embed_missing

BAR = 30  # characters of the bar on a terminal


def embed_with_progress(episodes: Sequence[Episode], cache: VectorCache, out: TextIO) -> int:
    """Embed the texts of `episodes` that `cache` lacks, on every core, showing progress on `out`;
    how many were made. Ctrl+C stops it: what was made is kept, and the next run goes on from there."""
    bar = Progress(out)
    try:
        made = embed_missing(episodes, cache, workers=bulk_workers(), progress=bar)
    except KeyboardInterrupt:
        bar.end()
        print(f"stopped: the {len(cache)} vectors made so far are kept in {cache.path}; run it again to go on", file=out)
        raise
    bar.end()
    return made


class Progress:
    """A progress bar redrawn in place on a terminal; elsewhere (a log, a pipe) a line every 10%."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.terminal = out.isatty()
        self.began = time.monotonic()
        self._drawn: float | None = None  # when the bar was last drawn (terminal)
        self._tenth = -1  # the last tenth printed (elsewhere)
        self._first: int | None = None  # texts done when the count began (another process may have started)

    def __call__(self, done: int, total: int) -> None:
        if self._first is None:
            self._first = done
            print(f"embedding {total - done:,} chapter and episode texts for meaning (Ctrl+C stops; what is made is kept)", file=self.out)
        share = done / max(total, 1)
        now = time.monotonic()
        if self.terminal:
            if self._drawn is not None and now - self._drawn < 0.2 and done < total:
                return
            self._drawn = now
            filled = round(share * BAR)
            line = f"\r[{'#' * filled}{'-' * (BAR - filled)}] {share:4.0%}  {done:,} of {total:,} texts{self._left(done, total, now)}"
            self.out.write(line)
        elif int(share * 10) > self._tenth:
            self._tenth = int(share * 10)
            self.out.write(f"{share:.0%}: {done:,} of {total:,} texts{self._left(done, total, now)}\n")
        self.out.flush()

    def _left(self, done: int, total: int, now: float) -> str:
        rate = (done - (self._first or 0)) / max(now - self.began, 1e-9)
        if rate <= 0 or done >= total:
            return ""
        minutes = (total - done) / rate / 60
        return f", about {round(minutes)} min left" if minutes >= 1 else ", under a minute left"

    def end(self) -> None:
        if self._drawn is not None:
            self.out.write("\n")
            self.out.flush()
