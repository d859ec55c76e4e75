"""A rebuild writes the list check's files that changed, and they stay the bytes `check_files` makes.

A synthetic registry of a few hundred organizations gives tens of check files (`c/`, `i/`, `n/`
buckets and `o/` blocks): renaming one organization changes its block and the name buckets of its
name key and new word, not the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

import certreg.render.check_keyed as check_keyed
from benchmarks.synth import write_registry
from certreg.build.staging import build_site
from certreg.enrich.site import enrich
from certreg.load.loader import load_registry
from certreg.render.generator import CertregGenerator
from certreg.render.list_check import check_files
from tests.build.test_staging import tree_digest

DAY = date(2026, 11, 26)


@pytest.fixture
def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A log of every data file the generator writes, one path a line (a file: render processes add to it too)."""
    log = tmp_path / "written.log"
    log.touch()
    original = CertregGenerator._write_chunked

    def spy(self: CertregGenerator, files: Iterable[tuple[str, Iterable[str]]]) -> None:
        def logged() -> Iterable[tuple[str, Iterable[str]]]:
            for name, chunks in files:
                with log.open("a", encoding="utf-8") as handle:
                    handle.write(name + "\n")
                yield name, chunks

        original(self, logged())

    monkeypatch.setattr(CertregGenerator, "_write_chunked", spy)
    return log


LOOKUP = re.compile(r"^check/(index|[cino]/\d+)\.json$")  # not the document check's `check/d/` files


def check_lookups(output: Path) -> dict[str, str]:
    """The list check's lookup files of a built site (path → text)."""
    paths = ((str(path.relative_to(output)), path) for path in (output / "check").rglob("*.json"))
    return {name: path.read_text(encoding="utf-8") for name, path in paths if LOOKUP.match(name)}


def test_renaming_an_organization_writes_a_few_check_files_with_a_cold_builds_bytes(
    tmp_path: Path, written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry, output, cache = tmp_path / "registry", tmp_path / "output", tmp_path / "cache"
    write_registry(registry, 300, seed=1, today=DAY)
    build_site(registry, output, DAY, None, cache)
    before = check_lookups(output)
    assert len(before) > 25
    path = sorted((registry / "organizations").glob("*.yaml"))[100]
    text = path.read_text(encoding="utf-8")
    name = re.search(r"^name: (.+)$", text, re.M)
    assert name, path
    path.write_text(text.replace(name.group(0), f"name: Zz {name.group(1)}", 1), encoding="utf-8")
    written.write_text("", encoding="utf-8")
    made = []
    real = check_keyed.org_facts
    monkeypatch.setattr(check_keyed, "org_facts", lambda view, *args: made.append(view["url"]) or real(view, *args))
    build_site(registry, output, DAY, None, cache)
    assert made == [f"organizations/{path.stem}/"]  # every other organization's facts were kept
    again = {name for name in written.read_text(encoding="utf-8").split() if LOOKUP.match(name)}
    after = check_lookups(output)
    changed = {name for name in after if after[name] != before.get(name)}
    assert "check/o/6.json" in changed  # the block of organization 100: its name
    assert changed <= again and len(again) <= 4  # its block, the buckets of its name key and new word
    site = enrich(load_registry(registry), DAY)
    assert after == dict(check_files(site))
    cold = tmp_path / "cold"
    build_site(registry, cold, DAY)
    assert tree_digest(output) == tree_digest(cold)
