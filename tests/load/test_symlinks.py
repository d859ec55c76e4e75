"""The registry folder read as data: a symbolic link is reported, never followed, quoted or published."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from certreg.commands.main import main
from certreg.load.loader import RegistryError, load_registry
from certreg.validate.validator import validate
from tests.conftest import BUILD_DATE, organization_yaml

SECRET = "root:x:0:0:SECRET-PASSWORD-HASH:/root:/bin/bash\ndaemon:x:1:1:SECRET-TOO:/usr/sbin\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the registry holding a system-like file and a valid record."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "passwd").write_text(SECRET, encoding="utf-8")
    (folder / "record.yaml").write_text(organization_yaml(name="Outside Werke GmbH", number="OUT-1"), encoding="utf-8")
    return folder


def test_a_link_to_a_system_file_is_reported_and_nothing_of_it_is_quoted(make_registry, outside, capsys) -> None:
    root = make_registry()
    os.symlink(outside / "passwd", root / "organizations" / "evil.yaml")
    registry = load_registry(root)
    problems = validate(registry, BUILD_DATE)
    assert [(Path(p.path).name, p.code, p.severity) for p in problems] == [("evil.yaml", "YAML009", "error")]
    assert "symbolic link" in problems[0].message
    assert all(d.slug != "evil" for d in registry.organizations)
    for output in ("text", "json", "github"):
        assert main(["validate", "--registry", str(root), "--today", "2026-11-26", "--format", output]) == 1
        printed = capsys.readouterr()
        assert "SECRET" not in printed.out + printed.err and "root:x" not in printed.out + printed.err


def test_a_link_to_a_record_outside_the_registry_is_not_loaded_or_published(make_registry, outside) -> None:
    root = make_registry()
    os.symlink(outside / "record.yaml", root / "organizations" / "outside-werke.yaml")
    registry = load_registry(root)
    assert [d.slug for d in registry.organizations] == ["acme-gmbh"]
    assert [(Path(p.path).name, p.code) for p in registry.problems] == [("outside-werke.yaml", "YAML009")]


def test_a_linked_records_folder_or_shared_file_is_reported_not_read(make_registry, outside, tmp_path) -> None:
    root = make_registry()
    (outside / "organizations").mkdir()
    (root / "organizations" / "acme-gmbh.yaml").rename(outside / "organizations" / "acme-gmbh.yaml")
    (root / "organizations").rmdir()
    os.symlink(outside / "organizations", root / "organizations")
    (root / "standards.yaml").rename(outside / "standards.yaml")
    os.symlink(outside / "standards.yaml", root / "standards.yaml")
    registry = load_registry(root)
    assert registry.organizations == [] and registry.standards is None
    assert sorted((Path(p.path).name, p.code) for p in registry.problems) == [
        ("organizations", "YAML009"),
        ("standards.yaml", "YAML009"),
    ]


def test_a_linked_schema_is_a_clear_usage_error(make_registry, outside) -> None:
    root = make_registry()
    schema = root / "schema"
    schema.mkdir()
    os.symlink(outside / "passwd", schema / "organization.schema.json")
    with pytest.raises(RegistryError, match="symbolic link") as raised:
        load_registry(root)
    assert "SECRET" not in str(raised.value)
    schema.joinpath("organization.schema.json").unlink()
    schema.rmdir()
    os.symlink(outside, schema)
    with pytest.raises(RegistryError, match="schema is a symbolic link"):
        load_registry(root)


def test_diff_reports_a_committed_link_without_following_it(tmp_path, monkeypatch, capsys) -> None:
    from tests.git_fixture import git, init_repo

    secret = tmp_path / "passwd"
    secret.write_text(SECRET, encoding="utf-8")
    repo = tmp_path / "repo"
    git_root = Path(__file__).parents[1] / "fixtures" / "core"
    import shutil

    shutil.copytree(git_root, repo / "registry")
    init_repo(repo, monkeypatch)
    os.symlink(secret, repo / "registry" / "organizations" / "evil.yaml")
    git(repo, "add", "registry")
    git(repo, "commit", "--quiet", "-m", "a link")
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD", "--format", "markdown", "--today", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    assert "SECRET" not in out and "root:x" not in out
    assert "- HEAD: the registry has 1 error in 1 file" in out
    assert "- working tree: the registry has 1 error in 1 file" in out
