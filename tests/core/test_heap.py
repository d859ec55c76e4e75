"""The collector is paused while the registry is loaded, validated and enriched, and runs again after."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from datetime import date

import pytest

from certreg.core.heap import collector_paused
from certreg.enrich.pipeline import load_site
from tests.build.test_staging import SITE_FIXTURE

STAGES = frozenset({"load_registry", "validate", "enrich"})  # the functions that build the long-lived registry


def running_stages() -> set[str]:
    """The stages among the functions on the stack now."""
    frame, names = sys._getframe(1), set()
    while frame is not None:
        names.add(frame.f_code.co_name)
        frame = frame.f_back
    return names & STAGES


@pytest.fixture
def collections() -> Iterator[list[set[str]]]:
    """For every collection the collector starts from now on, the stages it interrupts."""
    started: list[set[str]] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(running_stages())

    gc.callbacks.append(note)
    yield started
    gc.callbacks.remove(note)


def test_loading_a_registry_starts_no_collection_and_leaves_the_collector_running(
    collections: list[set[str]],
) -> None:
    gc.set_threshold(1)  # any allocation would start one: only the pause keeps the stages free of them
    try:
        site = load_site(SITE_FIXTURE, date(2026, 11, 26), 90)
    finally:
        gc.set_threshold(700, 10, 10)
    assert site.organizations and collections  # the callback sees collections outside the stages
    assert [stages for stages in collections if stages] == []
    assert gc.isenabled()


def test_a_paused_collector_is_left_as_it_was_after_an_error() -> None:
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError("stop")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # paused by the caller: not started behind its back
    finally:
        gc.enable()


def collectable(items: list[dict[str, list[int]]]) -> list[bool]:
    """For each item, whether a collection would walk it (it is in a generation, not frozen)."""
    walked = {id(item) for item in gc.get_objects()}  # the three generations; frozen objects are not in them
    return [id(item) in walked for item in items]


def test_freezing_after_the_pause_keeps_what_the_block_made_out_of_every_later_collection() -> None:
    # Counted by the objects themselves, not gc.get_freeze_count(): a frozen object freed elsewhere in the
    # session lowers that count at any moment.
    try:
        with collector_paused(freeze=True):
            made = [{"record": [index]} for index in range(1000)]  # a list in it: tracked
        assert gc.isenabled()
        assert not any(collectable(made))
        with pytest.raises(ValueError), collector_paused(freeze=True):
            failed = [{"record": [index]} for index in range(1000)]
            raise ValueError("stop")
        assert all(collectable(failed))  # nothing is frozen after an error
    finally:
        gc.unfreeze()


RELEASE_PROBE = """
import sys
from certreg.core.heap import _malloc_trim, release_freed_memory

def resident_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))

# Dicts of 40 keys: their tables come from the C library, as the enriched records' do.
records = [{f"field{i}": n for i in range(40)} for n in range(60_000)]
anchor = {f"anchor{i}": i for i in range(40)}  # made last, it keeps the C library from trimming the heap's top
held = resident_mb()
del records
kept = resident_mb()
release_freed_memory()
print(_malloc_trim() is not None, held, kept, resident_mb())
"""


def test_memory_freed_by_a_stage_goes_back_to_the_system() -> None:
    """What the build frees between stages (the parsed registry, the site) leaves the resident memory."""
    result = subprocess.run([sys.executable, "-c", RELEASE_PROBE], capture_output=True, text=True, check=True)
    available, held, kept, after = result.stdout.split()
    if available != "True":
        pytest.skip("the C library has no malloc_trim")
    assert int(after) < int(kept) - 30, (held, kept, after)  # freed tables left resident: some 45 MB
