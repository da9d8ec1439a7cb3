"""numpy's matrix products run on one thread in a process that answers questions, always.

A question's matrix products (its similarity to the nearest chapters, the cells it visits) are
small. OpenBLAS splits each over every core and waits for the slowest part: on a busy host, a
second process or a reload holding one of two cores, each product waited for its half there, and
an answer took 20 to 30 times longer (median 461-664 ms against 22 ms on one thread; fifty
questions at once 5-21 s against 0.56 s). Between products its idle threads spin, taking the core
an autocomplete or another interaction's acknowledgement needs. On one thread a product runs on
whichever core is free. The sentence model runs on one thread per run too (minilm.py); bulk
embedding, which alone may use every core, runs batches side by side instead (`embed(workers=)`).
"""

from __future__ import annotations

import functools

from threadpoolctl import threadpool_limits


@functools.cache
def one_thread_per_product() -> None:
    """Limit numpy's BLAS (OpenBLAS) to one thread for the rest of the process (once: it walks the
    loaded libraries, and the limit is the process's)."""
    threadpool_limits(limits=1, user_api="blas")
