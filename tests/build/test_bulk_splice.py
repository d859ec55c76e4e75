"""The bulk open data copies unchanged records from the previous build's files, and gives a cold build's bytes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import certreg.render.opendata.bulk as opendata_bulk
import certreg.render.spans as spans
from certreg.build.staging import build_site
from tests.build.test_incremental import NEXT_DAY
from tests.build.test_staging import BUILD_DATE, SITE_FIXTURE, tree_digest

BULK = ("api/v1/registry.json", "api/v1/certificates.csv")
SCOPE = "scope: Design and manufacture of precision turned parts\n    sites:"
HOSTILE_SCOPE = (
    'scope: "Fräsen, Drehen & Prüfen: \\"Präzision\\", 精密加工 \\u2013 Ελληνικά\\nzweite Zeile"\n    sites:'
)


@pytest.fixture
def edited(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A registry built once with a cache, then one organization's scope rewritten: (registry, output, cache)."""
    registry, output, cache = tmp_path / "registry", tmp_path / "output", tmp_path / "cache"
    shutil.copytree(SITE_FIXTURE, registry)
    build_site(registry, output, BUILD_DATE, None, cache)
    record = registry / "organizations/anchor-valid.yaml"
    text = record.read_text(encoding="utf-8")
    assert SCOPE in text
    record.write_text(text.replace(SCOPE, HOSTILE_SCOPE), encoding="utf-8")
    return registry, output, cache


def watch(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[Any]]:
    """Record the kept or made texts the bulk files ask for (by kind) and the spans they copy."""
    asked: list[str] = []
    copied: list[Any] = []
    real_get, real_copy = opendata_bulk.RecordTexts.get, spans.copy_span

    def get(self: Any, parts: tuple[Any, ...], *args: Any) -> str:
        asked.append(parts[0])
        return real_get(self, parts, *args)

    monkeypatch.setattr(opendata_bulk.RecordTexts, "get", get)
    monkeypatch.setattr(spans, "copy_span", lambda span, fd: copied.append(span) or real_copy(span, fd))
    return asked, copied


def test_a_rebuild_copies_unchanged_records_and_writes_a_cold_builds_bytes(
    edited: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    registry, output, cache = edited
    organizations = len(list(registry.glob("organizations/*.yaml")))
    asked, copied = watch(monkeypatch)
    build_site(registry, output, NEXT_DAY, None, cache)
    made = asked.count("json")
    cold = tmp_path / "cold"
    build_site(registry, cold, NEXT_DAY)
    assert tree_digest(output) == tree_digest(cold)
    assert copied and {Path(span.source).name for span in copied} == {"registry.json", "certificates.csv"}
    assert 0 < made < organizations  # the edited organization's, and those whose statuses the day changed


def test_an_edited_previous_file_is_not_copied_from(
    edited: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    registry, output, cache = edited
    for name in BULK:  # the same size, other bytes, edited in place (the inode the cache knows)
        with (output / name).open("r+b") as handle:
            handle.seek(5)
            handle.write(b"#")
    _, copied = watch(monkeypatch)
    build_site(registry, output, NEXT_DAY, None, cache)
    cold = tmp_path / "cold"
    build_site(registry, cold, NEXT_DAY)
    assert tree_digest(output) == tree_digest(cold) and copied == []
