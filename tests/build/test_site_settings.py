"""A site built with a certreg.yaml: the operator's name, links, logo, colours, notice, overrides and pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from certreg.build.site_settings import brand_css
from certreg.commands.main import main

SITE_FIXTURE = Path(__file__).parents[1] / "fixtures" / "site"
TODAY = "2026-11-26"
CONFIG = """schema_version: 2
site:
  name: "Qualitäts<register> & Co"
  description: Zertifizierte Mitglieder des Verbands.
  logo: art/logo.svg
  favicon: art/icon.png
  colors: {brand: "#0b5394", brand_dark: "#9fc5e8"}
  notice: Testdaten, nicht echt.
  credit: false
operator:
  name: Verband "Prüfung" e.V.
  contact: mailto:register@verband.example
links:
  source_repository: https://git.verband.example/register
  report_error: mailto:fehler@verband.example
  footer:
    - {text: Datenschutz, url: /datenschutz/}
    - {text: Verband, url: https://verband.example}
"""


def build(repo: Path, output: Path) -> None:
    config = str(repo / "certreg.yaml")
    argv = ["build", "--registry", str(SITE_FIXTURE), "--config", config, "--output", str(output), "--today", TODAY]
    assert main([*argv, "--cache", str(repo / "cache")]) == 0


@pytest.fixture(scope="module")
def configured(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(repository, output) of the fixture registry built with the configuration above and overrides."""
    repo = tmp_path_factory.mktemp("repo")
    (repo / "certreg.yaml").write_text(CONFIG, encoding="utf-8")
    (repo / "art").mkdir()
    (repo / "art" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (repo / "art" / "icon.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (repo / "overrides" / "templates").mkdir(parents=True)
    (repo / "overrides" / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>Nicht gefunden (override)</p>{% endblock %}', encoding="utf-8"
    )
    (repo / "pages").mkdir()
    (repo / "pages" / "datenschutz.md").write_text("Title: Datenschutz\nSlug: datenschutz\n\nWir speichern nichts.\n")
    build(repo, repo / "output")
    return repo, repo / "output"


def read(output: Path, url: str) -> str:
    return (output / url / "index.html").read_text(encoding="utf-8")


def test_every_page_carries_the_operator_and_its_links(configured: tuple[Path, Path]) -> None:
    _, output = configured
    page = read(output, "certificates/alpha-cert/ac-1001/")
    assert "<title>" in page and "· Qualitäts&lt;register&gt; &amp; Co</title>" in page
    assert '<meta name="description" content="Zertifizierte Mitglieder des Verbands.">' in read(output, "about")
    assert '<meta name="description" content="Zertifizierte Mitglieder des Verbands. Check for free' in read(output, "")
    assert 'is run by <a href="mailto:register@verband.example">Verband &#34;Prüfung&#34; e.V.</a>' in page
    assert '<a href="https://git.verband.example/register">Source repository</a>' in page
    assert page.count('href="mailto:fehler@verband.example"') == 2  # the certificate's and the footer's
    assert '<a href="/datenschutz/">Datenschutz</a>' in page and '<a href="https://verband.example">Verband</a>' in page
    assert "Made with certreg" not in page


def test_logo_favicon_and_brand_colours(configured: tuple[Path, Path]) -> None:
    _, output = configured
    page = read(output, "")
    assert '<img class="site-logo" src="/theme/logo.svg" alt="" height="32">' in page
    assert '<link rel="icon" href="/theme/favicon.png" type="image/png">' in page
    assert (output / "theme" / "favicon.png").read_bytes() == b"\x89PNG\r\n\x1a\n"
    linked = re.search(r'href="/(theme/css/brand\.\w+\.css)"', page)
    assert linked and "--link: #0b5394" in (output / linked.group(1)).read_text(encoding="utf-8")


def test_notice_override_and_extra_page(configured: tuple[Path, Path]) -> None:
    _, output = configured
    assert '<p class="notice"><strong>Testdaten, nicht echt.</strong></p>' in read(output, "about")
    assert "Testdaten" not in read(output, "verify")
    assert "Nicht gefunden (override)" in (output / "404.html").read_text(encoding="utf-8")
    assert "Wir speichern nichts." in read(output, "datenschutz")


def test_a_changed_or_removed_override_shows_in_the_next_incremental_build(configured: tuple[Path, Path]) -> None:
    repo, output = configured
    template = repo / "overrides" / "templates" / "404.html"
    template.write_text(template.read_text(encoding="utf-8").replace("(override)", "(changed)"), encoding="utf-8")
    build(repo, output)
    assert "Nicht gefunden (changed)" in (output / "404.html").read_text(encoding="utf-8")
    template.unlink()
    build(repo, output)
    assert "Nicht gefunden" not in (output / "404.html").read_text(encoding="utf-8")


def test_a_broken_configuration_stops_the_build_and_keeps_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "certreg.yaml").write_text(CONFIG.replace("  credit: false", "  credits: false"), encoding="utf-8")
    argv = ["build", "--registry", str(SITE_FIXTURE), "--config", str(tmp_path / "certreg.yaml")]
    assert main([*argv, "--output", str(tmp_path / "out"), "--today", TODAY]) == 1
    err = capsys.readouterr().err
    assert (
        "/certreg.yaml:9:12: error: [SCH002] site.credits: unknown field `credits` (fix: did you mean `credit`?)" in err
    )
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_brand_css_applies_to_screens_only() -> None:
    css = brand_css({"brand": "#0b5394"})
    assert "@media screen { :root { --link: #0b5394; --brand: #0b5394; } }" in css and "dark" not in css
