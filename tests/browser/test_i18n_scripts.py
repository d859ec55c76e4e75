"""The browser scripts speak the site's language: the search page, the list check (and its CSV), the document check.

The demo registry is built in German and French; each page is used in headless Chromium as a visitor would
(a query, a pasted list with a certificate of every status and rows the registry does not know, a printed
certificate), and what the scripts wrote is checked for English interface words.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import pytest
import segno

from certreg.core.i18n import translator
from tests.browser.test_i18n_site import ENGLISH, FRENCH_STATUSES, GERMAN_STATUSES, build

CLOCK = "2026-12-01T09:00:00Z"  # the build date: the statuses the build wrote
# Words and phrases the scripts wrote in English before they used the catalogs (record data in the demo
# registry does not use them).
SCRIPT_ENGLISH = [
    *ENGLISH,
    "Exact certificate",
    "Exact identifier",
    "Name match",
    "Not listed",
    "Nothing to match",
    "Need attention",
    "need attention",
    "Possible matches",
    "organizations match",
    "organization matches",
    "No organization",
    "What this means",
    "Expires",
    "rows",
    "Recognized",
    "separated by",
    "Statuses checked",
    "Checking",
    "Matches the registry",
    "Differs from the registry",
    "The document says",
    "The registry says",
    "Comparison",
    "Registry status today",
    "QR codes",
    "points to",
    "of this registry",
    "A PDF of",
    "This certificate in the registry",
    "its directory",
    "its own record",
    "Not compared",
    "This does not prove",
    "Same",
]
# Column names a visitor's list may carry, in the site's language (the labels of the list's fields).
HEADERS = {
    "de": ("Name", "Land", "Zertifikatsnummer", "Norm"),
    "fr": ("Nom", "Pays", "Numéro de certificat", "Norme"),
}
CSV_COLUMNS = ("Outcome", "Score", "Organization", "Status", "Expires", "Notes", "Registry data from", "Checked on")


def english_hits(text: str) -> list[str]:
    import re

    return [phrase for phrase in SCRIPT_ENGLISH if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]


@pytest.fixture(scope="module", params=["de", "fr"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, serve: object) -> tuple:
    """(language, output folder, base URL) of the demo registry built in that language and served."""
    output = build(tmp_path_factory, request.param)
    return request.param, output, serve(output)  # type: ignore[operator]


def certificates(output: Path) -> list[dict[str, str]]:
    """The open data's certificates (number, organization, effective status…), as the build wrote them."""
    with (output / "api" / "v1" / "certificates.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def one_of_each_status(output: Path) -> dict[str, dict[str, str]]:
    """The first certificate (by number) of each effective status whose number no other certificate shares."""
    rows = certificates(output)
    numbers = [row["certificate_number"] for row in rows]
    chosen: dict[str, dict[str, str]] = {}
    for row in sorted(rows, key=lambda row: row["certificate_number"]):
        if numbers.count(row["certificate_number"]) == 1:
            chosen.setdefault(row["effective_status"], row)
    return chosen


def open_at_build_date(page: object, url: str, ready: str) -> None:
    page.clock.set_fixed_time(CLOCK)  # type: ignore[attr-defined]
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_selector(ready, state="attached")  # type: ignore[attr-defined]


def test_the_search_page_words_its_results_in_the_language(site: tuple, page: object) -> None:
    language, output, base = site
    valid = one_of_each_status(output)["valid"]
    open_at_build_date(page, f"{base}/search/?q=cert", "#search-form[data-ready='true']")
    page.wait_for_selector("#search-status[data-kind='results']")  # type: ignore[attr-defined]
    status = page.text_content("#search-status")  # type: ignore[attr-defined]
    assert (
        "Organisationen entsprechen „cert“" if language == "de" else "organismes correspondent à «\u00a0cert\u00a0»"
    ) in status
    page.fill("#search-q", valid["certificate_number"])  # type: ignore[attr-defined]
    page.wait_for_selector(".search-result--exact")  # type: ignore[attr-defined]
    exact = page.inner_text(".search-result--exact")  # type: ignore[attr-defined]
    assert ("Zertifikat " if language == "de" else "Certificat ") + valid["certificate_number"] in exact
    assert (GERMAN_STATUSES if language == "de" else FRENCH_STATUSES)[0] in exact
    assert english_hits(page.inner_text("main")) == []  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]


def check_list(language: str, chosen: dict[str, dict[str, str]]) -> str:
    """A list headed in the site's language: a certificate of every status, then rows the registry lacks."""
    lines = ["\t".join(HEADERS[language])]
    for row in chosen.values():
        lines.append(f"{row['organization_name']}\t{row['country']}\t{row['certificate_number']}\tISO 9001")
    lines += ["Nirgendwo Widgets GmbH\tDE\tZZ-404-404\t", "Personne SARL\tFR\t\t", "\t\t\tISO 9001"]
    return "\n".join(lines)


def test_the_list_check_and_its_csv_speak_the_language(site: tuple, page: object) -> None:
    language, output, base = site
    tr = translator(language)
    chosen = one_of_each_status(output)
    assert len(chosen) >= 5  # valid, expiring soon, expired, suspended, withdrawn at least
    open_at_build_date(page, f"{base}/check/", "#check-form[data-ready=true]")
    page.fill("#check-paste", check_list(language, chosen))  # type: ignore[attr-defined]
    page.click("#check-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    outcomes = page.eval_on_selector_all("#check-rows tr", "rows => rows.map(r => r.dataset.outcome)")  # type: ignore[attr-defined]
    assert outcomes == ["number"] * len(chosen) + ["not_listed", "not_listed", "empty"]
    recognized = page.text_content("#check-messages")  # type: ignore[attr-defined]
    assert all(f"„{header}“" in recognized or f"«\u00a0{header}\u00a0»" in recognized for header in HEADERS[language])
    badges = page.eval_on_selector_all("#check-rows .status__label", "els => els.map(e => e.textContent)")  # type: ignore[attr-defined]
    assert {tr.gettext(status.title()) for status in ("Suspended", "Withdrawn", "Expired")} <= set(badges)
    assert english_hits(page.inner_text("main")) == []  # type: ignore[attr-defined]
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.click("#check-download")  # type: ignore[attr-defined]
    data = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    header, *body = list(csv.reader(io.StringIO(data, newline="")))
    assert header[:4] == list(HEADERS[language])
    assert all(tr.gettext(column) in header for column in CSV_COLUMNS)
    outcome, status = header.index(tr.gettext("Outcome")), header.index(tr.gettext("Status"))
    assert {row[outcome] for row in body} == {
        tr.gettext(t) for t in ("Exact certificate number", "Not listed", "Nothing to match")
    }
    assert {tr.gettext("Suspended"), tr.gettext("Withdrawn")} <= {row[status] for row in body}
    assert english_hits(" ".join(" ".join(row[4:]) for row in [header, *body])) == []
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_list_headed_in_english_is_still_read(site: tuple, page: object) -> None:
    _, output, base = site
    valid = one_of_each_status(output)["valid"]
    open_at_build_date(page, f"{base}/check/", "#check-form[data-ready=true]")
    page.fill(
        "#check-paste",
        f"Supplier\tCountry\tCert No\n{valid['organization_name']}\t{valid['country']}\t{valid['certificate_number']}",
    )  # type: ignore[attr-defined]
    page.click("#check-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    assert page.get_attribute("#check-rows tr", "data-outcome") == "number"  # type: ignore[attr-defined]


def certificate_document(row: dict[str, str], link: str) -> str:
    """A printed certificate of `row` with a QR code pointing to its page in the registry."""
    e = {key: html.escape(value) for key, value in row.items()}
    qr = segno.make(link, error="m").svg_inline(scale=4, border=4)
    return f"""<h1>CERTIFICATE</h1><p>{e["organization_name"]}</p><p>{e["standards"].split(";")[0]}</p>
<p>Scope: {e["scope"]}</p><p>Certificate No.: {e["certificate_number"]}</p>
<p>Issue date: {e["issued"]}</p><p>Expiry date: {e["expires"]}</p><p>{e["certification_body_name"]}</p>{qr}"""


def test_the_document_check_speaks_the_language(site: tuple, page: object, browser: object) -> None:
    language, output, base = site
    valid = one_of_each_status(output)["valid"]
    printing = browser.new_context()  # type: ignore[attr-defined]
    printer = printing.new_page()
    link = base + "/" + valid["certificate_url"].split("/", 3)[3]
    printer.set_content(
        f"<html><body style='font-family: sans-serif'>{certificate_document(valid, link)}</body></html>"
    )
    pdf = printer.pdf(format="A4")
    printing.close()
    open_at_build_date(page, f"{base}/check/document/", "#verify-form[data-ready=true]")
    page.set_input_files("#verify-file", files=[{"name": "z.pdf", "mimeType": "application/pdf", "buffer": pdf}])  # type: ignore[attr-defined]
    page.wait_for_selector("#verify-results[data-ready=true]", timeout=60000)  # type: ignore[attr-defined]
    text = page.inner_text("main")  # type: ignore[attr-defined]
    assert ("Zertifikat " if language == "de" else "Certificat ") + valid["certificate_number"] in text
    assert ("Ein PDF mit 1 Seite" if language == "de" else "Un PDF de 1 page") in text
    assert english_hits(text) == []
    assert page.console_errors == []  # type: ignore[attr-defined]
