"""The files the certificate-document check (`/check/document/`) reads beside the list check's index.

The page (`theme/static/js/verify*.js`, docs/verify.md) reads a PDF or an image in the browser, finds
certificate numbers in it and looks them up in the list check's files (`check/c/`, `check/o/`,
certreg.render.list_check). To compare the document field by field it also needs what those files
leave out; this module writes it, in the same blocks, so nothing in a URL comes from the document:

- `check/d/bodies.json`: every certification body `[name, page URL, website, directory, country]`,
  by slug order; a QR code pointing at a body's website or directory is named from this table.
- `check/d/<block>.json`: per organization of block `<block>` of `check/o/` (same `ORG_BLOCK`), per
  certificate in the same order: `[[standard:edition…], scope, source, original issue, status date,
  body index, edition whose transition ends]` (empty strings for what the record leaves out).

`pdf.min.js`, `pdf.worker.min.js` (pdf.js, npm `pdfjs-dist`) and `jsqr.min.js` (npm `jsqr`) are
copied from `node_modules` to `check/document/`; the page loads them only when a file is opened.
No file says the build date, so a rebuild on the next day leaves them all as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from certreg.build.assets import npm_file
from certreg.render.list_check import ORG_BLOCK
from certreg.render.search.encoding import compact

# (file under check/document/, file installed by npm): pdf.js's module builds renamed to `.js`, which
# every static host serves as JavaScript (a module script is refused under any other type).
SCRIPTS = (
    ("pdf.min.js", "node_modules/pdfjs-dist/build/pdf.min.mjs"),
    ("pdf.worker.min.js", "node_modules/pdfjs-dist/build/pdf.worker.min.mjs"),
    ("jsqr.min.js", "node_modules/jsqr/dist/jsQR.js"),
)


def document_check_files(site: Any) -> Iterator[tuple[str, str]]:
    """Every data file of the document check as (path under the output folder, text)."""
    slugs = sorted(site.certification_bodies)
    body_index = {slug: i for i, slug in enumerate(slugs)}
    yield "check/d/bodies.json", compact([body_row(site.certification_bodies[slug]) for slug in slugs])
    organizations = site.organizations  # in slug order, as check/o/ numbers them
    for block, start in enumerate(range(0, len(organizations), ORG_BLOCK)):
        rows = [
            [certificate_details(cert, body_index) for cert in org["certifications"]]
            for org in organizations[start : start + ORG_BLOCK]
        ]
        yield f"check/d/{block}.json", compact(rows)


def body_row(body: dict[str, Any]) -> list[str]:
    """One certification body: name, its page here, website, directory, country."""
    optional = [body.get(name) or "" for name in ("website", "directory", "country")]
    return [body["name"], body["url"], *optional]


def certificate_details(cert: dict[str, Any], body_index: dict[str, int]) -> list[Any]:
    """What a document is compared with beyond the list check's row: editions, scope, source, dates."""
    return [
        [ref["ref"] for ref in cert["standard_refs"]],
        cert.get("scope") or "",
        cert.get("source") or "",
        cert.get("original_issue") or "",
        cert.get("status_date") or "",
        body_index[cert["certification_body"]],
        cert.get("transition_edition") or "",
    ]


def script_sources(project_root: Path) -> list[tuple[str, Path]]:
    """(path under the output folder, installed file) of each script the page loads on demand."""
    return [
        (f"check/document/{name}", npm_file(project_root, source, "the certificate-document check reads files with it"))
        for name, source in SCRIPTS
    ]
