"""Questions first: long work in a worker thread steps aside while a question is being answered.

A reload reads, validates and indexes the whole catalog in a worker thread while the event loop
keeps answering questions. The two threads share the interpreter lock (GIL). A question releases
the lock in every large numpy operation, and each time it has to wait for the busy worker to let
go again, up to the interpreter's switch interval (5 ms): a question of a millisecond would take
tens of milliseconds during a reload, and hold up the event loop as long.

So the search marks the time it is answering (`answering()`), and the long loops of a reload call
a Pacer at every step (a file, a chunk of chapters, a word): while a question is being answered,
the Pacer sleeps, which hands the lock to the question. Outside questions a Pacer costs one read.

The two threads also share the machine's cores: `cores_shared()` keeps numpy's matrix products on
one thread each while a worker runs (see there).
"""

from __future__ import annotations

import functools
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, TypeVar

from threadpoolctl import ThreadpoolController

WAIT_STEP = 0.0002  # how long a paced thread sleeps at a time while a question is answered
MAX_WAIT = 0.05  # ...and at most in one go, so that a stream of questions cannot stall a reload

_answering = 0
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


class Pacer:
    """Call at every step of a long loop that may run in a worker thread."""

    __slots__ = ()

    def __call__(self) -> None:
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


_sharing = 0  # worker jobs under cores_shared() now
_one_thread: Any = None  # threadpoolctl's limiter (a class it keeps private) while they run


@functools.cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()  # finds the BLAS library numpy loaded (once: it walks the loaded libraries)


@contextmanager
def cores_shared() -> Iterator[None]:
    """Around work handed to a worker thread while the event loop answers questions: numpy's BLAS
    (OpenBLAS) runs each matrix product on one thread meanwhile.

    A question's sentence vector is some thirty matrix products, which BLAS splits over all cores.
    With a reload busy on one of the two, each product waited for its half on the busy core: a
    question of 10 ms took up to 250 ms during a reload at 100,000 chapters. On one thread a
    question runs on the free core (its vector takes about 10 ms instead of 7), as does the reload.

    The setting is the process's, so overlapping jobs are counted and the last one restores it;
    it only ever changes from the event loop's thread, between BLAS calls of that thread.
    """
    global _sharing, _one_thread
    if not _sharing:
        _one_thread = _controller().limit(limits=1, user_api="blas")
    _sharing += 1
    try:
        yield
    finally:
        _sharing -= 1
        if not _sharing and _one_thread is not None:
            _one_thread.restore_original_limits()
            _one_thread = None
