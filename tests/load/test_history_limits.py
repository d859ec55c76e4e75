"""History reads past versions as untrusted input: the strict loader, its limits, and regular files only."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from certreg.load.history import read_history
from certreg.load.strict_yaml import MAX_FILE_BYTES
from tests.follow_fixture import commit

RECORD = """\
name: Bomb Werke GmbH
country: DE
certifications:
  - certificate_number: BW-1
    standards: [ISO 9001:2015]
    certification_body: alpha-cert
    accredited: true
    scope: {scope}
    issued: 2025-05-01
    expires: 2028-04-30
    source: https://alpha-cert.example/directory/BW-1
    last_verified: 2026-10-20
"""
# Six levels of ten aliases: a million strings once expanded, from a file of 400 bytes.
BOMB = "".join(f"x{level}: &x{level + 1} [{', '.join([f'*x{level}'] * 10)}]\n" for level in range(6))
BOMB_RECORD = (
    "a: &x0 lol\n" + BOMB + RECORD.format(scope="Bombs").replace("name: Bomb", "trading_names: *x6\nname: Bomb")
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A registry whose one organization was once committed as an alias bomb, once over the size limit, then fixed."""
    record = tmp_path / "registry" / "organizations" / "bomb-werke.yaml"
    record.parent.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=tmp_path, check=True)
    record.write_text(RECORD.format(scope="Machining"), encoding="utf-8")
    commit(tmp_path, date(2026, 1, 10), "listed")
    record.write_text(BOMB_RECORD, encoding="utf-8")
    commit(tmp_path, date(2026, 2, 10), "a bomb")
    record.write_text(RECORD.format(scope="Machining"), encoding="utf-8")
    commit(tmp_path, date(2026, 3, 10), "fixed")
    record.write_text(RECORD.format(scope="x" * (MAX_FILE_BYTES + 1)), encoding="utf-8")
    commit(tmp_path, date(2026, 4, 10), "too big")
    record.write_text(RECORD.format(scope="Machining and assembly"), encoding="utf-8")
    commit(tmp_path, date(2026, 5, 10), "scope changed")
    (tmp_path / "secret.txt").write_text("SECRET: not a record\n", encoding="utf-8")
    os.symlink("../../secret.txt", record.parent / "linked.yaml")
    commit(tmp_path, date(2026, 6, 10), "a link")
    return tmp_path / "registry"


def test_a_past_alias_bomb_or_oversized_version_is_not_read(repo: Path) -> None:
    history = read_history(repo, detail_since=date(2026, 1, 1))
    assert history.available
    entries = history.organization("bomb-werke")
    assert [(e.kind, e.commit.day.isoformat()) for e in entries] == [("listed", "2026-01-10")]
    certificate = history.certificate("alpha-cert", "BW-1")
    changes = [
        (e.kind, e.commit.day.isoformat(), [(f["field"], f["old"], f["new"]) for f in e.fields]) for e in certificate
    ]
    assert changes == [  # the unreadable versions are passed over: the next readable one is compared
        ("listed", "2026-01-10", []),
        ("changed", "2026-05-10", [("scope", "Machining", "Machining and assembly")]),
    ]


def test_a_committed_link_is_no_version_of_a_record(repo: Path) -> None:
    history = read_history(repo, detail_since=date(2026, 1, 1))
    assert history.organization("linked") == []
