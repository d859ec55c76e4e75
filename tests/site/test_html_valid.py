"""Every page of a built site is valid HTML, checked by the Nu Html Checker (vnu.jar from npm, run by Java)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from certreg.build.staging import build_site
from tests.conftest import BUILD_DATE

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITE_FIXTURE = ROOT / "tests" / "fixtures" / "site"


def run_vnu(folder: Path) -> subprocess.CompletedProcess[str]:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail("the HTML check needs Java and node_modules/vnu-jar: run `npm ci` and install a JRE (see .ci/run)")
    return subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_page_of_the_built_site_is_valid_html(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(SITE_FIXTURE, output, BUILD_DATE)
    assert len(list(output.rglob("*.html"))) > 20
    result = run_vnu(output)
    assert result.returncode == 0, result.stderr


def test_every_page_of_a_site_of_two_languages_is_valid_html(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(SITE_FIXTURE, output, BUILD_DATE, {"LANGUAGES": ("fr",)})
    assert 'hreflang="fr"' in (output / "index.html").read_text(encoding="utf-8")
    assert len(list((output / "fr").rglob("*.html"))) > 20
    result = run_vnu(output)
    assert result.returncode == 0, result.stderr


def test_the_checker_does_catch_invalid_html(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html lang=en><title>x</title><p></span>", encoding="utf-8")
    assert "Stray end tag" in run_vnu(tmp_path).stderr
