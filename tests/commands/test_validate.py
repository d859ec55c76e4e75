"""`certreg validate`: exact output in every format, exit codes, and the demo registry."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from certreg.commands.main import main
from tests.conftest import organization_yaml

ROOT = Path(__file__).resolve().parents[2]

BROKEN = {
    "organizations/beta.yaml": organization_yaml(country="XX", expires="2028-02-30").replace("expires:", "expirs:"),
    "organizations/gamma.yaml": organization_yaml(name="Gamma", number="TC-0001", standards="ISO 9001:2016"),
    "organizations/delta.yaml": "name: Delta\ncity: Ulm\nname: Delta AG\n",
}

EXPECTED_TEXT = """\
registry/organizations/beta.yaml:2:10: error: [REG009] country: 'XX' is not an ISO 3166-1 alpha-2 country code (fix: use the two-letter code, e.g. DE for Germany, GB for the United Kingdom)
registry/organizations/beta.yaml:5:5: error: [SCH003] certifications[0].expires: required field `expires` is missing (fix: add `expires: 2027-05-09`)
registry/organizations/beta.yaml:11:13: error: [SCH002] certifications[0].expirs: unknown field `expirs` (fix: did you mean `expires`?)
registry/organizations/delta.yaml:1:1: error: [SCH003] certifications: required field `certifications` is missing (fix: add `certifications`)
registry/organizations/delta.yaml:1:1: error: [SCH003] country: required field `country` is missing (fix: add `country: DE`)
registry/organizations/delta.yaml:3:1: error: [YAML002] name: duplicate key 'name' (first on line 1, again on line 3) (fix: keep one of the two entries and delete the other)
registry/organizations/gamma.yaml:5:25: error: [REG008] certifications[0].certificate_number: certificate number 'TC-0001' of test-cert is already used by 'TC-0001' in registry/organizations/acme-gmbh.yaml (fix: each certificate number appears once per certification body (ignoring case and punctuation); fix the number or merge the two records)
registry/organizations/gamma.yaml:6:17: error: [REG002] certifications[0].standards[0]: standard 'ISO 9001:2016' is not in registry/standards.yaml (fix: known editions: ISO 9001:1994, ISO 9001:2000, ISO 9001:2008, ISO 9001:2015)
certreg: 8 errors, 0 warnings in 3 files
"""


@pytest.fixture
def broken(make_registry, monkeypatch) -> Path:
    root = make_registry(BROKEN)
    target = root.parent / "registry"
    root.rename(target)
    monkeypatch.chdir(target.parent)
    return target


def test_text_output_lists_every_problem_sorted_with_a_summary(broken: Path, capsys) -> None:
    assert main(["validate", "--registry", "registry", "--today", "2026-11-26"]) == 1
    assert capsys.readouterr().out == EXPECTED_TEXT


def test_json_output_carries_the_same_problems(broken: Path, capsys) -> None:
    main(["validate", "--registry", "registry", "--today", "2026-11-26", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"errors": 8, "warnings": 0}
    first = report["problems"][0]
    assert first == {
        "path": "registry/organizations/beta.yaml",
        "line": 2,
        "column": 10,
        "severity": "error",
        "code": "REG009",
        "field": "country",
        "message": first["message"],
        "hint": first["hint"],
    }


def test_github_output_is_workflow_annotations(broken: Path, capsys) -> None:
    main(["validate", "--registry", "registry", "--today", "2026-11-26", "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("::error file=registry/organizations/beta.yaml,line=2,col=10,title=REG009 country::")
    assert len([line for line in lines if line.startswith("::error ")]) == 8


def test_warnings_alone_exit_zero(make_registry, capsys) -> None:
    root = make_registry({"organizations/b.yaml": organization_yaml(issued="2025-01-01", expires="2028-03-01")})
    assert main(["validate", "--registry", str(root), "--today", "2026-11-26"]) == 0
    assert "warning: [REG011]" in capsys.readouterr().out


def test_usage_problems_exit_two(tmp_path: Path, capsys) -> None:
    assert main(["validate", "--registry", str(tmp_path / "nope")]) == 2
    assert main(["validate", "--registry", str(tmp_path), "--today", "2026-02-30"]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--format", "xml"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize("today", ["2026-11-26", "2027-11-26", "2028-11-26"])
def test_demo_registry_validates_clean(today: str, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["validate", "--today", today]) == 0
    assert " error: " not in capsys.readouterr().out


def test_demo_registry_has_no_warnings(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    main(["validate", "--today", "2026-11-26"])
    out = capsys.readouterr().out
    assert "certreg: no problems" in out, out


def test_a_cache_folder_changes_nothing_in_the_report(broken: Path, tmp_path: Path, capsys) -> None:
    cache = tmp_path / "cache"
    for _ in range(2):  # nothing kept yet, then everything kept
        assert main(["validate", "--registry", "registry", "--today", "2026-11-26", "--cache", str(cache)]) == 1
        assert capsys.readouterr().out == EXPECTED_TEXT
    assert sorted(path.name for path in cache.iterdir()) == ["documents.pickle", "validation.sqlite"]
    gamma = broken / "organizations/gamma.yaml"
    gamma.write_text(gamma.read_text().replace("ISO 9001:2016", "ISO 9001:2015"), encoding="utf-8")
    main(["validate", "--registry", "registry", "--today", "2026-11-26", "--cache", str(cache)])
    cached = capsys.readouterr().out
    main(["validate", "--registry", "registry", "--today", "2026-11-26"])
    assert cached == capsys.readouterr().out and "REG002" not in cached


def test_the_console_script_flushes_every_line_through_a_pipe_and_keeps_the_exit_status(broken: Path) -> None:
    # `run` ends the process without the interpreter's teardown: nothing written may be lost on the way
    command = [
        sys.executable,
        "-m",
        "certreg.commands.main",
        "validate",
        "--registry",
        "registry",
        "--today",
        "2026-11-26",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert (done.returncode, done.stdout) == (1, EXPECTED_TEXT)
