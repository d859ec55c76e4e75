"""The README's two commands: `make test` sets itself up and checks formatting; `make clean` cleans up."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_test_checks_formatting_and_sets_up_system_tools() -> None:
    plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "ruff format --check ." in plan
    assert "scripts/ensure-test-tools" in plan


def test_ci_only_calls_make_test() -> None:
    commands = [
        line
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith(("#", "set ", "cd "))
    ]
    assert commands == ["make test"]


def test_missing_chromium_without_a_way_to_install_stops_with_one_line() -> None:
    done = subprocess.run(
        [str(ROOT / "scripts" / "ensure-test-tools")],
        env={"PATH": "/usr/bin:/bin", "CHROMIUM": "certreg-no-such-chromium", "CERTREG_NO_INSTALL": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "apt-get install chromium" in lines[0]


def test_present_tools_need_nothing(tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    for tool in ("chromium", "java"):
        (fake / tool).write_text("#!/bin/sh\n")
        (fake / tool).chmod(0o755)
    done = subprocess.run(
        [str(ROOT / "scripts" / "ensure-test-tools")],
        env={"PATH": f"{fake}:/usr/bin:/bin", "CERTREG_NO_INSTALL": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_make_clean_removes_staging_folders_an_interrupted_build_leaves(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    leftovers = [tmp_path / "site", tmp_path / ".site.building-x1y2", tmp_path / ".site.old-a1b2"]
    for folder in leftovers:
        (folder / "sub").mkdir(parents=True)
    keep = tmp_path / "registry"
    keep.mkdir()
    subprocess.run(["make", "clean", "OUTPUT=site"], cwd=tmp_path, capture_output=True, check=True)
    assert not any(folder.exists() for folder in leftovers)
    assert keep.exists()
