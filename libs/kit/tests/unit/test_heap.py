"""The collector's settings of a server process after start-up."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from lokal_kit.heap import YOUNG_GENERATION_THRESHOLD, settle_after_start_up


@pytest.fixture
def collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("collector")
def test_start_up_objects_are_frozen_and_the_young_collected_less_often() -> None:
    _, middle, old = gc.get_threshold()
    settle_after_start_up()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (YOUNG_GENERATION_THRESHOLD, middle, old)
