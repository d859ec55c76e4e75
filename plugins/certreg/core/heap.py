"""The cyclic garbage collector during the stages that build the long-lived registry.

Loading, validating and enriching make millions of objects that live for the whole build (documents,
records, enriched organizations) and almost no cycles. Each full collection walks all of them again,
so with the collector running, loading 10,000 organizations spends seconds in 15 to 20 full walks
that free nothing. Reference counting still frees every acyclic object at once while it is paused;
the few cycles made meanwhile are collected once it runs again.
"""

from __future__ import annotations

import ctypes
import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic collector while the block runs; leave it as it was after (also on an error).

    With `freeze`, every object alive when the block ends without an error is then frozen (`gc.freeze`)
    before the collector runs again, for a caller that keeps them until it ends (`certreg build`): else
    the first collections after the pause walk everything the block made (0.8 s at 10,000
    organizations, measured) only to find it all alive. A frozen object is still freed by reference
    counting; only a cycle among frozen ones waits for `gc.unfreeze`.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


def release_freed_memory() -> None:
    """Hand the memory the C library holds freed back to the system, where it can (glibc's `malloc_trim`).

    A stage that frees much (the parsed registry once enriched, the site once its pages are written)
    leaves its large blocks (dict tables of hundreds of bytes and more, which Python takes from the C
    library) free but resident, and the next stage's small objects come from Python's own arenas, not
    from them: without this, the process's resident memory only grows. A few milliseconds; elsewhere
    than glibc, nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """The C library's `malloc_trim` (glibc's), or None when it has none."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
