"""Parsed files kept between builds: the documents and problems of a cold parse, and a digest per document."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

import certreg.load.cache as load_cache
from certreg.load.cache import LOAD_CACHE_FILE, CachedReader
from certreg.load.loader import Registry, load_registry
from certreg.validate.reporters import text_report
from certreg.validate.validator import validate
from tests.conftest import BUILD_DATE


def loaded(root: Path, cache: Path | None) -> Registry:
    """Load with the cached reader, keeping its parses."""
    reader = CachedReader(cache, root)
    registry = load_registry(root, reader)
    reader.save()
    return registry


def shapes(registry: Registry) -> list[tuple]:
    """Every document's path, kind, values and positions, and the problems."""
    return [(d.path, d.kind, d.data, d.field_positions()) for d in registry.documents()] + [tuple(registry.problems)]


def test_kept_parses_give_the_documents_and_problems_of_a_cold_parse(
    make_registry: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_registry(
        {"organizations/broken.yaml": "name: A\nname: B\n", "organizations/odd.yaml": "x: [1, {y: ~}]\n"}
    )
    cold = load_registry(root)
    assert cold.problems and shapes(loaded(root, tmp_path / "cache")) == shapes(cold)
    again = loaded(root, tmp_path / "cache")
    assert shapes(again) == shapes(cold)
    odd = next(d for d in again.organizations if d.slug == "odd")
    assert odd.digest == hashlib.blake2b((root / "organizations/odd.yaml").read_bytes(), digest_size=16).hexdigest()


def test_a_damaged_entry_is_parsed_again(make_registry: Callable[..., Path], tmp_path: Path) -> None:
    root, cache = make_registry(), tmp_path / "cache"
    loaded(root, cache)
    entries = pickle.loads((cache / LOAD_CACHE_FILE).read_bytes())
    damaged = {key: (signature, b"\x00garbage", stat) for key, (signature, _, stat) in entries.items()}
    (cache / LOAD_CACHE_FILE).write_bytes(pickle.dumps(damaged))
    assert shapes(loaded(root, cache)) == shapes(load_registry(root))
    (cache / LOAD_CACHE_FILE).write_bytes(pickle.dumps({key: "not a pair" for key in entries}))
    assert shapes(loaded(root, cache)) == shapes(load_registry(root))


def test_saved_parses_are_let_go_and_kept_once(make_registry: Callable[..., Path], tmp_path: Path) -> None:
    root, cache = make_registry(), tmp_path / "cache"
    reader = CachedReader(cache, root)
    load_registry(root, reader)
    reader.save()
    kept = (cache / LOAD_CACHE_FILE).read_bytes()
    assert reader.fresh == {} and reader.stored == {}  # nothing held while the build goes on
    reader.save()  # the build's own later call keeps nothing more, and loses nothing
    assert (cache / LOAD_CACHE_FILE).read_bytes() == kept
    assert shapes(loaded(root, cache)) == shapes(load_registry(root))


def test_keys_and_short_values_are_shared_between_records_and_builds(
    make_registry: Callable[..., Path], tmp_path: Path
) -> None:
    record = "name: {name}\ncountry: DE\ncertifications:\n  - expires: 2029-06-24\n    scope: {scope}\n"
    scope = "Design and manufacture of pumps, valves and fittings for the water industry"
    files = {f"organizations/{slug}.yaml": record.format(name=slug, scope=scope) for slug in ("ab-one", "ab-two")}
    root, cache = make_registry(files), tmp_path / "cache"
    for registry in (loaded(root, cache), loaded(root, cache)):  # parsed, then given back by the cache
        one, two = (d.data for d in registry.organizations if d.slug.startswith("ab-"))
        assert one == {"name": "ab-one", "country": "DE", "certifications": [{"expires": "2029-06-24", "scope": scope}]}
        assert next(iter(one)) is next(iter(two))  # the key `name`
        assert one["country"] is two["country"]
        assert one["certifications"][0]["expires"] is two["certifications"][0]["expires"]


def reads_of(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the cached reader opens from now on."""
    opened: list[str] = []
    real_open = open

    def spy(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(load_cache, "open", spy, raising=False)
    return opened


def test_a_file_unchanged_since_it_was_read_is_not_read_again(
    make_registry: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = make_registry(), tmp_path / "cache"
    monkeypatch.setattr(load_cache, "RACY_SECONDS", 0)  # files written by the test are older than any window
    cold = shapes(load_registry(root))
    loaded(root, cache)
    opened = reads_of(monkeypatch)
    assert shapes(loaded(root, cache)) == cold
    assert opened == []


def test_a_file_rewritten_with_its_old_size_and_modification_time_is_read_again(
    make_registry: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = make_registry({"organizations/same-size.yaml": "name: Alpha GmbH\ncountry: DE\n"}), tmp_path / "cache"
    monkeypatch.setattr(load_cache, "RACY_SECONDS", 0)
    loaded(root, cache)
    path = root / "organizations/same-size.yaml"
    before = path.stat()
    path.write_text("name: Omega GmbH\ncountry: DE\n", encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time
    opened = reads_of(monkeypatch)
    again = loaded(root, cache)
    assert opened == [str(path)]
    assert next(d for d in again.organizations if d.slug == "same-size").data["name"] == "Omega GmbH"


def test_a_file_changed_within_the_racy_window_is_read_in_the_next_build_too(
    make_registry: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = make_registry(), tmp_path / "cache"
    loaded(root, cache)  # every file of the fixture was written a moment ago
    opened = reads_of(monkeypatch)
    assert shapes(loaded(root, cache)) == shapes(load_registry(root))
    assert len(opened) == len(list(load_registry(root).documents()))


LATE = """name: Late GmbH
country: DE
city: Stuttgart
certifications:
  - certificate_number: TC-0901
    standards: [ISO 9001:2015]
    certification_body: test-cert
    accredited: true
    scope: Machining of precision parts
    issued: 2025-01-10
    expires: 9 January 2028
    source: https://test-cert.example/directory/TC-0901
    last_verified: 2026-10-01
"""


def test_problems_in_a_kept_parse_stand_where_a_cold_parse_puts_them(
    make_registry: Callable[..., Path], tmp_path: Path
) -> None:
    """A kept parse unpacks its positions only when a problem needs one, and then places it as a cold parse does."""
    root, cache = make_registry({"organizations/late.yaml": LATE}), tmp_path / "cache"
    cold = text_report(validate(load_registry(root), BUILD_DATE))
    assert "late.yaml:11:" in cold  # the expiry date, as written on line 11
    loaded(root, cache)
    kept = loaded(root, cache)
    assert all(d.packed_positions and not d.positions for d in kept.organizations)  # none unpacked yet
    assert text_report(validate(kept, BUILD_DATE)) == cold
