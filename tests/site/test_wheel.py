"""certreg as another registry repository gets it: built as a wheel, installed (not editable) into a fresh
virtual environment, validating a registry that has no schema/ folder of its own.

Slow (about a minute: the dependencies come from PyPI); run it alone with `pytest -m wheel`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from certreg.load.provenance import BUNDLED_SCHEMA_FOLDER, SCHEMA_DIR, SCHEMA_FILES

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parents[1] / "fixtures" / "opendata"
SOURCE_FILES = ("pyproject.toml", "README.md")


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command outside the project, with no PYTHONPATH that could reach the source tree."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh virtual environment with certreg installed from its wheel."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy, so that building leaves nothing in the checkout
    shutil.copytree(ROOT / "plugins", source / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in SOURCE_FILES:
        shutil.copy2(ROOT / name, source / name)
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", work / "dist", source, cwd=work)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("certreg-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {Path(name).name for name in archive.namelist() if f"certreg/{BUNDLED_SCHEMA_FOLDER}/" in name}
    assert shipped == set(SCHEMA_FILES.values())
    made = run(sys.executable, "-m", "venv", work / "venv", cwd=work)
    assert made.returncode == 0, made.stderr
    bin_dir = work / "venv" / "bin"
    done = run(bin_dir / "python", "-m", "pip", "install", "--quiet", wheel, cwd=work)
    assert done.returncode == 0, done.stderr
    return bin_dir


def registry_without_schemas(folder: Path) -> Path:
    """A small registry with no schema/ folder."""
    registry = shutil.copytree(FIXTURE, folder / "registry", ignore=shutil.ignore_patterns(SCHEMA_DIR))
    assert not (registry / SCHEMA_DIR).exists()
    return registry


def test_installed_wheel_validates_a_registry_without_schema_folder(installed: Path, tmp_path: Path) -> None:
    registry = registry_without_schemas(tmp_path)
    done = run(installed / "certreg", "validate", "--registry", registry, "--today", "2026-11-26", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_installed_wheel_applies_its_bundled_schemas(installed: Path, tmp_path: Path) -> None:
    registry = registry_without_schemas(tmp_path)
    record = registry / "organizations" / "nordlys-data.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "head_office: Tromsø\n", encoding="utf-8")
    done = run(installed / "certreg", "validate", "--registry", registry, "--today", "2026-11-26", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "SCH002" in done.stdout + done.stderr and "head_office" in done.stdout + done.stderr


def test_installed_wheel_imports_a_workbook_with_its_header_list(installed: Path, tmp_path: Path) -> None:
    registry = registry_without_schemas(tmp_path)
    workbook = tmp_path / "list.xlsx"
    script = (
        "import sys; from openpyxl import Workbook; w = Workbook(); s = w.active;"
        "s.append(['Cert. No.', 'Supplier name']); s.append(['X-1', 'Acme AS']); w.save(sys.argv[1])"
    )
    assert run(installed / "python", "-c", script, workbook, cwd=tmp_path).returncode == 0
    done = run(installed / "certreg", "import", workbook, "--registry", registry, "--dry-run", cwd=tmp_path)
    assert "columns: Cert. No. → certificate_number, Supplier name → name" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
