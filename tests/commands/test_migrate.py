"""`certreg migrate`: a registry written for record schema 1 rewritten for the current version, as text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from certreg.commands.main import main
from certreg.load.loader import RegistryError, load_registry
from certreg.load.provenance import SCHEMA_FILES, bundled_schemas
from certreg.load.schema_versions import SCHEMA_VERSION
from certreg.validate.config import read_config

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-26"


@pytest.fixture
def old_registry(tmp_path: Path) -> Path:
    """A registry as certreg 0.1.0 had it written: schema version 1, its own copy of those schemas, placeholders."""
    repo = tmp_path / "old"
    flags = ["--today", TODAY, "--name", "Old", "--operator", "Old", "--contact", "https://o.example"]
    assert main(["init", str(repo), *flags, "--repository", "https://github.com/o/r", "--no-input"]) == 0
    config = repo / "certreg.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(f"schema_version: {SCHEMA_VERSION}", "schema_version: 1")
    )
    organizations = repo / "registry" / "organizations"
    record = organizations / "example-manufacturing.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("city: Leeds", "city: Unknown  # required then"))
    real = record.read_text(encoding="utf-8").replace("city: Unknown  # required then", "city: N/A Town")
    (organizations / "real-city.yaml").write_text(real.replace("EX-0001", "EX-0002"), encoding="utf-8")
    (repo / "registry" / "schema").mkdir()
    for name in SCHEMA_FILES.values():
        text = subprocess.run(
            ["git", "show", f"f8c43ea:registry/schema/{name}"], cwd=ROOT, capture_output=True, text=True
        )
        (repo / "registry" / "schema" / name).write_text(text.stdout, encoding="utf-8")
    return repo


def test_the_old_registry_is_refused_before_the_build_naming_migrate(old_registry: Path) -> None:
    with pytest.raises(RegistryError, match="certreg migrate"):
        load_registry(old_registry / "registry")
    config, problems = read_config(old_registry / "certreg.yaml")
    assert config is None and [p.code for p in problems] == ["CFG002"]


def test_dry_run_names_the_files_and_writes_nothing(old_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.read_bytes() for p in old_registry.rglob("*") if p.is_file()}
    registry = str(old_registry / "registry")
    assert main(["migrate", "--registry", registry, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would rewrite" in out and "example-manufacturing.yaml" in out and "real-city.yaml" not in out
    assert {p: p.read_bytes() for p in old_registry.rglob("*") if p.is_file()} == before


def test_migrate_rewrites_only_what_changed_and_the_registry_then_validates(
    old_registry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = old_registry / "registry"
    assert main(["migrate", "--registry", str(registry)]) == 0
    out = capsys.readouterr().out
    assert "rewrote" in out and "accreditation-bodies.schema.json" not in out  # unchanged between versions
    record = (registry / "organizations" / "example-manufacturing.yaml").read_text(encoding="utf-8")
    assert "city" not in record and record.startswith("# EXAMPLE")  # comments kept
    assert "city: N/A Town" in (registry / "organizations" / "real-city.yaml").read_text(encoding="utf-8")
    assert (
        dict(bundled_schemas())["organization.schema.json"]
        == (registry / "schema" / "organization.schema.json").read_text()
    )
    assert main(["validate", "--registry", str(registry), "--today", TODAY]) == 0
    assert main(["migrate", "--registry", str(registry)]) == 0  # a second run changes nothing
    assert "rewrote" not in capsys.readouterr().out.replace("certreg.yaml", "")


def test_a_registry_for_a_newer_version_is_refused(old_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = old_registry / "certreg.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 99"))
    assert main(["migrate", "--registry", str(old_registry / "registry")]) == 2
    assert "upgrade certreg" in capsys.readouterr().err
