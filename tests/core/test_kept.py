"""The kept-values store: per key, trusted only from the same version, damaged or foreign ones read as nothing."""

from __future__ import annotations

import logging
import pickle
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from certreg.core.i18n import N_, translator
from certreg.core.kept import Kept, connect, read_store, write_store


def build(path: Path, version: str, values: dict[str, object], looked_up: tuple[str, ...] = ()) -> dict[str, object]:
    """One build's use of a store: look `looked_up` keys up, put `values`, save; what it found."""
    kept = Kept(path, version, "computing everything")
    found = {key: kept.get(key) for key in looked_up}
    for key, value in values.items():
        kept.put(key, value)
    kept.save()
    return found


def test_kept_values_are_trusted_only_from_the_same_version_and_only_what_a_build_used_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite"
    first = Kept(path, "v1", "computing everything")
    first.put("a", (1,))
    first.put(("name", "b"), (2,))
    first.put("none", None)  # None means "not kept"
    assert first.get("a") == (1,)  # what was put is answered within the build too
    first.save()
    second = Kept(path, "v1", "computing everything")
    assert second.get("a") == (1,) and second.get("none") is None
    assert second.get(("name", "b"), dict) is None  # of the wrong shape: not trusted
    second.save()
    assert read_store(path) == ("v1", {"'a'": (1,)})  # b was not used: dropped
    assert Kept(path, "v2", "computing everything").get("a") is None


def test_kept_values_without_a_file_are_used_within_the_build_only(tmp_path: Path) -> None:
    kept = Kept(None, "v1", "computing everything")
    kept.put("a", (1,))
    kept.save()
    assert list(tmp_path.iterdir()) == []


def test_a_store_of_another_version_is_replaced_silently(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "kept.sqlite"
    build(path, "v1", {"a": 1, "b": 2})
    with caplog.at_level(logging.WARNING):
        assert build(path, "v2", {"c": 3}, ("a", "b")) == {"a": None, "b": None}
    assert caplog.records == []
    assert read_store(path) == ("v2", {"'c'": 3})


def flip_a_value(path: Path) -> None:
    """Change one byte of a kept value: SQLite cannot tell, the value's digest can."""
    connection = connect(path)
    (value,) = connection.execute("SELECT value FROM kept WHERE key = ?", ("'a'",)).fetchone()
    connection.execute("UPDATE kept SET value = ? WHERE key = ?", (value[:-3] + b"X" + value[-2:], "'a'"))
    connection.close()


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
        lambda path: path.write_bytes(path.read_bytes()[:100]),
        lambda path: path.write_bytes(b""),
        lambda path: path.write_bytes(b"garbage"),
        lambda path: path.write_bytes(pickle.dumps(("v1", {"a": "old"}))),  # what an older certreg kept
        flip_a_value,
    ],
    ids=["truncated-half", "truncated-header", "empty", "garbage", "pickle-era", "value-changed"],
)
def test_a_damaged_store_reads_as_nothing_with_one_warning_and_is_replaced(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: Callable[[Path], object]
) -> None:
    path = tmp_path / "kept.sqlite"
    build(path, "v1", {"a": "x" * 5000, **{f"k{n}": "y" * 5000 for n in range(40)}})
    damage(path)
    with caplog.at_level(logging.WARNING):
        found = build(path, "v1", {"a": "new"}, ("a", *(f"k{n}" for n in range(40))))
    assert found["a"] is None and len(caplog.records) <= 1
    assert all(value in (None, "y" * 5000) for value in found.values())  # never a damaged value
    if any(value is None for value in found.values()):
        assert caplog.records and "unreadable" in caplog.records[0].getMessage()
    assert read_store(path)[0] == "v1" and read_store(path)[1]["'a'"] == "new"


def test_the_pickle_an_older_certreg_kept_is_deleted_when_the_store_is_made(tmp_path: Path) -> None:
    old = tmp_path / "kept.pickle"
    old.write_bytes(pickle.dumps(("v1", {"a": 1})))
    build(tmp_path / "kept.sqlite", "v1", {"a": 2})
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept.sqlite"]


def test_a_failed_write_warns_and_only_costs_the_next_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "file").write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        build(tmp_path / "file" / "kept.sqlite", "v1", {"a": 1})
    assert "could not keep" in caplog.text


def test_the_warnings_are_worded_in_the_language_given(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    damaged = tmp_path / "kept.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    (tmp_path / "file").write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        kept = Kept(damaged, "v1", N_("enriching every record"), translator("fr"))
        assert kept.get("a") is None
        unwritable = Kept(tmp_path / "file" / "kept.sqlite", "v1", N_("enriching every record"), translator("fr"))
        unwritable.put("a", 1)
        unwritable.save()
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 2, warnings
    assert warnings[0].startswith(f"certreg: {damaged} est illisible (")
    assert warnings[0].endswith(")\u00a0; toutes les fiches sont enrichies à nouveau")
    assert warnings[1].startswith(f"certreg: impossible de conserver {tmp_path / 'file' / 'kept.sqlite'}\u00a0: ")


def test_unused_keys_are_pruned_so_the_store_does_not_grow(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite"
    build(path, "v1", {f"day0-{n}": "z" * 2000 for n in range(200)})
    one_build = path.stat().st_size
    for day in range(1, 12):
        build(path, "v1", {f"day{day}-{n}": "z" * 2000 for n in range(200)})
    values = read_store(path)[1]
    assert sorted(values) == sorted(repr(f"day11-{n}") for n in range(200))
    assert path.stat().st_size <= 2 * one_build


def test_a_reader_sees_the_values_before_a_save_or_after_it_never_a_mix(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite"
    write_store(path, "v1", {repr(f"k{n}"): "old" for n in range(50)})
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM kept").fetchone() == (50,)  # a read transaction is open
    writer = threading.Thread(target=build, args=(path, "v1", {f"k{n}": "new" for n in range(50)}, ()))
    writer.start()  # its commit waits for the reader
    values = {pickle.loads(value[16:]) for (value,) in reader.execute("SELECT value FROM kept")}
    assert values == {"old"}
    reader.execute("COMMIT")
    writer.join()
    assert set(read_store(path)[1].values()) == {"new"}
    reader.close()


def test_a_reader_of_a_replaced_store_keeps_reading_the_old_one(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite"
    build(path, "v1", {"a": "old"})
    reader = Kept(path, "v1", "computing everything")
    build(path, "v2", {"a": "new"})  # another version: a new file renamed into place
    assert reader.get("a") == "old"
    assert read_store(path) == ("v2", {"'a'": "new"})


def test_values_written_before_the_save_of_a_large_build_are_kept_and_the_rest_pruned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kept.sqlite"
    build(path, "v1", {"old": "gone"})
    monkeypatch.setattr("certreg.core.kept.PENDING_BYTES", 3000)  # write every few values
    kept = Kept(path, "v1", "computing everything")
    for n in range(20):
        kept.put(f"k{n}", "v" * 1000)
    assert kept.get("k0") == "v" * 1000  # written already, read back
    kept.save()
    assert read_store(path) == ("v1", {repr(f"k{n}"): "v" * 1000 for n in range(20)})


def test_rows_read_ahead_are_the_rows_looked_up(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "kept.sqlite"
    build(path, "v1", {f"k{n}": n for n in range(1200)})
    kept = Kept(path, "v1", "computing everything")
    kept.prefetch([*(f"k{n}" for n in range(1200)), "missing"])
    assert [kept.get(f"k{n}") for n in range(1200)] == list(range(1200)) and kept.get("missing") is None
    kept.save()
    path.write_bytes(b"garbage")
    with caplog.at_level(logging.WARNING):
        damaged = Kept(path, "v1", "computing everything")
        damaged.prefetch(["k1"])
        assert damaged.get("k1") is None
    assert len(caplog.records) == 1


def test_a_row_kept_unread_stays_for_the_next_build_and_has_tells_without_keeping(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite"
    build(path, "v1", {"a": (1,), "b": (2,), "c": (3,)})
    kept = Kept(path, "v1", "computing everything")
    assert kept.has("a") and kept.has("b") and not kept.has("missing")
    kept.keep(["a", "missing"])  # kept without reading it; a missing one stays missing
    kept.save()
    assert read_store(path) == ("v1", {"'a'": (1,)})  # b was only asked about: dropped
