"""Questions first: long work in a worker thread steps aside while a question is being answered.

A reload reads, validates and indexes the whole catalog in a worker thread while the event loop
keeps answering questions. The two threads share the interpreter lock (GIL). A question releases
the lock in every large numpy operation, and each time it has to wait for the busy worker to let
go again, up to the interpreter's switch interval (5 ms): a question of a millisecond would take
tens of milliseconds during a reload, and hold up the event loop as long.

So the search marks the time it is answering (`answering()`), and the long loops of a reload call
a Pacer at every step (a file, a chunk of chapters, a word): while a question is being answered,
the Pacer sleeps, which hands the lock to the question. Outside questions a Pacer costs one read.

The two threads also share the machine's cores: blas.py keeps numpy's matrix products on one
thread each while a worker runs.

A process that is stopping cannot interrupt a worker thread, and Python waits for every one before
it exits: a reload embedding 500 chapter texts would hold a SIGTERM up for tens of seconds on a busy
machine. `stop_paced_work()` makes every Pacer raise `Stopped` instead, so the thread ends at its
next step.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterable, Iterator, TypeVar

WAIT_STEP = 0.0002  # how long a paced thread sleeps at a time while a question is answered
MAX_WAIT = 0.05  # ...and at most in one go, so that a stream of questions cannot stall a reload

_answering = 0
_stopping = False
_lock = threading.Lock()
T = TypeVar("T")


@contextmanager
def answering() -> Iterator[None]:
    """Around the answer to a question: paced work in other threads steps aside meanwhile."""
    global _answering
    with _lock:
        _answering += 1
    try:
        yield
    finally:
        with _lock:
            _answering -= 1


class Stopped(Exception):
    """Paced work abandoned because the process is exiting (stop_paced_work)."""


def stop_paced_work() -> None:
    """The process is exiting: paced work still running in worker threads ends at its next step.

    Only for the end of a process (its worker threads' results are no longer awaited): paced work
    is never allowed again."""
    global _stopping
    _stopping = True


class Pacer:
    """Call at every step of a long loop that may run in a worker thread."""

    __slots__ = ()

    def __call__(self) -> None:
        if _stopping:
            raise Stopped("the process is exiting")
        if _answering:
            deadline = time.perf_counter() + MAX_WAIT
            while _answering and time.perf_counter() < deadline:
                time.sleep(WAIT_STEP)  # releases the lock: the question takes it


def paced(items: Iterable[T], every: int = 256) -> Iterator[T]:
    """`items`, stepping aside for a question every `every` of them (a Pacer in a loop over them)."""
    pace = Pacer()
    for i, item in enumerate(items):
        if not i % every:
            pace()
        yield item
