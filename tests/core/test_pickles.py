"""The caches' pickle files: a missing or damaged one reads as nothing, a written one is complete."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from certreg.core.pickles import read_pickle, source_digest, write_pickle


def test_a_written_value_reads_back_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "state.pickle"
    write_pickle(path, {"entries": {"a/index.html": ("key", (1, 2, 3))}})
    assert read_pickle(path, dict, "rendering every page") == {"entries": {"a/index.html": ("key", (1, 2, 3))}}
    assert [p.name for p in path.parent.iterdir()] == ["state.pickle"]


def test_a_missing_file_reads_as_nothing_without_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert read_pickle(tmp_path / "none.pickle", dict, "parsing every file") is None
    assert not caplog.records


@pytest.mark.parametrize("damage", [b"", b"\x80\x05garbage", b"not a pickle at all"])
def test_a_damaged_file_reads_as_nothing_and_says_what_the_build_does_instead(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: bytes
) -> None:
    path = tmp_path / "state.pickle"
    path.write_bytes(damage)
    with caplog.at_level(logging.WARNING):
        assert read_pickle(path, dict, "parsing every file") is None
    assert f"{path} is unreadable" in caplog.text and "parsing every file" in caplog.text


def test_a_value_of_the_wrong_shape_reads_as_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.pickle"
    write_pickle(path, 42)
    assert read_pickle(path, dict, "listing the output again") is None


def test_a_failed_write_keeps_the_previous_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "state.pickle"
    write_pickle(path, {"kept": True})
    with pytest.raises((TypeError, AttributeError)):  # pickle's error for a local function
        write_pickle(path, {"unpicklable": lambda: None})
    assert read_pickle(path, dict, "rendering every page") == {"kept": True}
    assert [p.name for p in tmp_path.iterdir()] == ["state.pickle"]


def test_source_digest_changes_with_the_code() -> None:
    assert source_digest("core") != source_digest("core", "load")
    assert source_digest("load") == source_digest("load")
