"""The demo registry built in German and French speaks no English interface word; a right-to-left build lays out
right to left. Pages are read as built (static text) and in headless Chromium (what status.js writes, the print
view); `certreg build` itself reports in the build's language."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from certreg.build.staging import build_site
from certreg.core.i18n import PACKAGE_LOCALE
from tests.browser.conftest import open_checked

ROOT = Path(__file__).resolve().parents[2]
BUILD_DATE = date(2026, 12, 1)
# Content pages (content/pages/*.md) are the operator's own text, written in one language, as is record data.
OPERATOR_CONTENT = ("about/", "about-certification/", "contribute/", "verify/")
# One page of each kind the site has, each checked as rendered in Chromium (after its scripts ran).
PAGE_TYPES = {
    "home": "/",
    "organization": "/organizations/bergen-subsea-tools/",
    "certificate": None,  # the first certificate of that organization
    "certification body": "/certification-bodies/albion-assurance/",
    "standard": "/standards/iso-9001/",
    "country": "/countries/de/",
    "organizations A-Z": "/organizations/",
    "certification bodies": "/certification-bodies/",
    "standards": "/standards/",
    "countries": "/countries/",
    "status page": "/status/expiring-soon/",
    "open data and API": "/api/",
    "not found": "/404.html",
}
# Interface words and phrases of the English site that record data in the demo registry does not use.
ENGLISH = [
    "Valid until",
    "Expired on",
    "Expires soon",
    "Expiring soon",
    "Not yet valid",
    "Suspended since",
    "Withdrawn on",
    "Certificate number",
    "Certification body",
    "Certification bodies",
    "Accreditation body",
    "Search the registry",
    "Skip to content",
    "Report an error",
    "Open data",
    "Organizations",
    "Countries",
    "Issued",
    "Scope",
    "History",
    "Follow",
    "Page not found",
    "Recently expired",
    "Certificates by status",
    "Verify certificate",
    "Last checked",
    "Held by",
    "Published status",
    "Previous page",
    "Next page",
    "certificates to",
    "Any status",
    "Show more results",
    "Check a list",
    "Check the list",
    "Download as CSV",
    "Atom feed",
    "valid until",
    "Reminder:",
    "Certified by",
    "no current certificate",
    "recent events",
    "was listed in the registry",
    "expires on",
    "Checked by your browser",
    "Registry data built",
    "days ago",
]
GERMAN_STATUSES = [
    "Gültig",
    "Läuft bald ab",
    "Noch nicht gültig",
    "Ausgesetzt",
    "Abgelaufen",
    "Zurückgezogen",
    "Nicht gültig: Ausgabe zurückgezogen",
]
FRENCH_STATUSES = [
    "Valide",
    "Expirant bientôt",
    "Pas encore valide",
    "Suspendu",
    "Expiré",
    "Retiré",
    "Non valide\u00a0: édition retirée",
]


def english_hits(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]


def visible_text(markup: str) -> str:
    markup = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def build(tmp_path_factory: pytest.TempPathFactory, language: str, registry: Path | None = None) -> Path:
    output = tmp_path_factory.mktemp(f"site-{language}") / "output"
    settings = {"DEFAULT_LANG": language}  # site-relative links, so the local server serves the scripts
    build_site(registry or ROOT / "registry", output, BUILD_DATE, settings)
    return output


@pytest.fixture(scope="module", params=["de", "fr"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, serve: object
) -> tuple[str, Path, str]:
    """The demo in the language, built with SITEURL set to where it is served (so certificates print a QR code)."""
    language = request.param
    output = tmp_path_factory.mktemp(f"site-{language}") / "output"
    output.mkdir()
    base = serve(output)  # type: ignore[operator]
    build_site(ROOT / "registry", output, BUILD_DATE, {"DEFAULT_LANG": language, "SITEURL": base})
    return language, output, base


def test_no_page_has_an_english_interface_word(site: tuple[str, Path, str]) -> None:
    language, output, _ = site
    found = {}
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.startswith(OPERATOR_CONTENT):
            continue
        markup = path.read_text(encoding="utf-8")
        assert f'<html lang="{language}">' in markup
        hits = english_hits(visible_text(markup))
        if hits:
            found[relative] = hits
    assert found == {}


def test_every_status_is_worded_in_the_language(site: tuple[str, Path, str]) -> None:
    language, output, _ = site
    expected = GERMAN_STATUSES if language == "de" else FRENCH_STATUSES
    home = visible_text((output / "index.html").read_text(encoding="utf-8"))
    for word in expected[:-1]:
        assert word in home
    build_json = json.loads((output / "build.json").read_text(encoding="utf-8"))
    assert [status["label"] for status in build_json["statuses"]][:2] == [
        *expected[:1],
        "Gültig, läuft bald ab" if language == "de" else "Valide, expire bientôt",
    ]
    assert build_json["language"] == language
    assert english_hits(json.dumps(build_json["messages"], ensure_ascii=False)) == []
    assert english_hits(" ".join(s["headline"] + " " + s["reason"] for s in build_json["statuses"])) == []


def test_feeds_calendars_and_badges_speak_the_language(site: tuple[str, Path, str]) -> None:
    language, output, _ = site
    texts = {
        "feed": (output / "feed.atom").read_text(encoding="utf-8"),
        "calendar": next(output.glob("organizations/*/calendar.ics")).read_text(encoding="utf-8"),
        "badge": next(output.glob("certificates/*/*/badge.svg")).read_text(encoding="utf-8"),
    }
    assert f'xml:lang="{language}"' in texts["feed"]
    # Only the interface: the feed's and calendar's words (titles, summaries, descriptions, alarms).
    for name, text in texts.items():
        words = re.findall(
            r"<(?:title|summary)[^>]*>([^<]*)<|^(?:SUMMARY|DESCRIPTION|NAME):(.*)$|aria-label=\"([^\"]*)\"",
            text,
            flags=re.M,
        )
        joined = " ".join("".join(parts) for parts in words)
        assert joined, name
        assert english_hits(html.unescape(joined)) == [], name


def test_status_js_relabels_a_stale_page_in_the_language(site: tuple[str, Path, str], page: object) -> None:
    language, output, base = site
    page.clock.set_fixed_time("2031-01-15T09:00:00Z")  # type: ignore[attr-defined]  # every certificate expired
    open_checked(page, f"{base}/status/valid/")
    expired = GERMAN_STATUSES[4] if language == "de" else FRENCH_STATUSES[4]
    labels = page.eval_on_selector_all(".js-status .status__label", "els => els.map(e => e.textContent)")  # type: ignore[attr-defined]
    assert labels and set(labels) == {expired}
    footer = page.text_content(".js-data-age")  # type: ignore[attr-defined]
    assert (
        "Registerdaten erstellt am 1. Dezember 2026" if language == "de" else "générées le 1 décembre 2026"
    ) in footer
    assert ("vor " if language == "de" else "il y a ") in footer
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert english_hits(body) == []
    open_checked(page, f"{base}/{valid_certificate_page(output)}")
    assert page.get_attribute(".verdict [data-checked-status]", "data-checked-status") == "expired"  # type: ignore[attr-defined]
    assert english_hits(page.inner_text("main")) == []  # type: ignore[attr-defined]


def valid_certificate_page(output: Path) -> str:
    """The first certificate page (by path) that was valid at the build, so status.js must relabel it later.

    Not whatever page a glob yields first: directory order differs between file systems and builds, and
    a certificate already expired or withdrawn at the build is (rightly) never relabelled.
    """
    for path in sorted(output.glob("certificates/*/*/index.html")):
        if 'class="verdict verdict--valid"' in path.read_text(encoding="utf-8"):
            return f"{path.parent.relative_to(output).as_posix()}/"
    raise AssertionError("the demo registry has no valid certificate")


API_WORDING = {
    "de": (
        "Rechtlicher Name der Organisation",
        "die Zertifizierungsstelle hat es ausgesetzt",
        "Gültig bis 9. Mai 2027.",
    ),
    "fr": (
        "Raison sociale de l\u2019organisme",
        "l\u2019organisme de certification l\u2019a suspendu",
        "Valide jusqu\u2019au 9 mai 2027.",
    ),
}
NOT_FOUND = {"de": "Seite nicht gefunden", "fr": "Page introuvable"}
QR_CAPTION = {
    "de": ("Scannen für den aktuellen Status", "QR-Code von "),
    "fr": ("Scannez pour le statut actuel", "Code QR de "),
}


def certificate_url(output: Path, base: str) -> str:
    """The address (under the site root) of the first certificate of the organization PAGE_TYPES names."""
    organization = output / PAGE_TYPES["organization"].strip("/") / "index.html"
    link = re.search(r'href="([^"]*/certificates/[^"]+/)"', organization.read_text(encoding="utf-8"))
    assert link, organization
    return link[1].removeprefix(base)


def test_every_kind_of_page_speaks_the_language_in_chromium(site: tuple[str, Path, str], page: object) -> None:
    language, output, base = site
    found = {}
    for name, url in PAGE_TYPES.items():
        url = url or certificate_url(output, base)
        page.goto(base + url)  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        assert page.get_attribute("html", "lang") == language, name  # type: ignore[attr-defined]
        if hits := english_hits(page.inner_text("body")):  # type: ignore[attr-defined]
            found[name] = hits
    assert found == {}
    page.goto(base + PAGE_TYPES["not found"])  # type: ignore[attr-defined]
    assert page.inner_text("h1") == NOT_FOUND[language]  # type: ignore[attr-defined]
    api = html.unescape((output / "api" / "index.html").read_text(encoding="utf-8"))  # with the examples
    for wording in API_WORDING[language]:  # a column's meaning, a status rule, the example records' sentence
        assert wording in api


def test_the_print_view_speaks_the_language(site: tuple[str, Path, str], page: object) -> None:
    language, output, base = site
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    page.goto(base + certificate_url(output, base))  # type: ignore[attr-defined]
    figure = page.locator("figure.print-qr")  # type: ignore[attr-defined]
    assert figure.is_visible()
    caption, label = QR_CAPTION[language]
    assert figure.inner_text().strip() == caption
    assert figure.locator("svg").get_attribute("aria-label").startswith(label)
    printed = page.inner_text("body")  # type: ignore[attr-defined]
    assert english_hits(printed) == []
    assert "Follow" not in printed and "History" not in printed  # the screen-only sections stay off paper


# What `certreg build` prints in English (its warnings, failure and summary), and Pelican's own last line.
CLI_ENGLISH = [
    "warning",
    "links are",
    "is not set",
    "history is not available",
    "readable git repository",
    "files written",
    "unchanged",
    "removed",
    "bytes written",
    "build failed",
    "nothing was written",
    "Done: Processed",
]


def certreg_build(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `certreg build` as an operator does, in its own process (so its log goes to stderr as in a shell)."""
    command = [sys.executable, "-m", "certreg.commands.main", "build", "--today", BUILD_DATE.isoformat(), *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=900, check=False)


def test_certreg_build_reports_in_the_build_language(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry)  # not a git checkout: the build warns that there is no history
    output = tmp_path / "output"
    done = certreg_build("--registry", str(registry), "--output", str(output), "--language", "de", "--no-cache")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith("certreg: Warnung: kein --siteurl (SITEURL): Links sind relativ zur Website")
    assert "certreg: SITEURL ist nicht gesetzt, daher tragen gedruckte Zertifikatsseiten keinen QR-Code" in lines
    assert any(line.startswith("certreg: Der Verlauf der Einträge ist nicht verfügbar: ") for line in lines)
    assert re.fullmatch(
        r"certreg: \d{3} Dateien geschrieben, 0 unverändert, 0 entfernt; \d{1,3}(\.\d{3})+ Bytes geschrieben; \d+,\d s",
        lines[-1],
    )
    assert [phrase for phrase in CLI_ENGLISH if phrase in done.stderr] == []
    (registry / "organizations" / "zz-broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    failed = certreg_build("--registry", str(registry), "--output", str(output), "--language", "de", "--no-cache")
    assert failed.returncode != 0
    last = failed.stderr.splitlines()[-1]
    assert last.startswith("certreg: Erstellung fehlgeschlagen: ") and last.endswith("es wurde nichts geschrieben")
    assert "hat 1 Fehler" in last
    assert (output / "index.html").is_file()  # the last good output is untouched


def pseudo_rtl_registry(tmp_path: Path) -> Path:
    """The demo registry with an Arabic test catalog: every message as Hebrew-script pseudo text."""
    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry)
    with (PACKAGE_LOCALE / "en" / "LC_MESSAGES" / "certreg.po").open("rb") as handle:
        catalog = read_po(handle, locale="ar")
    fields = re.compile(r"%\(\w+\)s|\{\w+\}|<[^>]+>")
    for message in catalog:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        forms = ["".join(fields.findall(ids[min(i, len(ids) - 1)])) or "" for i in range(catalog.num_plurals)]
        pseudo = [f"נוסח {' '.join(fields.findall(text)) or ''} טקסט" for text in forms]
        message.string = pseudo[0] if isinstance(message.id, str) else tuple(pseudo)
    folder = registry / "locale" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "certreg.po").open("wb") as handle:
        write_po(handle, catalog)
    return registry


@pytest.mark.parametrize("width", [360, 1280])
def test_a_right_to_left_catalog_lays_out_right_to_left(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, browser: object, serve: object, width: int
) -> None:
    output = build(tmp_path_factory, "ar", pseudo_rtl_registry(tmp_path))
    base = serve(output)  # type: ignore[operator]
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    for url in (
        "/",
        "/status/valid/",
        f"/{next(output.glob('certificates/*/*/index.html')).parent.relative_to(output).as_posix()}/",
    ):
        page.goto(base + url)
        assert page.get_attribute("html", "dir") == "rtl"
        assert page.get_attribute("html", "lang") == "ar"
        shot = tmp_path / f"rtl-{width}-{len(url)}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert struct.unpack(">I", shot.read_bytes()[16:20])[0] == width  # PNG width: wider means a scrollbar
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        heading = page.locator("h1").first.bounding_box()
        assert heading["x"] + heading["width"] > width * 0.6  # the heading starts at the right edge
    context.close()
