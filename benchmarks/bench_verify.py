"""Certificate-document check benchmark: a 1 MB two-page PDF to its verdict, and the page's first paint.

    .venv/bin/python benchmarks/bench_verify.py [--registry registry] [--runs 3]

1. builds the registry (the demo one by default) into benchmarks/out/verify-site with `certreg build`'s
   staging function, and serves it on 127.0.0.1;
2. prints, in the same Chromium, a two-page PDF of about 1 MB: page 1 a certificate of the registry's
   first organization (its number, name, standard, scope, dates and a QR code of its permalink, drawn
   by segno), page 2 an annex whose photo is incompressible noise (made in the page, as PNG);
3. opens the document check page in a fresh context ("cold": pdf.js, its worker and jsQR downloaded
   too) and again in the same context ("warm"), and reports the time from opening the file to the
   verdict (the page's own `certreg:verified` event; the budget is 3 s);
4. reports the bytes of the page's first paint (every response until the network is idle, gzipped as a
   server would send it) against the baseline of the list check page's first paint in the same run,
   and the bytes loaded only when a file is opened.

Results are printed and written to benchmarks/out/bench-verify.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "plugins"))

from benchmarks.bench_search import OUT, TODAY, served_browser, wire_size  # noqa: E402

BUDGET_S = 3.0
TARGET_BYTES = 1_000_000
PDF_CODE = ("pdf.min", "pdf.worker", "jsqr", "verify-read", "verify-qr-worker")
WAIT_JS = """
() => { const results = document.getElementById("verify-results");
window.certregVerified = new Promise((resolve) => {
  results.addEventListener("certreg:verified", (event) => resolve(event.detail), { once: true });
});
window.certregRead = new Promise((resolve) => {
  results.addEventListener("certreg:read", (event) => resolve(event.detail), { once: true });
}); }
"""
NOISE_JS = """
(side) => { const canvas = document.createElement("canvas"); canvas.width = canvas.height = side;
  const context = canvas.getContext("2d"); const image = context.createImageData(side, side);
  let seed = 12345; for (let i = 0; i < image.data.length; i++) { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    image.data[i] = i % 4 === 3 ? 255 : (seed >>> 16) & 255; }
  context.putImageData(image, 0, 0); return canvas.toDataURL("image/png"); }
"""


def build(registry: Path, site_dir: Path) -> None:
    """Build the registry's site at the benchmark's date."""
    from certreg.build.staging import build_site

    build_site(registry, site_dir, TODAY)


def first_certificate(site_dir: Path) -> dict[str, Any]:
    """The first active certificate of the first block expiring after the build date, with its details."""
    organizations = json.loads((site_dir / "check" / "o" / "0.json").read_text(encoding="utf-8"))
    details = json.loads((site_dir / "check" / "d" / "0.json").read_text(encoding="utf-8"))
    org_index, cert_index = next(
        (i, j)
        for i, organization in enumerate(organizations)
        for j, cert in enumerate(organization[4])
        if cert[3] == "active" and cert[5] > TODAY.isoformat() and not cert[6]
    )
    organization, details = organizations[org_index], details[org_index][cert_index]
    number, url, _standards, _status, issued, expires, _ends, body = organization[4][cert_index]
    return {
        "org": organization[0],
        "number": number,
        "url": url,
        "issued": issued,
        "expires": expires,
        "body": body,
        "refs": details[0],
        "scope": details[1],
    }


def document_html(cert: dict[str, Any], qr_svg: str, photo: str) -> str:
    """Two pages: the certificate with its QR code, then an annex with a photo."""
    import html

    e = {key: html.escape(value) if isinstance(value, str) else value for key, value in cert.items()}
    return f"""<html><body style="font-family: sans-serif; margin: 40px">
<section style="break-after: page"><h1>CERTIFICATE</h1><p>This is to certify that</p><p>{e["org"]}</p>
<p>fulfils the requirements of {html.escape(", ".join(cert["refs"]))}</p><p>Scope: {e["scope"]}</p>
<p>Certificate No.: {e["number"]}</p><p>Issue date: {e["issued"]}</p><p>Expiry date: {e["expires"]}</p>
<p>{e["body"]}</p>{qr_svg}</section>
<section><h2>Annex: site photograph</h2><img alt="" src="{photo}" style="width: 15cm"></section></body></html>"""


def make_pdf(browser: Any, cert: dict[str, Any], base_url: str) -> bytes:
    """A two-page certificate PDF of about TARGET_BYTES, printed by Chromium."""
    import segno

    context = browser.new_context()
    page = context.new_page()
    qr = segno.make(f"{base_url}/{cert['url']}", error="m").svg_inline(scale=4, border=4)
    side = 560  # noise: about 3 bytes a pixel, whatever the encoder
    pdf = b""
    for _ in range(4):  # a few tries to land near the target size
        photo = page.evaluate(NOISE_JS, side)
        page.set_content(document_html(cert, qr, photo), wait_until="domcontentloaded")
        page.evaluate("document.images[0].decode()")
        pdf = page.pdf(format="A4")
        if abs(len(pdf) - TARGET_BYTES) < TARGET_BYTES * 0.05:
            break
        side = int(side * (TARGET_BYTES / len(pdf)) ** 0.5)
    context.close()
    return pdf


def served_size(site_dir: Path, url: str) -> int:
    """Gzipped bytes of the file a URL of the site names (a worker's response body is not readable)."""
    from urllib.parse import urlsplit

    path = site_dir / urlsplit(url).path.lstrip("/")
    return wire_size((path / "index.html" if path.is_dir() else path).read_bytes())


def first_paint(browser: Any, url: str, ready: str, site_dir: Path) -> dict[str, Any]:
    """Every response of a fresh context until the network is idle: count and gzipped bytes."""
    context = browser.new_context()
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_selector(ready, state="attached")
    page.wait_for_load_state("networkidle")
    sizes = {response.url: served_size(site_dir, response.url) for response in responses if response.ok}
    context.close()
    return {"requests": len(sizes), "bytes": sum(sizes.values()), "urls": sorted(sizes)}


def verdict_times(browser: Any, url: str, pdf: Path, runs: int, site_dir: Path) -> dict[str, Any]:
    """Seconds from opening the PDF to the verdict, cold then warm, `runs` times each."""
    cold, warm, qr_cold, qr_warm, opened_bytes, verdicts = [], [], [], [], [], []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        for times in (cold, warm):
            page.goto(url)
            page.wait_for_selector("#verify-form[data-ready='true']", state="attached")
            page.wait_for_load_state("networkidle")
            responses: list[Any] = []

            def keep(response: Any, responses: list[Any] = responses) -> None:
                responses.append(response)

            page.on("response", keep)
            page.evaluate(WAIT_JS)
            page.set_input_files("#verify-file", str(pdf))
            detail = page.evaluate("window.certregVerified")
            read = page.evaluate("window.certregRead")
            page.remove_listener("response", keep)
            times.append(detail["ms"] / 1000)
            (qr_cold if times is cold else qr_warm).append(read["ms"] / 1000)
            verdicts.append(page.inner_text("#verify-announce"))
            if times is cold:
                opened = {response.url for response in responses if response.ok}
                opened_bytes.append(sum(served_size(site_dir, url) for url in opened))
        context.close()
    return {
        "cold_s": cold,
        "warm_s": warm,
        "qr_cold_s": qr_cold,
        "qr_warm_s": qr_warm,
        "opened_bytes": opened_bytes[0],
        "verdicts": sorted(set(verdicts)),
    }


def main(argv: list[str] | None = None) -> int:
    """Build, print the PDF, measure; print the figures against the baselines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", type=Path, default=REPO / "registry")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    site_dir = OUT / "verify-site"
    build(args.registry, site_dir)
    cert = first_certificate(site_dir)
    with served_browser(site_dir) as (browser, base_url):
        pdf_path = OUT / "bench-verify.pdf"
        pdf_path.write_bytes(make_pdf(browser, cert, base_url))
        check = first_paint(browser, f"{base_url}/check/", "#check-form[data-ready='true']", site_dir)
        document = first_paint(browser, f"{base_url}/check/document/", "#verify-form[data-ready='true']", site_dir)
        times = verdict_times(browser, f"{base_url}/check/document/", pdf_path, args.runs, site_dir)
    result = {
        "pdf_bytes": pdf_path.stat().st_size,
        "first_paint": document,
        "baseline_check_first_paint": check,
        **times,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench-verify.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(report(result))
    return 0


def report(result: dict[str, Any]) -> str:
    """The figures as lines of text."""
    paint, check = result["first_paint"], result["baseline_check_first_paint"]
    pdf_code = [url for url in paint["urls"] if any(name in url for name in PDF_CODE)]
    cold, warm = statistics.median(result["cold_s"]), statistics.median(result["warm_s"])
    return "\n".join(
        [
            f"PDF: {result['pdf_bytes']:,} bytes, 2 pages",
            f"first paint, document check: {paint['requests']} requests, {paint['bytes']:,} bytes gzipped"
            f" (PDF code: {len(pdf_code)} files)",
            f"first paint, list check (baseline): {check['requests']} requests, {check['bytes']:,} bytes gzipped",
            f"loaded when the file is opened: {result['opened_bytes']:,} bytes gzipped"
            " (pdf.js, its worker, jsQR, lookups)",
            f"PDF to verdict, cold: median {cold:.2f} s of {', '.join(f'{s:.2f}' for s in result['cold_s'])}",
            f"PDF to verdict, warm: median {warm:.2f} s of {', '.join(f'{s:.2f}' for s in result['warm_s'])}",
            f"with the QR codes read, cold: median {statistics.median(result['qr_cold_s']):.2f} s,"
            f" warm: median {statistics.median(result['qr_warm_s']):.2f} s",
            f"budget {BUDGET_S:.0f} s to the verdict: {'met' if max(cold, warm) <= BUDGET_S else 'NOT met'}",
            f"verdicts: {' | '.join(result['verdicts'])}",
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
