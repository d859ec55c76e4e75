"""certreg as a registry operator gets it: built as a wheel, installed (not editable) into a fresh virtual
environment, with no source tree, no npm and no network at build time.

A new registry from `certreg init` is filled with `certreg new`, validated, built with one template and one
stylesheet overridden, and checked: the operator's name on every page, no certreg link, no demonstration
notice, History links into the registry's own repository, search and the list check in headless Chromium.
The demo registry built by the installed wheel is byte-identical to a build from the source tree, and a
registry written for the previous schema version builds after `certreg migrate`.

Slow (a few minutes: the dependencies come from PyPI or the pip cache); run it alone with `pytest -m wheel`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from certreg.build.bundle import BUNDLE
from certreg.load.provenance import BUNDLED_SCHEMA_FOLDER, SCHEMA_DIR, SCHEMA_FILES

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parents[1] / "fixtures" / "opendata"
SOURCE_FILES = ("pyproject.toml", "README.md", "setup.py")
TODAY = "2026-11-26"
OPERATOR = "Verband Prüfstelle & Söhne e.V."
REPOSITORY = "https://github.com/verband-example/zert-register"
GIT = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t"}
GIT |= {"GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null"}


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command outside the project, with no PYTHONPATH that could reach the source tree."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= GIT
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def ok(done: subprocess.CompletedProcess[str]) -> str:
    """The command's output; fails the test with it when the command failed."""
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh virtual environment with certreg installed from its wheel."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy, so that building leaves nothing in the checkout
    shutil.copytree(ROOT / "plugins", source / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in SOURCE_FILES:
        shutil.copy2(ROOT / name, source / name)
    for path, _ in BUNDLE:  # the site files the wheel carries, npm files included (`npm ci` installed them)
        target = source / path
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = shutil.copytree if (ROOT / path).is_dir() else shutil.copy2
        copy(ROOT / path, target)
    ok(run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", work / "dist", source, cwd=work))
    (wheel,) = (work / "dist").glob("certreg-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    shipped = {Path(name).name for name in names if f"certreg/{BUNDLED_SCHEMA_FOLDER}/" in name}
    assert shipped == set(SCHEMA_FILES.values())
    assert {"certreg/site/node_modules/lunr/lunr.min.js", "certreg/site/theme/templates/base.html"} <= set(names)
    ok(run(sys.executable, "-m", "venv", work / "venv", cwd=work))
    bin_dir = work / "venv" / "bin"
    started = time.monotonic()
    ok(run(bin_dir / "python", "-m", "pip", "install", "--quiet", wheel, cwd=work))
    print(f"\nwheel: {wheel.name}, {wheel.stat().st_size:,} bytes; pip install {time.monotonic() - started:.1f} s")
    return bin_dir


def registry_without_schemas(folder: Path) -> Path:
    """A small registry with no schema/ folder."""
    registry = shutil.copytree(FIXTURE, folder / "registry", ignore=shutil.ignore_patterns(SCHEMA_DIR))
    assert not (registry / SCHEMA_DIR).exists()
    return registry


def test_installed_wheel_validates_a_registry_without_schema_folder(installed: Path, tmp_path: Path) -> None:
    registry = registry_without_schemas(tmp_path)
    ok(run(installed / "certreg", "validate", "--registry", registry, "--today", TODAY, cwd=tmp_path))
    assert ok(run(installed / "certreg", "--version", cwd=tmp_path)).startswith("certreg 0.")


def test_installed_wheel_applies_its_bundled_schemas(installed: Path, tmp_path: Path) -> None:
    registry = registry_without_schemas(tmp_path)
    record = registry / "organizations" / "nordlys-data.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "head_office: Tromsø\n", encoding="utf-8")
    done = run(installed / "certreg", "validate", "--registry", registry, "--today", TODAY, cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "SCH002" in done.stdout + done.stderr and "head_office" in done.stdout + done.stderr


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_installed_wheel_builds_the_demo_byte_identical_to_the_source_tree(installed: Path, tmp_path: Path) -> None:
    build = ["build", "--registry", ROOT / "registry", "--today", TODAY, "--no-cache", "--siteurl", "https://x.example"]
    ok(run(installed / "certreg", *build, "--output", tmp_path / "installed", cwd=tmp_path))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    done = subprocess.run(
        [sys.executable, "-m", "certreg.commands.main", *map(str, build), "--output", str(tmp_path / "source")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    ok(done)
    installed_tree, source_tree = tree(tmp_path / "installed"), tree(tmp_path / "source")
    assert sorted(installed_tree) == sorted(source_tree)
    assert [name for name in installed_tree if installed_tree[name] != source_tree[name]] == []
    assert "Demonstration data" in installed_tree["about/index.html"].decode()


@pytest.fixture(scope="module")
def new_registry(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A registry made by `certreg init` and `certreg new`, with overrides, committed and built: (repo, output)."""
    repo = tmp_path_factory.mktemp("operator") / "zert-register"
    certreg = installed / "certreg"
    started = time.monotonic()
    init = ["init", repo, "--today", TODAY, "--name", "Zertifikatsregister des Verbands", "--operator", OPERATOR]
    ok(run(certreg, *init, "--contact", "mailto:register@verband.example", "--repository", REPOSITORY, cwd=repo.parent))
    for slug, name, number in (
        ("muller-praezision", "Müller Präzision GmbH", "VZ-0001"),
        ("sakura", "桜精工株式会社", "VZ-0002"),
    ):
        new = [
            "new",
            "--slug",
            slug,
            "--name",
            name,
            "--country",
            "DE",
            "--city",
            "Köln",
            "--certificate-number",
            number,
        ]
        new += ["--standard", "ISO 9001:2015", "--certification-body", "example-certification", "--accredited", "yes"]
        new += ["--scope", "Fräsen & Drehen", "--issued", "2026-01-10", "--expires", "2029-01-09"]
        ok(run(certreg, *new, "--source", f"https://certification.example/d/{number}", "--today", TODAY, cwd=repo))
    (repo / "overrides" / "templates").mkdir(parents=True)
    (repo / "overrides" / "static" / "css").mkdir(parents=True)
    base = (installed.parent / "lib").glob("python3*/site-packages/certreg/site/theme")
    theme = next(iter(base))
    page_template = (theme / "templates" / "page.html").read_text(encoding="utf-8")
    (repo / "overrides" / "templates" / "page.html").write_text(
        page_template.replace("<h1>", '<p class="verband-banner">Verband page</p>\n<h1>'), encoding="utf-8"
    )
    css = (theme / "static" / "css" / "site.css").read_text(encoding="utf-8")
    (repo / "overrides" / "static" / "css" / "site.css").write_text(css + "\n.verband-banner { color: #123456; }\n")
    ok(run("git", "init", "-q", "-b", "main", cwd=repo))
    ok(run("git", "add", "-A", cwd=repo))
    ok(run("git", "commit", "-qm", "Start the registry", cwd=repo))
    ok(run(certreg, "validate", "--today", TODAY, cwd=repo))
    ok(run(certreg, "build", "--today", TODAY, cwd=repo))
    print(f"\nnew registry: init, two `new`, validate, build in {time.monotonic() - started:.1f} s")
    return repo, repo / "output"


def html_pages(output: Path) -> list[Path]:
    """Every HTML page of a built site."""
    return sorted(output.rglob("*.html"))


def test_every_page_is_the_operators_and_nothing_of_certreg_leaks(new_registry: tuple[Path, Path]) -> None:
    _, output = new_registry
    pages = html_pages(output)
    assert len(pages) > 20
    escaped = OPERATOR.replace("&", "&amp;")
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert escaped in text, path
        assert "Demonstration" not in text, path
        hrefs = re.findall(r'(?:href|src)="([^"]*)"', text)
        assert [href for href in hrefs if "certreg" in href.lower()] == [], path
        assert "<title>" in text and "· certreg</title>" not in text
    about = (output / "about" / "index.html").read_text(encoding="utf-8")
    assert "<title>About this registry · Zertifikatsregister des Verbands</title>" in about


def test_history_links_point_at_the_registrys_own_repository(new_registry: tuple[Path, Path]) -> None:
    repo, output = new_registry
    commit = ok(run("git", "rev-parse", "HEAD", cwd=repo)).strip()
    text = (output / "organizations" / "muller-praezision" / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPOSITORY}/commit/{commit}"' in text
    assert f'href="{REPOSITORY}/issues/new"' in text


def test_overridden_template_and_stylesheet_are_in_the_output(new_registry: tuple[Path, Path]) -> None:
    _, output = new_registry
    assert '<p class="verband-banner">Verband page</p>' in (output / "about" / "index.html").read_text(encoding="utf-8")
    linked = re.search(r'href="/(theme/css/site\.\w+\.css)"', (output / "index.html").read_text(encoding="utf-8"))
    assert linked and ".verband-banner { color: #123456; }" in (output / linked.group(1)).read_text(encoding="utf-8")


def test_search_and_list_check_work_in_chromium(new_registry: tuple[Path, Path]) -> None:
    _, output = new_registry
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "tests.site.wheel_browser", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    ok(done)
    seen = json.loads(done.stdout)
    assert seen["search"][0] == "Müller Präzision GmbH"
    assert len(seen["check"]) == 2 and "VZ-0002" in seen["check"][0] and "Valid" in seen["check"][0]
    assert seen["errors"] == []


def test_registry_for_the_previous_schema_builds_after_migrate(installed: Path, tmp_path: Path) -> None:
    repo = tmp_path / "old"
    certreg = installed / "certreg"
    init = [
        "init",
        repo,
        "--today",
        TODAY,
        "--name",
        "Old",
        "--operator",
        "Old e.V.",
        "--contact",
        "https://old.example",
    ]
    ok(run(certreg, *init, "--repository", "https://github.com/old/old", cwd=tmp_path))
    config = repo / "certreg.yaml"  # as certreg 0.1.0 wrote a registry: schema version 1, city required
    config.write_text(re.sub(r"schema_version: \d+", "schema_version: 1", config.read_text(encoding="utf-8")))
    record = repo / "registry" / "organizations" / "example-manufacturing.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("city: Leeds", "city: Unknown"), encoding="utf-8")
    (repo / "registry" / SCHEMA_DIR).mkdir()
    for name in SCHEMA_FILES.values():
        old = run("git", "show", f"f8c43ea:registry/schema/{name}", cwd=ROOT)
        (repo / "registry" / SCHEMA_DIR / name).write_text(ok(old), encoding="utf-8")
    refused = run(certreg, "build", "--today", TODAY, cwd=repo)
    assert refused.returncode != 0 and "certreg migrate" in refused.stderr and "Traceback" not in refused.stderr
    migrated = ok(run(certreg, "migrate", cwd=repo))
    assert "rewrote registry/organizations/example-manufacturing.yaml" in migrated
    assert "city" not in record.read_text(encoding="utf-8")
    ok(run(certreg, "build", "--today", TODAY, cwd=repo))
    assert (repo / "output" / "organizations" / "example-manufacturing" / "index.html").is_file()


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
