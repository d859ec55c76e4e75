"""Hostile lists on /check/ in headless Chromium: refused at once, in plain words, with the page responsive.

Every hostile file is generated here: a zip bomb (a highly compressible part in a real workbook's
frame), a zip that is not a workbook, lists far past the row and column limits, an overlong cell. The
page's longest main-thread task is measured with a `longtask` PerformanceObserver and printed (`-s`);
the assertions are on what the visitor sees and on the page staying usable, not on times.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest

from certreg.build.staging import build_site
from tests.browser.conftest import layout_shift

CHECK_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "check"
BUILD_DATE = date(2026, 11, 26)
# Cherokee (capitals and small letters) and the old Cyrillic letter variants U+1C80-1C88, which
# Python's casefold and the browser's toLowerCase fold differently unless fold.js makes up for it.
CHEROKEE_NAME = "ᏣᎳᎩ ꭰꮝꮧ ᲃᲂᲁᲇ"
CHEROKEE_RECORD = f"""# A name in letters that Python and JavaScript once folded apart
name: {CHEROKEE_NAME}
country: US
city: Tahlequah
certifications:
  - certificate_number: CHR-2026-0001
    standards: [ISO 9001:2015]
    certification_body: alpha-cert
    accredited: false
    scope: Pottery.
    issued: 2025-01-10
    expires: 2028-01-09
    source: https://alpha-cert.example/directory/CHR-2026-0001
    last_verified: 2026-10-01
"""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WATCH_TASKS = """() => {
    window.longest = 0;
    window.watching?.disconnect();
    window.watching = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longest = Math.max(window.longest, entry.duration);
    }).observe({type: "longtask"});
}"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, serve: object) -> str:
    """The check fixture registry with one more organization named in Cherokee, built and served."""
    registry = tmp_path_factory.mktemp("limits-registry") / "registry"
    shutil.copytree(CHECK_FIXTURE, registry)
    (registry / "organizations" / "cherokee.yaml").write_text(CHEROKEE_RECORD, encoding="utf-8")
    output = tmp_path_factory.mktemp("limits-site") / "output"
    build_site(registry, output, BUILD_DATE)
    return serve(output)  # type: ignore[operator]


def open_check(page: object, base_url: str) -> None:
    """Open the check page and wait for its script."""
    page.goto(base_url + "/check/")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-form[data-ready=true]")  # type: ignore[attr-defined]


def open_file(page: object, name: str, data: bytes | str, mime: str = "text/csv") -> None:
    """Drop a file on the page: bytes, or a JavaScript expression making its text in the page.

    The file is made in the page before the long tasks are counted, so that the count is the page's
    own work, not the test's transfer of megabytes into the browser.
    """
    make = (
        data
        if isinstance(data, str)
        else f"Uint8Array.from(atob({base64.b64encode(data).decode()!r}), (c) => c.charCodeAt(0))"
    )
    page.evaluate(f"() => {{ window.testFile = new File([{make}], {name!r}, {{type: {mime!r}}}); }}")  # type: ignore[attr-defined]
    page.evaluate(WATCH_TASKS)  # type: ignore[attr-defined]
    transfer = page.evaluate_handle("() => { const t = new DataTransfer(); t.items.add(window.testFile); return t; }")  # type: ignore[attr-defined]
    page.dispatch_event("#check-drop", "drop", {"dataTransfer": transfer})  # type: ignore[attr-defined]


def refusal(page: object) -> str:
    """Wait for the page's problem message and return it."""
    page.wait_for_selector(".check-message--problem")  # type: ignore[attr-defined]
    return page.inner_text(".check-message--problem")  # type: ignore[attr-defined]


def still_usable(page: object, label: str) -> None:
    """No uncaught error, the box still takes text, and the longest task is printed."""
    assert page.console_errors == []  # type: ignore[attr-defined]
    page.fill("#check-paste", "Name\nAnchor Valid")  # type: ignore[attr-defined]
    assert page.input_value("#check-paste") == "Name\nAnchor Valid"  # type: ignore[attr-defined]
    print(f"{label}: longest main-thread task {page.evaluate('window.longest'):.0f} ms")  # type: ignore[attr-defined]


def workbook(parts: dict[str, bytes]) -> bytes:
    """A zip archive of the given parts, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


WORKBOOK_FRAME = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
}


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked(page: object, base_url: str) -> None:
    """512 MB of one repeated byte in half a megabyte: refused by its unpacked size, ExcelJS never fetched."""
    bomb = workbook({**WORKBOOK_FRAME, "xl/worksheets/sheet1.xml": bytes(512 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))  # type: ignore[attr-defined]
    open_check(page, base_url)
    open_file(page, "suppliers.xlsx", bomb, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    message = refusal(page)
    assert message.startswith(
        "The workbook “suppliers.xlsx” unpacks to 512 MB; the page opens workbooks of at most 48 MB"
    )
    assert "Save the supplier sheet alone as CSV" in message
    assert not any("exceljs" in url for url in fetched)
    assert page.is_hidden("#check-results")  # type: ignore[attr-defined]
    still_usable(page, "zip bomb")


def lie_about_sizes(data: bytes) -> bytes:
    """The same zip with every entry's uncompressed size, local and central, said to be 1,000 bytes."""
    patched = bytearray(data)
    for signature, field in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = patched.find(signature)
        while at >= 0:
            patched[at + field : at + field + 4] = (1000).to_bytes(4, "little")
            at = patched.find(signature, at + 4)
    return bytes(patched)


def test_a_zip_bomb_whose_directory_lies_is_refused_without_being_unpacked_in_full(page: object, base_url: str) -> None:
    """Sizes said to be small: unpacking stops at the first byte past them, and ExcelJS is never fetched."""
    bomb = lie_about_sizes(workbook({**WORKBOOK_FRAME, "xl/worksheets/sheet1.xml": bytes(512 * 1024 * 1024)}))
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))  # type: ignore[attr-defined]
    open_check(page, base_url)
    open_file(page, "suppliers.xlsx", bomb, XLSX)
    message = refusal(page)
    assert message.startswith("The workbook “suppliers.xlsx” holds more than its table of contents says")
    assert not any("exceljs" in url for url in fetched)
    still_usable(page, "lying zip bomb")


@pytest.mark.parametrize(
    ("parts", "kind"),
    [
        ({"notes.txt": b"hello", "logo.png": b"\x89PNG"}, "a zip archive"),
        ({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}, "a Word document"),
    ],
)
def test_a_zip_that_is_not_a_workbook_is_named_as_such(
    page: object, base_url: str, parts: dict[str, bytes], kind: str
) -> None:
    open_check(page, base_url)
    open_file(page, "list.xlsx", workbook(parts), "application/zip")
    message = refusal(page)
    assert message == f"“list.xlsx” is {kind}, not an Excel workbook: open an .xlsx workbook, a CSV or a TSV file."
    assert "empty" not in message
    still_usable(page, kind)


def test_a_damaged_workbook_is_refused_in_plain_words(page: object, base_url: str) -> None:
    """A workbook whose parts are not what they say: the page's own sentence, no library's text."""
    open_check(page, base_url)
    broken = workbook({**WORKBOOK_FRAME, "xl/workbook.xml": b"<not xml"})
    open_file(page, "broken.xlsx", broken, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    message = refusal(page)
    assert message == (
        "“broken.xlsx” could not be read as an Excel workbook: it may be damaged, or protected with a password. "
        "Open it in Excel and save it again as .xlsx or CSV."
    )
    still_usable(page, "damaged workbook")


@pytest.mark.parametrize(
    ("label", "data", "expected"),
    [
        ("130,000 rows", '"Name\\n" + "Anchor Valid\\n".repeat(130000)', "This list has more than 5,000 rows"),
        ("20,000 columns", '"Name" + "\\tx".repeat(20000) + "\\nAnchor Valid\\n"', "Row 1 has more than 200"),
        ("a long cell", '"Name\\tNote\\nAnchor Valid\\t" + "y".repeat(200000) + "\\n"', "Row 2, column 2 holds more"),
        ("an open quote", '"Name\\n\\"Anchor Valid\\n" + "Beta\\n".repeat(4000)', "Row 2, column 1 holds more"),
        ("17 MB", '"Name\\n" + "Anchor Valid ".repeat(17 * 1024 * 1024 / 13)', "The file “list.csv” is 17 MB"),
        (
            "16 MB of short rows",
            '"Name\\tNote\\n" + "Anchor Valid\\tAnchor Valid\\n".repeat(16 * 1024 * 1024 / 26)',
            "more than 5,000 rows",
        ),
    ],
)
def test_a_list_past_a_limit_is_refused_with_a_message(
    page: object, base_url: str, label: str, data: str, expected: str
) -> None:
    """Rows, columns, a cell or the file past its limit: refused with the limit, no RangeError, no freeze."""
    open_check(page, base_url)
    open_file(page, "list.csv", data)
    assert expected in refusal(page)
    assert page.is_hidden("#check-results") and page.is_hidden("#check-mapping")  # type: ignore[attr-defined]
    still_usable(page, label)


def test_a_list_at_the_limits_is_read_and_checked(page: object, base_url: str) -> None:
    """5,000 rows of 200 columns, about 11 MB: read in slices that yield, then checked."""
    make = """["Name\\tCountry" + "\\tExtra".repeat(198)].concat(Array.from({length: 5000}, (_, i) =>
        (i % 2 ? "Anchor Valid\\tDE" : `Supplier ${i}\\t`) + "\\tfiller text".repeat(198))).join("\\n")"""
    open_check(page, base_url)
    open_file(page, "big.tsv", make, "text/tab-separated-values")
    assert page.evaluate("window.testFile.size") > 10 * 1024 * 1024  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]", timeout=300000)  # type: ignore[attr-defined]
    assert page.locator("#check-rows tr").count() == 5000  # type: ignore[attr-defined]
    assert "Opened “big.tsv”, read as UTF-8." in page.inner_text("#check-messages")  # type: ignore[attr-defined]
    assert "“big.tsv” is in use" in page.get_attribute("#check-paste", "placeholder")  # type: ignore[attr-defined]
    print(f"5,000 x 200 list: longest main-thread task {page.evaluate('window.longest'):.0f} ms")  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_note_on_how_a_file_was_read_stays_while_it_is_in_use(page: object, base_url: str) -> None:
    """Checking the same file again keeps "read as Windows-1252"; editing the box ends its use."""
    open_check(page, base_url)
    data = "Firmenname;Land\r\nMüller Präzisionsteile GmbH;AT\r\n".encode("cp1252")
    open_file(page, "lieferanten.csv", data)
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    note = "Opened “lieferanten.csv”, read as Windows-1252 (it is not UTF-8)."
    assert note in page.inner_text("#check-messages")  # type: ignore[attr-defined]
    for _ in range(2):
        page.click("#check-form button[type=submit]")  # type: ignore[attr-defined]
        page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
        assert note in page.inner_text("#check-messages")  # type: ignore[attr-defined]
    page.click("#check-mapping button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    assert note in page.inner_text("#check-messages")  # type: ignore[attr-defined]
    page.fill("#check-paste", "Name\nAnchor Valid")  # type: ignore[attr-defined]
    page.click("#check-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    assert "Windows-1252" not in page.inner_text("#check-messages")  # type: ignore[attr-defined]


def test_the_page_does_not_shift_while_it_loads(page: object, base_url: str) -> None:
    page.goto(base_url + "/check/")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-form[data-ready=true]")  # type: ignore[attr-defined]
    shift = layout_shift(page)
    assert shift < 0.01
    assert page.is_visible("#check-paste")  # type: ignore[attr-defined]


def test_without_javascript_the_form_is_not_shown(browser: object, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(base_url + "/check/")
    assert page.is_hidden("#check-form")
    assert "needs JavaScript" in page.inner_text("main")
    context.close()


def test_a_name_in_cherokee_is_found_under_its_exact_spelling(page: object, base_url: str) -> None:
    """On /check/ (a name match) and on /search/ (a result), as written in the record."""
    open_check(page, base_url)
    page.fill("#check-paste", f"Supplier\tCountry\n{CHEROKEE_NAME}\tUS")  # type: ignore[attr-defined]
    page.click("#check-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    row = page.locator("#check-rows tr").first  # type: ignore[attr-defined]
    assert row.get_attribute("data-outcome") == "name"
    assert CHEROKEE_NAME in row.inner_text()
    page.goto(base_url + "/search/")  # type: ignore[attr-defined]
    page.wait_for_selector("#search-form[data-ready=true]")  # type: ignore[attr-defined]
    page.fill("#search-q", CHEROKEE_NAME)  # type: ignore[attr-defined]
    result = page.locator("#search-results .search-result h3").first  # type: ignore[attr-defined]
    result.wait_for()
    assert result.inner_text() == CHEROKEE_NAME


WORKBOOKS_JS = """
import { createRequire } from "node:module";
const ExcelJS = createRequire(process.argv[3] + "/package.json")("exceljs");
async function write(name, rows) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Suppliers");
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(process.argv[2] + "/" + name);
}
const names = ["Name", "Country", ...Array.from({ length: 18 }, (_, i) => `Extra ${i}`)];
const filler = Array.from({ length: 18 }, (_, i) => `filler ${i}`);
await write("long.xlsx", [names, ...Array.from({ length: 5000 }, (_, i) => [i % 2 ? "Anchor Valid" : `Supplier ${i}`, i % 2 ? "DE" : "", ...filler])]);
await write("wide.xlsx", [["Name", ...Array.from({ length: 16383 }, (_, i) => `Column ${i}`)], ["Anchor Valid"]]);
await write("tall.xlsx", [["Name"], ...Array.from({ length: 130000 }, () => ["Anchor Valid"])]);
"""


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Workbooks written by ExcelJS under Node: 5,000 rows of 20 columns, 16,384 columns (Excel's most), 130,000 rows."""
    folder = tmp_path_factory.mktemp("workbooks")
    script = folder / "write.mjs"
    script.write_text(WORKBOOKS_JS, encoding="utf-8")
    subprocess.run(["node", str(script), str(folder), str(Path(__file__).resolve().parents[2])], check=True)
    return folder


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("wide.xlsx", "The sheet has more than 200 columns; the page reads at most 200."),
        ("tall.xlsx", "This list has more than 5,000 rows; the page checks at most 5,000 at a time."),
    ],
)
def test_a_workbook_past_a_limit_is_refused_off_the_page_thread(
    page: object, base_url: str, workbooks: Path, name: str, expected: str
) -> None:
    open_check(page, base_url)
    open_file(page, name, (workbooks / name).read_bytes(), XLSX)
    assert expected in refusal(page)
    still_usable(page, name)


def test_a_workbook_at_the_row_limit_is_read_and_checked(page: object, base_url: str, workbooks: Path) -> None:
    open_check(page, base_url)
    open_file(page, "long.xlsx", (workbooks / "long.xlsx").read_bytes(), XLSX)
    page.wait_for_selector("#check-results[data-ready=true]", timeout=300000)  # type: ignore[attr-defined]
    assert page.locator("#check-rows tr").count() == 5000  # type: ignore[attr-defined]
    assert "Opened the Excel workbook “long.xlsx”, sheet “Suppliers”." in page.inner_text("#check-messages")  # type: ignore[attr-defined]
    print(f"5,000-row workbook: longest main-thread task {page.evaluate('window.longest'):.0f} ms")  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]
