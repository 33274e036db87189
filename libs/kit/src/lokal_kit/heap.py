"""The garbage collector's settings for a long-running server process."""

from __future__ import annotations

import gc

YOUNG_GENERATION_THRESHOLD = 10_000
"""Allocations between two collections of the young generation (Python's default: 700)."""


def settle_after_start_up() -> None:
    """Leave what start-up built out of every later collection, and collect the young less often.

    After start-up a process holds some 200 000 objects (schemas, mappers, caches); every full
    collection walked them all again, about 130 ms each, several times a minute under load.
    Frozen, they are not examined again. A request allocates much that dies with it; at the
    default threshold much of it outlived a young collection while the request still ran,
    and only the costly older collections freed it.
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, old)
