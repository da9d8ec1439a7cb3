"""How many threads numpy's matrix products use while long work shares the cores with questions.

The event loop answers questions while a reload or a feed refresh runs in a worker thread; the
two share the machine's two cores, and `cores_shared()` keeps each matrix product on one of them
meanwhile (see there).
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from typing import Any, Iterator

from threadpoolctl import ThreadpoolController

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
