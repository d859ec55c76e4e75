"""The certificate-document check (/check/document/) in headless Chromium, with PDFs the tests print.

Every document is HTML printed to PDF by the same Chromium (`page.pdf()`); QR codes are drawn by segno;
the image-only PDF is a screenshot embedded as the only content. The registry is tests/fixtures/verify.
"""

from __future__ import annotations

import base64
import html
from datetime import date
from pathlib import Path

import pytest
import segno

from certreg.build.staging import build_site
from tests.browser.conftest import serious_axe_violations, with_csp

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "verify"
BUILD_DATE = date(2026, 11, 26)
VISITOR_CLOCK = "2026-11-27T09:00:00Z"
MATCHES = "Matches the registry"
DIFFERS = "Differs from the registry: ask the certification body"
NOT_LISTED = "Not in this registry (which does not mean it is false)"
LISTED = "In this registry, and current: compare the document with it"
APOSTROPHE = "\u2019"  # the typographic apostrophe the page writes, as the rest of the site does
PDF_CODE = ("pdf.min.js", "pdf.worker.min.js", "jsqr.min.js", "/verify-read.", "verify-qr-worker")

ANCHOR = {
    "org": "Anchor Valid GmbH",
    "standard": "DIN EN ISO 9001:2015",
    "scope": "Design and manufacture of precision turned parts",
    "number": "AC-1001",
    "issued": "1 March 2025",
    "expires": "28 February 2028",
    "body": "Alpha Cert GmbH",
}


def certificate_html(fields: dict[str, str], qr: str = "", break_after: bool = False) -> str:
    """One certificate as a printed page, every value escaped."""
    e = {key: html.escape(value) for key, value in fields.items()}
    style = ' style="break-after: page"' if break_after else ""
    return f"""<section{style}><h1>CERTIFICATE</h1>
<p>This is to certify that</p><p style="font-size: 20px">{e["org"]}</p>
<p>Musterstraße 1, 70173 Stuttgart</p>
<p>has implemented and maintains a management system which fulfils the requirements of</p><p>{e["standard"]}</p>
<p>Scope: {e["scope"]}</p>
<p>Certificate No.: {e["number"]}</p><p>Issue date: {e["issued"]}</p><p>Expiry date: {e["expires"]}</p>
<p>{e["body"]}</p>{qr}</section>"""


def qr_svg(text: str) -> str:
    """A QR code of `text` as inline SVG, drawn by segno."""
    return segno.make(text, error="m").svg_inline(scale=4, border=4)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, serve: object) -> str:
    """Build the verify fixture registry at BUILD_DATE and serve it over HTTP."""
    output = tmp_path_factory.mktemp("verify-site") / "output"
    build_site(FIXTURE, output, BUILD_DATE)
    return serve(output)  # type: ignore[operator]


@pytest.fixture(scope="module")
def printer(browser: object) -> object:
    """`printer(html)` → the bytes of that HTML printed to PDF by Chromium."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()

    def print_pdf(body: str) -> bytes:
        page.set_content(f'<html><body style="font-family: sans-serif; margin: 40px">{body}</body></html>')
        return page.pdf(format="A4")

    yield print_pdf
    context.close()


def open_page(page: object, base_url: str, clock: str = VISITOR_CLOCK) -> None:
    """Open the page at the visitor's clock and wait for its script."""
    page.clock.set_fixed_time(clock)  # type: ignore[attr-defined]
    page.goto(base_url + "/check/document/")  # type: ignore[attr-defined]
    page.wait_for_selector("#verify-form[data-ready=true]")  # type: ignore[attr-defined]


def open_files(page: object, files: list[tuple[str, bytes]], mime: str = "application/pdf") -> None:
    """Open files in the file box and wait for every verdict."""
    page.set_input_files(  # type: ignore[attr-defined]
        "#verify-file", files=[{"name": name, "mimeType": mime, "buffer": data} for name, data in files]
    )
    page.wait_for_selector("#verify-results[data-ready=true]", timeout=60000)  # type: ignore[attr-defined]


def cards(page: object) -> list[object]:
    """Each certificate's result."""
    return page.locator("#verify-results .verify-result").all()  # type: ignore[attr-defined]


def states(card: object) -> dict[str, str]:
    """Field id → comparison state in one result."""
    rows = card.locator("tr[data-field]").all()  # type: ignore[attr-defined]
    return {row.get_attribute("data-field"): row.get_attribute("data-state") for row in rows}


def test_first_paint_loads_no_pdf_code(page: object, base_url: str) -> None:
    """Opening the page fetches neither pdf.js, its worker, jsQR nor the reading module."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))  # type: ignore[attr-defined]
    open_page(page, base_url)
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert any("/verify." in url for url in fetched)
    assert [url for url in fetched if any(code in url for code in PDF_CODE)] == []


@pytest.mark.parametrize(
    ("issued", "expires"),
    [
        ("1 March 2025", "28 February 2028"),
        ("01.03.2025", "28.02.2028"),
        ("2025-03-01", "2028-02-28"),
        ("March 1, 2025", "February 28, 2028"),
        ("01/03/2025", "28/02/2028"),  # a body in Germany: day first
    ],
)
def test_dates_in_each_shape_match(page: object, base_url: str, printer: object, issued: str, expires: str) -> None:
    """Each date shape is read; a faithful copy matches the registry field by field."""
    pdf = printer(certificate_html({**ANCHOR, "issued": issued, "expires": expires}))  # type: ignore[operator]
    open_page(page, base_url)
    open_files(page, [("anchor.pdf", pdf)])
    (card,) = cards(page)
    assert card.locator(".verify-verdict").inner_text() == MATCHES
    assert states(card) == {
        "number": "same",
        "organization": "same",
        "standards": "same",
        "scope": "same",
        "body": "same",
        "issued": "same",
        "expires": "same",
        "status": "same",
    }
    assert page.locator("#verify-results a", has_text="This certificate in the registry").get_attribute("href") == (  # type: ignore[attr-defined]
        "/certificates/alpha-cert/ac-1001/"
    )
    directory = page.locator("#verify-results a", has_text="its own record of this certificate")  # type: ignore[attr-defined]
    assert directory.get_attribute("href") == "https://alpha-cert.example/directory/AC-1001"
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_slash_dates_follow_the_certification_bodys_country(page: object, base_url: str, printer: object) -> None:
    """`09/05/2025` from a body in the United States is 5 September 2025; the expiry there is month first too."""
    liberty = {
        **ANCHOR,
        "org": "Liberty Fasteners Inc.",
        "standard": "ISO 9001:2015",
        "scope": "Manufacture of steel fasteners",
        "number": "GR-0905",
        "issued": "09/05/2025",
        "expires": "09/04/2028",
        "body": "Gamma Registrar Inc.",
    }
    open_page(page, base_url)
    open_files(page, [("liberty.pdf", printer(certificate_html(liberty)))])  # type: ignore[operator]
    (card,) = cards(page)
    assert states(card)["issued"] == "same" and states(card)["expires"] == "same"
    assert "09/05/2025 (5 September 2025)" in card.inner_text()
    assert card.locator(".verify-verdict").inner_text() == MATCHES


def test_an_altered_expiry_differs(page: object, base_url: str, printer: object) -> None:
    """A copy whose expiry was changed: that field differs, and the verdict says to ask the body."""
    open_page(page, base_url)
    open_files(page, [("altered.pdf", printer(certificate_html({**ANCHOR, "expires": "28 February 2030"})))])  # type: ignore[operator]
    (card,) = cards(page)
    assert card.locator(".verify-verdict").inner_text() == DIFFERS
    assert [field for field, state in states(card).items() if state == "differs"] == ["expires"]
    row = card.locator("tr[data-field=expires]")
    assert "28 February 2030" in row.inner_text() and "28 February 2028" in row.inner_text()
    assert "A difference does not prove a forgery" in card.inner_text()


def test_another_organization_edition_and_body_differ(page: object, base_url: str, printer: object) -> None:
    """A real number on someone else's certificate, to another edition, from another body."""
    fields = {**ANCHOR, "org": "Impostor Trading Ltd", "standard": "ISO 9001:2008", "body": "Beta Certification Ltd"}
    open_page(page, base_url)
    open_files(page, [("impostor.pdf", printer(certificate_html(fields)))])  # type: ignore[operator]
    (card,) = cards(page)
    found = states(card)
    assert found["organization"] == found["standards"] == found["body"] == "differs"
    assert found["expires"] == "same"
    assert "Impostor Trading Ltd" in card.locator("tr[data-field=organization]").inner_text()


def test_a_suspended_certificate_differs(page: object, base_url: str, printer: object) -> None:
    """The document looks valid, the registry says suspended: the status row differs."""
    suspended = {
        **ANCHOR,
        "org": "Cedar Suspended SARL",
        "standard": "ISO 9001:2015",
        "scope": "Industrial cleaning services",
        "number": "AC-2001",
        "issued": "2025-05-01",
        "expires": "2028-04-30",
    }
    open_page(page, base_url)
    open_files(page, [("suspended.pdf", printer(certificate_html(suspended)))])  # type: ignore[operator]
    (card,) = cards(page)
    assert card.locator(".verify-verdict").inner_text() == DIFFERS
    assert [field for field, state in states(card).items() if state == "differs"] == ["status"]
    assert "Suspended since 15 October 2026" in card.locator("tr[data-field=status]").inner_text()


def test_statuses_are_rechecked_against_the_visitors_clock(page: object, base_url: str, printer: object) -> None:
    """Valid at the build, expired on the visitor's date; and an edition whose transition has ended."""
    brook = {
        **ANCHOR,
        "org": "Brook Expiring Ltd",
        "standard": "ISO 9001:2015",
        "scope": "Warehousing and distribution of office supplies",
        "number": "BC/2024/7",
        "issued": "7 January 2024",
        "expires": "6 January 2027",
        "body": "Beta Certification Ltd",
    }
    old = {**brook, "org": "Old Edition Security Ltd", "standard": "ISO/IEC 27001:2013", "number": "ISMS-2013-77"}
    old.update(scope="Hosting of payroll software", issued="1 June 2024", expires="31 May 2027")
    pdf = printer(certificate_html(brook, break_after=True) + certificate_html(old))  # type: ignore[operator]
    open_page(page, base_url, clock="2027-02-01T09:00:00Z")
    open_files(page, [("two.pdf", pdf)])
    first, second = cards(page)
    assert "Expired on 6 January 2027" in first.locator("tr[data-field=status]").inner_text()
    assert "Not valid: edition withdrawn" in second.locator("tr[data-field=status]").inner_text()
    assert [field for field, state in states(second).items() if state == "differs"] == ["status"]
    assert first.locator(".verify-verdict").inner_text() == second.locator(".verify-verdict").inner_text() == DIFFERS


def test_two_certificates_in_one_document_are_listed_each(page: object, base_url: str, printer: object) -> None:
    """Two pages, two certificates (one to a number sharing a long prefix): each has its own verdict."""
    nord = {
        **ANCHOR,
        "org": "Cedar Systems Nord GmbH",
        "standard": "ISO 9001:2015",
        "scope": "Design, development and manufacture of precision components for hydraulic, pneumatic and vacuum "
        "systems; calibration services. Includes the assembly of control cabinets at the second site.",
        "number": "QMS-DE-000124-2025",
        "issued": "10 January 2025",
        "expires": "9 January 2029",
    }
    pdf = printer(certificate_html(ANCHOR, break_after=True) + certificate_html(nord))  # type: ignore[operator]
    open_page(page, base_url)
    open_files(page, [("both.pdf", pdf)])
    first, second = cards(page)
    assert "AC-1001" in first.locator("h3").inner_text() and first.locator(".verify-verdict").inner_text() == MATCHES
    assert "Cedar Systems Nord GmbH" in second.locator("h3").inner_text()
    assert [field for field, state in states(second).items() if state == "differs"] == ["expires"]
    assert states(second)["scope"] == "same"
    assert "2 certificates of this registry found" in page.inner_text("#verify-results")  # type: ignore[attr-defined]


def test_a_certificate_not_in_the_registry(page: object, base_url: str, printer: object) -> None:
    """An unknown number: not in this registry, never called false, with the named body's directory."""
    unknown = {**ANCHOR, "org": "Nowhere Widgets Ltd", "number": "ZZ-99999"}
    open_page(page, base_url)
    open_files(page, [("unknown.pdf", printer(certificate_html(unknown)))])  # type: ignore[operator]
    (card,) = cards(page)
    assert card.locator(".verify-verdict").inner_text() == NOT_LISTED
    assert "ZZ-99999" in card.inner_text()
    link = card.get_by_role("link", name="Alpha Cert GmbH: its directory of certificates")
    assert link.get_attribute("href") == "https://alpha-cert.example/directory"
    assert card.get_by_role("link", name="What this means").get_attribute("href") == "/check/document/#not-listed"


def test_qr_codes_are_named_by_where_they_point(page: object, base_url: str, printer: object) -> None:
    """This registry's permalink, a listed body's directory, and a link the registry cannot vouch for."""
    pages = [
        certificate_html(ANCHOR, qr_svg(base_url + "/certificates/alpha-cert/ac-1001/"), break_after=True),
        f'<section style="break-after: page">{qr_svg("https://alpha-cert.example/directory/AC-1001")}</section>',
        f"<section>{qr_svg('https://verify-certs.example/c?id=AC-1001')}</section>",
    ]
    open_page(page, base_url)
    open_files(page, [("qr.pdf", printer("".join(pages)))])  # type: ignore[operator]
    (card,) = cards(page)
    text = card.locator(".verify-qr").inner_text()
    assert f"Page 1: points to this registry{APOSTROPHE}s page of certificate AC-1001" in text
    assert "Page 2: points to the directory of Alpha Cert GmbH, a certification body in this registry" in text
    assert (
        "Page 3: a link the registry cannot vouch for" in text and "https://verify-certs.example/c?id=AC-1001" in text
    )
    assert card.locator(".verify-qr a[href*='verify-certs']").count() == 0  # named, not linked


def test_an_image_only_pdf_says_so_and_offers_the_number_box(
    page: object, base_url: str, printer: object, browser: object
) -> None:
    """A scan (a screenshot as the only content): no text, the number box, and its QR code still read."""
    context = browser.new_context(viewport={"width": 800, "height": 1000})  # type: ignore[attr-defined]
    shot = context.new_page()
    qr = qr_svg(base_url + "/certificates/alpha-cert/ac-1001/")
    shot.set_content(f'<body style="font-family: sans-serif">{certificate_html(ANCHOR, qr)}</body>')
    png = shot.screenshot(full_page=True)
    context.close()
    encoded = base64.b64encode(png).decode("ascii")
    pdf = printer(f'<img alt="" src="data:image/png;base64,{encoded}" style="width: 100%">')  # type: ignore[operator]
    open_page(page, base_url)
    open_files(page, [("scan.pdf", pdf)])
    results = page.inner_text("#verify-results")  # type: ignore[attr-defined]
    assert "This PDF has no text: it is probably a scan." in results
    (card,) = cards(page)
    assert f"Found through the document{APOSTROPHE}s QR code" in card.inner_text() and "AC-1001" in card.inner_text()
    assert card.locator(".verify-verdict").inner_text() == LISTED  # nothing of the scan was compared
    page.fill("#verify-number", "ac 1001")  # type: ignore[attr-defined]
    page.press("#verify-number", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#verify-results[data-ready=true]")  # type: ignore[attr-defined]
    assert "Registry status today: Valid" in page.inner_text("#verify-results")  # type: ignore[attr-defined]
    assert [card.locator(".verify-verdict").inner_text() for card in cards(page)] == [LISTED]


def test_an_image_file_is_read_for_qr_codes(page: object, base_url: str, browser: object) -> None:
    """A PNG photo of a certificate: no text to read, its QR code named."""
    context = browser.new_context(viewport={"width": 500, "height": 500})  # type: ignore[attr-defined]
    shot = context.new_page()
    shot.set_content(f"<body>{qr_svg('https://alpha-cert.example/directory/AC-1001')}</body>")
    png = shot.screenshot()
    context.close()
    open_page(page, base_url)
    open_files(page, [("photo.png", png)], mime="image/png")
    text = page.inner_text("#verify-results")  # type: ignore[attr-defined]
    assert "An image has no text this page can read" in text
    assert "points to the directory of Alpha Cert GmbH" in text


def test_a_damaged_file_and_a_stranger_are_refused_by_name(page: object, base_url: str, printer: object) -> None:
    """A cut-off PDF and a text file: each named, with what went wrong; the other files are still read."""
    pdf = printer(certificate_html(ANCHOR))  # type: ignore[operator]
    damaged = pdf[:200] + bytes(range(256)) * 8
    open_page(page, base_url)
    open_files(page, [("damaged.pdf", damaged), ("notes.txt", b"hello"), ("good.pdf", pdf)])
    text = page.inner_text("#verify-results")  # type: ignore[attr-defined]
    assert "“damaged.pdf” could not be read: it is not a PDF this page can read, or it is damaged." in text
    assert "“notes.txt” is neither a PDF nor an image" in text
    assert [card.locator(".verify-verdict").inner_text() for card in cards(page)] == [MATCHES]


def test_files_dropped_on_the_drop_area_are_read_like_chosen_ones(page: object, base_url: str, printer: object) -> None:
    """Dragging files over the area marks it; dropping them unmarks it and gives each file its result."""
    pdf = printer(certificate_html(ANCHOR))  # type: ignore[operator]
    open_page(page, base_url)
    transfer = page.evaluate_handle(  # type: ignore[attr-defined]
        """([pdf]) => {
            const t = new DataTransfer();
            t.items.add(new File([Uint8Array.from(atob(pdf), (c) => c.charCodeAt(0))], "good.pdf", {type: "application/pdf"}));
            t.items.add(new File(["hello"], "notes.txt", {type: "text/plain"}));
            return t;
        }""",
        [base64.b64encode(pdf).decode()],
    )
    page.dispatch_event("#verify-drop", "dragenter", {"dataTransfer": transfer})  # type: ignore[attr-defined]
    assert "verify-drop--over" in page.get_attribute("#verify-drop", "class")  # type: ignore[attr-defined]
    page.dispatch_event("#verify-drop", "drop", {"dataTransfer": transfer})  # type: ignore[attr-defined]
    page.wait_for_selector("#verify-results[data-ready=true]", timeout=60000)  # type: ignore[attr-defined]
    assert "verify-drop--over" not in page.get_attribute("#verify-drop", "class")  # type: ignore[attr-defined]
    assert "“notes.txt” is neither a PDF nor an image" in page.inner_text("#verify-results")  # type: ignore[attr-defined]
    assert [card.locator(".verify-verdict").inner_text() for card in cards(page)] == [MATCHES]


def test_markup_in_a_document_is_shown_as_text(page: object, base_url: str, printer: object) -> None:
    """Text from the document is never markup on the page."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    open_page(page, base_url)
    nasty = {**ANCHOR, "org": "<img src=x onerror=alert(1)> Anchor", "scope": "<script>alert(2)</script>"}
    open_files(page, [("nasty.pdf", printer(certificate_html(nasty)))])  # type: ignore[operator]
    assert "<img src=x onerror=alert(1)> Anchor" in page.inner_text("#verify-results")  # type: ignore[attr-defined]
    assert page.locator("#verify-results img, #verify-results script").count() == 0  # type: ignore[attr-defined]
    assert dialogs == []


def test_no_request_carries_document_text(page: object, base_url: str, printer: object) -> None:
    """Neither a URL nor a body of any request holds a value of the documents or the number typed."""
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url + "\n" + (request.post_data or "")))  # type: ignore[attr-defined]
    unknown = {**ANCHOR, "org": "Nowhere Widgets Ltd", "number": "ZZ-99999"}
    pdf = printer(certificate_html(ANCHOR, break_after=True) + certificate_html(unknown))  # type: ignore[operator]
    open_page(page, base_url)
    open_files(page, [("mine.pdf", pdf)])
    page.fill("#verify-number", "QMS-DE-000124-2025")  # type: ignore[attr-defined]
    page.press("#verify-number", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#verify-results[data-ready=true]")  # type: ignore[attr-defined]
    values = [
        *ANCHOR.values(),
        "AC1001",
        "ac-1001",
        "Nowhere",
        "ZZ-99999",
        "ZZ99999",
        "zz99999",
        "QMS-DE",
        "qmsde",
        "mine.pdf",
    ]
    assert any("/check/c/" in request for request in sent) and any("/check/d/" in request for request in sent)
    leaked = [(value, request) for request in sent for value in values if value.lower() in request.lower()]
    assert leaked == []
    assert all(request.startswith(base_url) for request in sent)


def test_verdicts_are_announced_and_the_keyboard_reaches_everything(page: object, base_url: str) -> None:
    """Tab reaches the file box and the number box; Enter looks a number up; the verdict is announced."""
    open_page(page, base_url)
    page.focus("#site-search-q")  # type: ignore[attr-defined]
    visited = []
    while page.evaluate("document.activeElement.id") != "verify-number" and len(visited) < 20:  # type: ignore[attr-defined]
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        visited.append(page.evaluate("document.activeElement.id"))  # type: ignore[attr-defined]
    assert "verify-file" in visited and visited[-1] == "verify-number"
    page.keyboard.type("AC-2001")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#verify-results[data-ready=true]")  # type: ignore[attr-defined]
    region = page.locator("#verify-announce")  # type: ignore[attr-defined]
    assert region.get_attribute("aria-live") == "polite" and region.get_attribute("role") == "status"
    assert "AC-2001: Suspended." in region.inner_text()
    assert cards(page)[0].locator(".verify-verdict").inner_text() == DIFFERS


def test_no_console_errors_under_a_strict_csp(page: object, base_url: str, printer: object) -> None:
    """pdf.js, its worker and jsQR run under script-src 'self' with no other source allowed."""
    pdf = printer(certificate_html(ANCHOR, qr_svg(base_url + "/certificates/alpha-cert/ac-1001/")))  # type: ignore[operator]
    with_csp(page)
    open_page(page, base_url)
    open_files(page, [("anchor.pdf", pdf)])
    assert cards(page)[0].locator(".verify-verdict").inner_text() == MATCHES
    assert f"points to this registry{APOSTROPHE}s page of certificate AC-1001" in page.inner_text("#verify-results")  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]
    page.unroute_all(behavior="ignoreErrors")  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violations(page: object, base_url: str, printer: object, scheme: str) -> None:
    """With a match, a difference and a not-listed verdict shown, axe finds nothing serious."""
    unknown = {**ANCHOR, "org": "Nowhere Widgets Ltd", "number": "ZZ-99999"}
    page.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
    open_page(page, base_url)
    files = [
        ("a.pdf", printer(certificate_html(ANCHOR))),  # type: ignore[operator]
        ("b.pdf", printer(certificate_html({**ANCHOR, "expires": "1 March 2031"}))),  # type: ignore[operator]
        ("c.pdf", printer(certificate_html(unknown))),  # type: ignore[operator]
    ]
    open_files(page, files)
    assert len(cards(page)) == 3
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("path", ["/", "/search/", "/certificates/alpha-cert/ac-1001/"])
def test_home_search_and_certificate_pages_link_the_check(page: object, base_url: str, path: str) -> None:
    """Each of them has a "Check a certificate document" link to the page."""
    page.goto(base_url + path)  # type: ignore[attr-defined]
    link = page.get_by_role("link", name="Check a certificate document")  # type: ignore[attr-defined]
    assert link.get_attribute("href") == "/check/document/"
