"""The printed certificate page: Chromium's print to PDF, rasterized, decodes to the permalink.

Printed at A4 and US Letter by headless Chromium (`page.pdf`), each page rasterized at 300 dpi by
`pdftoppm` (poppler-utils, installed by scripts/ensure-test-tools like Chromium) and read by
zxing-cpp: the QR code must be whole, with its quiet zone clear of its caption.
"""

from __future__ import annotations

import mimetypes
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import zxingcpp

from certreg.build.staging import build_site

CHECK_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "check"
SITEURL = "https://certreg.example"
PERMALINK = f"{SITEURL}/certificates/alpha-cert/ac-1001/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The check fixture registry built with a SITEURL, so its certificate pages print a QR code."""
    output = tmp_path_factory.mktemp("print-site") / "output"
    build_site(CHECK_FIXTURE, output, date(2026, 11, 26), {"SITEURL": SITEURL, "QR_CACHE": None})
    return output


def serve_as_siteurl(page: object, site: Path) -> None:
    """Answer every request to SITEURL from the built folder (the pages link their CSS absolutely)."""

    def handle(route: object) -> None:
        path = route.request.url.removeprefix(SITEURL).split("?")[0]  # type: ignore[attr-defined]
        target = site / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            route.fulfill(status=404, body="")  # type: ignore[attr-defined]
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=target.read_bytes(), content_type=kind)  # type: ignore[attr-defined]

    page.route(f"{SITEURL}/**", handle)  # type: ignore[attr-defined]


def read_pgm(path: Path) -> memoryview:
    """A binary greyscale PGM (P5, 8 bits) as a (height, width) buffer zxing-cpp reads."""
    data = path.read_bytes()
    magic, width, height, depth = data.split(maxsplit=4)[:4]
    assert magic == b"P5" and depth == b"255"
    pixels = data[len(data) - int(width) * int(height) :]
    return memoryview(pixels).cast("B", (int(height), int(width)))


def decoded_pages(pdf: Path) -> list[list[str]]:
    """Every page of a PDF rasterized at 300 dpi, and the QR codes zxing-cpp reads on each."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is required: apt-get install poppler-utils (scripts/ensure-test-tools)"
    subprocess.run([pdftoppm, "-r", "300", "-gray", str(pdf), str(pdf.with_suffix(""))], check=True)
    pages = sorted(pdf.parent.glob(pdf.stem + "-*.pgm"))
    assert pages
    return [[code.text for code in zxingcpp.read_barcodes(read_pgm(page))] for page in pages]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_printed_certificate_page_scans_to_its_permalink(
    page: object, site: Path, tmp_path: Path, paper: str
) -> None:
    serve_as_siteurl(page, site)
    page.goto(PERMALINK)  # type: ignore[attr-defined]
    pdf = tmp_path / f"certificate-{paper}.pdf"
    page.pdf(path=str(pdf), format=paper)  # type: ignore[attr-defined]
    found = decoded_pages(pdf)
    assert [PERMALINK] in found, found
    assert sum(len(codes) for codes in found) == 1


def test_in_print_the_code_is_drawn_whole_with_its_caption_below(page: object, site: Path) -> None:
    """The box the code is laid out in holds its whole drawing (no viewBox: a smaller box clips it)."""
    serve_as_siteurl(page, site)
    page.goto(PERMALINK)  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    box = page.evaluate(  # type: ignore[attr-defined]
        """() => {
            const svg = document.querySelector('.print-qr svg');
            const drawn = svg.getBoundingClientRect();
            const caption = document.querySelector('.print-qr figcaption').getBoundingClientRect();
            return {width: drawn.width, height: drawn.height, bottom: drawn.bottom, captionTop: caption.top,
                    drawing: svg.width.baseVal.value};
        }"""
    )
    assert box["width"] >= box["drawing"] and box["height"] >= box["drawing"]
    assert box["captionTop"] >= box["bottom"]
