"""The supplier-list check page (/check/) in headless Chromium, against tests/fixtures/check."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import date
from pathlib import Path

import pytest

from certreg.build.staging import build_site
from certreg.enrich.status import STATUS_BY_ID
from tests.browser.conftest import serious_axe_violations, with_csp

CHECK_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "check"
BUILD_DATE = date(2026, 11, 26)
VISITOR_CLOCK = "2026-11-27T09:00:00Z"
HEADER = "Supplier\tCountry\tCert No\tStandard\tVAT"
# (row, expected outcome): one row per outcome, in an order the page must keep.
ROWS = [
    ("Anchor Valid AG\tDE\tAC 1001\tISO 9001\t", "number"),
    ("Someone Else Entirely\t\t\t\tDE 123 456 789", "identifier"),
    ("Nordlicht Präzisionstechnik Maschinenbau Hamburg\tDE\t\t\t", "name"),
    ("Cedar Systems\t\t\t\t", "review"),
    ("Nowhere Widgets Ltd\tFR\t\t\t", "not_listed"),
    ("anchor valid\tGermany\t\tISO 14001:2015\t", "name"),
    ("<img src=x onerror=alert(1)>\t\t\t\t", "not_listed"),
    ("\t\tabcdefgh\t\t", "number"),
]
PASTE = HEADER + "\n" + "\n".join(row for row, _ in ROWS)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, serve: object) -> str:
    """Build the check fixture registry at BUILD_DATE and serve it over HTTP."""
    output = tmp_path_factory.mktemp("check-site") / "output"
    build_site(CHECK_FIXTURE, output, BUILD_DATE)
    return serve(output)  # type: ignore[operator]


def open_page(page: object, base_url: str, clock: str = VISITOR_CLOCK) -> None:
    """Open the check page at the visitor's fixed clock and wait for its script."""
    page.clock.set_fixed_time(clock)  # type: ignore[attr-defined]
    page.goto(base_url + "/check/")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-form[data-ready=true]")  # type: ignore[attr-defined]


def paste_and_check(page: object, text: str) -> None:
    """Paste text into the box and check it; wait for the result."""
    page.fill("#check-paste", text)  # type: ignore[attr-defined]
    page.click("#check-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]


def rows(page: object) -> list[object]:
    """Return the result table's rows."""
    return page.locator("#check-rows tr").all()  # type: ignore[attr-defined]


def test_pasted_list_gets_every_outcome_in_its_original_order(page: object, base_url: str) -> None:
    """Each kind of row gets its outcome, and the rows keep their order."""
    open_page(page, base_url)
    paste_and_check(page, PASTE)
    found = rows(page)
    assert [row.get_attribute("data-outcome") for row in found] == [outcome for _, outcome in ROWS]
    assert [row.locator("th").inner_text() for row in found] == [str(i) for i in range(1, len(ROWS) + 1)]
    number, identifier, name, review, not_listed, flagged = (row.inner_text() for row in found[:6])
    assert "Anchor Valid GmbH" in number and "AC-1001" in number and STATUS_BY_ID["valid"].label in number
    assert "Nordlicht Präzisionstechnik" in identifier and "differs from the registry" in identifier
    assert "Name match (89%)" in name
    assert "Cedar Systems Nord GmbH" in review and "Cedar Systems Süd GmbH" in review
    assert "Not listed" in not_listed
    link = found[4].get_by_role("link", name="What this means")
    assert link.get_attribute("href") == "/check/#not-listed"
    assert "No valid ISO 14001 certificate." in flagged and STATUS_BY_ID["expired"].label in flagged
    assert "Expires 20 November 2026." in flagged
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_counts_and_the_attention_filter(page: object, base_url: str) -> None:
    """The counts add up and the filter shows only the rows that need attention."""
    open_page(page, base_url)
    paste_and_check(page, PASTE)
    summary = page.inner_text("#check-summary")  # type: ignore[attr-defined]
    assert "Exact certificate number: 2" in summary and "Review: 1" in summary and "Not listed: 2" in summary
    attention = page.locator("#check-rows tr.check-row--attention").count()  # type: ignore[attr-defined]
    assert f"Need attention: {attention}" in summary
    page.check("#check-attention-only")  # type: ignore[attr-defined]
    visible = [row for row in rows(page) if row.is_visible()]
    assert len(visible) == attention < len(ROWS)
    assert "Showing" in page.inner_text("#check-announce")  # type: ignore[attr-defined]


def test_statuses_are_rechecked_against_the_visitors_clock(page: object, base_url: str) -> None:
    """A certificate that expired after the build shows as expired."""
    open_page(page, base_url, "2027-02-01T09:00:00Z")
    paste_and_check(page, "Name\nBrook Expiring Ltd")
    text = rows(page)[0].inner_text()
    assert STATUS_BY_ID["expired"].label in text and "Expires 6 January 2027." in text
    assert "checked against your clock on 1 February 2027" in page.inner_text("#check-summary")  # type: ignore[attr-defined]


def test_html_in_cells_is_shown_as_text(page: object, base_url: str) -> None:
    """Markup in a cell or a record is text, never elements."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    open_page(page, base_url)
    paste_and_check(
        page, 'Name\tCountry\n<img src=x onerror=alert(1)>\t<b>US</b>\n<script>alert(1)</script> & "Quoted"\tUS'
    )
    assert "<img src=x onerror=alert(1)>" in rows(page)[0].inner_text()
    assert '<script>alert(1)</script> & "Quoted" Ltd' in rows(page)[1].inner_text()
    assert page.locator("#check-results img, #check-results b, #check-results script").count() == 0  # type: ignore[attr-defined]
    assert dialogs == []


def test_windows_1252_file_is_decoded_and_the_encoding_named(page: object, base_url: str) -> None:
    """An Excel export in Windows-1252 is decoded, and the page says so."""
    open_page(page, base_url)
    data = "Firmenname;Land;Bemerkung\r\nMüller Präzisionsteile GmbH;Österreich;\r\nMüller Präzisionsteile;AT;Preis 5 €\r\n".encode(
        "cp1252"
    )
    page.set_input_files("#check-file", files=[{"name": "lieferanten.csv", "mimeType": "text/csv", "buffer": data}])  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    messages = page.inner_text("#check-messages")  # type: ignore[attr-defined]
    assert "read as Windows-1252" in messages and "semicolons" in messages
    first, second = rows(page)
    assert "Müller Präzisionsteile GmbH;" not in first.inner_text()
    assert (
        "Müller Präzisionsteile GmbH" in first.inner_text()
        and "No organization in the registry is in “Österreich”" in first.inner_text()
    )
    assert second.get_attribute("data-outcome") == "name" and "ABCDEFGH" in second.inner_text()
    assert page.input_value("#check-paste").endswith("Preis 5 €\r\n".replace("\r\n", "\n"))  # type: ignore[attr-defined]
    assert page.input_value("#check-paste").startswith("Firmenname;Land")  # type: ignore[attr-defined]


def test_a_dropped_file_is_checked(page: object, base_url: str) -> None:
    """A file dropped on the page is read like an opened one."""
    open_page(page, base_url)
    text = "LEI,DUNS\n5299001ABCDEF1234567,\n,15-048-3782\n"
    transfer = page.evaluate_handle(  # type: ignore[attr-defined]
        """(text) => { const t = new DataTransfer(); t.items.add(new File([text], "list.csv", {type: "text/csv"})); return t; }""",
        text,
    )
    page.dispatch_event("#check-drop", "drop", {"dataTransfer": transfer})  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    assert [row.get_attribute("data-outcome") for row in rows(page)] == ["identifier", "identifier"]
    assert "Anchor Valid GmbH" in rows(page)[0].inner_text()
    assert "Nordlicht" in rows(page)[1].inner_text()
    assert "read as UTF-8" in page.inner_text("#check-messages")  # type: ignore[attr-defined]


def test_unknown_headers_get_a_mapping_form(page: object, base_url: str) -> None:
    """Unknown column names ask which column holds what."""
    open_page(page, base_url)
    page.fill("#check-paste", "Lfd\tBezeichnung\tZert\n1\tAnchor Valid\tAC-1002\n2\tBrook Expiring\t")  # type: ignore[attr-defined]
    page.click("#check-form button[type=submit]")  # type: ignore[attr-defined]
    assert "No column name was recognized among 3 columns separated by tabs" in page.inner_text("#check-messages")  # type: ignore[attr-defined]
    assert page.is_hidden("#check-results")  # type: ignore[attr-defined]
    page.select_option("#check-map-1", "name")  # type: ignore[attr-defined]
    page.select_option("#check-map-2", "certificate")  # type: ignore[attr-defined]
    page.click("#check-mapping button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    assert [row.get_attribute("data-outcome") for row in rows(page)] == ["number", "name"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   \n  ", "The list is empty"),
        ("Name|Country\nAnchor Valid|DE", "Only one column was found"),
        ("Name\tCountry\n", "column names but no rows"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_paste(page: object, base_url: str, text: str, message: str) -> None:
    """Empty input, one column or no rows: a message, and the paste stays."""
    open_page(page, base_url)
    page.fill("#check-paste", text)  # type: ignore[attr-defined]
    page.click("#check-form button[type=submit]")  # type: ignore[attr-defined]
    assert message in page.inner_text("#check-messages")  # type: ignore[attr-defined]
    assert page.input_value("#check-paste") == text  # type: ignore[attr-defined]


def test_an_empty_file_is_refused_by_name(page: object, base_url: str) -> None:
    """An empty file is named in the message."""
    open_page(page, base_url)
    page.set_input_files("#check-file", files=[{"name": "empty.csv", "mimeType": "text/csv", "buffer": b""}])  # type: ignore[attr-defined]
    page.wait_for_selector(".check-message--problem")  # type: ignore[attr-defined]
    assert "The file “empty.csv” is empty" in page.inner_text("#check-messages")  # type: ignore[attr-defined]


def test_a_list_over_the_limit_is_refused_whole(page: object, base_url: str) -> None:
    """A list over the limit is refused with the limit, never cut short."""
    open_page(page, base_url)
    limit = page.evaluate("import('/theme/js/check-parse.js').then((m) => m.MAX_ROWS)")  # type: ignore[attr-defined]
    data = ("Name\n" + "Anchor Valid\n" * (limit + 1)).encode()
    page.set_input_files("#check-file", files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": data}])  # type: ignore[attr-defined]
    page.wait_for_selector(".check-message--problem")  # type: ignore[attr-defined]
    assert f"This list has more than {limit:,} rows; the page checks at most {limit:,}" in page.inner_text(
        "#check-messages"
    )  # type: ignore[attr-defined]
    assert page.is_hidden("#check-results")  # type: ignore[attr-defined]


def test_a_long_list_is_checked_in_chunks_with_announced_progress(page: object, base_url: str) -> None:
    """Progress is announced chunk by chunk and every row comes out."""
    open_page(page, base_url)
    # The module the page loaded (its fingerprinted URL): importing another URL would run the page twice.
    loaded = "document.querySelector('script[type=module][src*=\"/check.\"]').src"
    chunk = page.evaluate(f"import({loaded}).then((m) => m.CHUNK_ROWS)")  # type: ignore[attr-defined]
    page.evaluate(  # type: ignore[attr-defined]
        """() => { window.heard = []; new MutationObserver(() => window.heard.push(document.getElementById('check-announce').textContent))
        .observe(document.getElementById('check-announce'), {childList: true, characterData: true, subtree: true}); }"""
    )
    count = chunk * 2 + 7
    names = [f"Supplier {i} Ltd" if i % 3 else "Anchor Valid" for i in range(count)]
    paste_and_check(page, "Name\n" + "\n".join(names))
    assert len(rows(page)) == count
    heard = page.evaluate("window.heard")  # type: ignore[attr-defined]
    progress = [int(text.split()[1]) for text in heard if text.startswith("Checked ") and " of " in text]
    assert progress[0] == chunk and progress[-1] == count and progress == sorted(progress)
    assert page.get_attribute("#check-progress-bar", "max") == str(count)  # type: ignore[attr-defined]
    assert page.locator("#check-announce").get_attribute("role") == "status"  # type: ignore[attr-defined]


def test_csv_download_neutralizes_formulas(page: object, base_url: str) -> None:
    """The CSV, read by Python's csv module, has every formula cell neutralized."""
    open_page(page, base_url)
    formulas = ['=HYPERLINK("http://x.example","y")', "+41 22 000", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn"]
    text = "Name\tNote\r\n" + "\r\n".join(f"Anchor Valid\t{cell}" for cell in formulas[:4])
    data = (text + '\r\n"\tTabbed"\tplain\r\n"\rReturn"\tplain\r\n').encode()
    # A file, not the text box: a text box turns a carriage return into a line feed.
    page.set_input_files(
        "#check-file", files=[{"name": "f.tsv", "mimeType": "text/tab-separated-values", "buffer": data}]
    )  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.click("#check-download")  # type: ignore[attr-defined]
    data = Path(info.value.path()).read_bytes()
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header, *body = table
    assert header[:3] == ["Name", "Note", "Outcome"] and "Registry data from" in header
    assert [row[1] for row in body[:4]] == ["'" + cell for cell in formulas[:4]]
    assert [row[0] for row in body[4:]] == ["'\tTabbed", "'\rReturn"]
    assert body[0][header.index("Registry data from")] == BUILD_DATE.isoformat()
    assert body[0][header.index("Certificates")] == "AC-1001; AC-1002"
    assert body[0][header.index("Organization permalink")] == base_url + "/organizations/anchor-valid/"
    assert len(body) == 6


def test_nothing_typed_or_opened_leaves_the_browser(page: object, base_url: str) -> None:
    """No request URL or body holds a value of the list."""
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url + "\n" + (request.post_data or "")))  # type: ignore[attr-defined]
    open_page(page, base_url)
    values = [value for row, _ in ROWS for value in row.split("\t") if len(value) >= 4] + [
        "ISO 9001",
        "AC1001",
        "abcdefgh",
    ]
    data = (HEADER + "\n" + "\n".join(row for row, _ in ROWS)).encode("utf-8")
    page.set_input_files(
        "#check-file", files=[{"name": "suppliers.tsv", "mimeType": "text/tab-separated-values", "buffer": data}]
    )  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    paste_and_check(page, PASTE)
    with page.expect_download():  # type: ignore[attr-defined]
        page.click("#check-download")  # type: ignore[attr-defined]
    assert any("/check/n/" in request for request in sent)
    leaked = [(value, request) for request in sent for value in values if value.lower() in request.lower()]
    assert leaked == []
    assert all(request.startswith(base_url) or request.startswith("blob:") for request in sent)


def test_works_with_the_keyboard_alone(page: object, base_url: str) -> None:
    """Tab reaches every control and Enter checks the list."""
    open_page(page, base_url)
    page.focus("#check-paste")  # type: ignore[attr-defined]
    page.keyboard.insert_text("Name\nAnchor Valid")  # type: ignore[attr-defined]
    visited = []
    while page.evaluate("document.activeElement.type") != "submit" and len(visited) < 5:  # type: ignore[attr-defined]
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        visited.append(page.evaluate("document.activeElement.id"))  # type: ignore[attr-defined]
    assert visited[:2] == ["check-file", "check-has-header"]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    assert "Checked 1 row. Name match: 1." in page.inner_text("#check-announce")  # type: ignore[attr-defined]


def test_no_console_errors_under_a_strict_csp(page: object, base_url: str) -> None:
    """The page runs under script-src 'self'."""
    with_csp(page)
    open_page(page, base_url)
    paste_and_check(page, PASTE)
    assert page.console_errors == []  # type: ignore[attr-defined]
    page.unroute_all(behavior="ignoreErrors")  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violations(page: object, base_url: str, scheme: str) -> None:
    """With a result and a mapping form shown, axe finds nothing serious."""
    page.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
    open_page(page, base_url)
    paste_and_check(page, PASTE)
    page.fill("#check-paste", "A\tB\nx\ty")  # type: ignore[attr-defined]
    page.click("#check-form button[type=submit]")  # type: ignore[attr-defined]
    assert serious_axe_violations(page) == []


def test_fits_a_320_pixel_screen_and_prints_the_table_only(page: object, base_url: str) -> None:
    """No sideways scrolling at 320 px; print shows the result, not the form."""
    page.set_viewport_size({"width": 320, "height": 640})  # type: ignore[attr-defined]
    open_page(page, base_url)
    paste_and_check(page, PASTE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert page.is_hidden("#check-form") and page.is_hidden(".check-actions")  # type: ignore[attr-defined]
    assert page.is_visible("#check-rows") and page.is_visible("#check-summary")  # type: ignore[attr-defined]


WORKBOOK_JS = """
import { createRequire } from "node:module";
const ExcelJS = createRequire(process.argv[3] + "/package.json")("exceljs");
const workbook = new ExcelJS.Workbook();
workbook.addWorksheet("Empty");
const sheet = workbook.addWorksheet("Lieferanten");
sheet.addRow(["Supplier", "Country", "Cert No", "Since"]);
sheet.addRow(["Anchor Valid AG", "DE", "AC 1001", new Date(Date.UTC(2020, 0, 2))]);
sheet.addRow(["Müller", "AT", { formula: '"ABC"&"DEFGH"', result: "ABCDEFGH" }, 42]);
sheet.addRow([{ richText: [{ text: "<b>Nordlicht</b> Präzisionstechnik " }, { text: "Maschinenbau Hamburg" }] }, "DE"]);
await workbook.xlsx.writeFile(process.argv[2]);
"""


def test_an_excel_workbook_is_read_with_exceljs(page: object, base_url: str, tmp_path: Path) -> None:
    """An .xlsx written by ExcelJS: its first sheet with data, formula results and rich text as text."""
    workbook = tmp_path / "suppliers.xlsx"
    script = tmp_path / "write.mjs"
    script.write_text(WORKBOOK_JS, encoding="utf-8")
    repo = Path(__file__).resolve().parents[2]
    subprocess.run(["node", str(script), str(workbook), str(repo)], check=True)
    open_page(page, base_url)
    page.set_input_files("#check-file", str(workbook))  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    assert "Opened the Excel workbook “suppliers.xlsx”, sheet “Lieferanten”." in page.inner_text("#check-messages")  # type: ignore[attr-defined]
    assert [row.get_attribute("data-outcome") for row in rows(page)] == ["number", "number", "review"]
    assert (
        "<b>Nordlicht</b>" in rows(page)[2].inner_text() and "Nordlicht Präzisionstechnik" in rows(page)[2].inner_text()
    )
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_an_old_excel_file_is_refused_with_what_to_do(page: object, base_url: str) -> None:
    """An Excel 97-2003 .xls is named as such, with the formats that work."""
    open_page(page, base_url)
    header = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504)
    page.set_input_files(
        "#check-file", files=[{"name": "old.xls", "mimeType": "application/vnd.ms-excel", "buffer": header}]
    )  # type: ignore[attr-defined]
    page.wait_for_selector(".check-message--problem")  # type: ignore[attr-defined]
    assert "workbook (.xls), which this page cannot read" in page.inner_text("#check-messages")  # type: ignore[attr-defined]


def test_status_words_come_from_the_build_data(page: object, base_url: str) -> None:
    """A label changed in build.json (written from certreg.enrich.status) is the one the page shows."""

    def relabel(route: object) -> None:
        response = route.fetch()  # type: ignore[attr-defined]
        data = response.json()
        for status in data["statuses"]:
            status["label"] = f"{status['label']} (from the build)"
        route.fulfill(response=response, json=data)  # type: ignore[attr-defined]

    page.route("**/build.json", relabel)  # type: ignore[attr-defined]
    open_page(page, base_url)
    paste_and_check(page, "Name\nAnchor Valid\nBrook Expiring")
    labels = page.locator("#check-rows .status__label").all_inner_texts()  # type: ignore[attr-defined]
    assert labels and all(label.endswith(" (from the build)") for label in labels)
    assert f"{STATUS_BY_ID['expiring_soon'].label} (from the build)" in labels


def test_identifier_names_come_from_the_build_data(page: object, base_url: str) -> None:
    """The identifier labels of build.json (written from certreg.enrich.identifiers) name columns and notes."""

    def relabel(route: object) -> None:
        response = route.fetch()  # type: ignore[attr-defined]
        data = response.json()
        for scheme in data["identifiers"]:
            scheme["label"] = f"{scheme['label']} (from the build)"
        route.fulfill(response=response, json=data)  # type: ignore[attr-defined]

    page.route("**/build.json", relabel)  # type: ignore[attr-defined]
    open_page(page, base_url)
    paste_and_check(page, "Name\tVAT\nNowhere Widgets\tXX 1")
    assert "Recognized: Name (“Name”), VAT number (from the build) (“VAT”)." in page.inner_text("#check-messages")  # type: ignore[attr-defined]
    notes = page.inner_text("#check-rows .check-notes")  # type: ignore[attr-defined]
    assert "VAT number (from the build) “XX 1” is not in the registry." in notes
    options = page.locator("#check-map-1 option").all_inner_texts()  # type: ignore[attr-defined]
    assert "D-U-N-S number (from the build)" in options


def test_without_build_data_nothing_is_offered_and_the_page_says_why(page: object, base_url: str) -> None:
    """No status table, no identifiers: the form stays hidden and a message names the failure."""
    page.route("**/build.json", lambda route: route.fulfill(status=503, body="down"))  # type: ignore[attr-defined]
    page.goto(base_url + "/check/")  # type: ignore[attr-defined]
    page.wait_for_selector(".check-message--problem")  # type: ignore[attr-defined]
    message = page.inner_text("#check-messages")  # type: ignore[attr-defined]
    assert "The registry data could not be loaded" in message and "build.json: HTTP 503" in message
    assert page.locator("#check-form").is_hidden()  # type: ignore[attr-defined]
