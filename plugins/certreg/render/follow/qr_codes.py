"""The QR code on a certificate's printed page: its absolute permalink, drawn at build time as SVG by segno.

A printed certificate page in a procurement file then leads back to the live status. Without a
`SITEURL` there is no absolute permalink: no page gets a QR code, and `QrCodes(siteurl)` says so
once, when it is made.
The mask is fixed (`QR_MASK`) instead of searched, which makes a code about six times faster to draw
(about 1.5 ms here) and still reads with any decoder. A code depends only on the URL, these constants
and segno's version; with a cache folder (the `QR_CACHE` setting), each code is drawn once and kept in
a file named by the hash of all of them, so a rebuild reads it back. Deleting the cache is always safe.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import segno
from markupsafe import Markup

from certreg.core.i18n import ENGLISH, N_, Translator

logger = logging.getLogger(__name__)

QR_ERROR = "m"  # recovers from 15% damage: a creased or stamped printout
QR_MASK = 0
QR_SCALE = 3
QR_BORDER = 4  # the quiet zone the standard asks for
QR_LIGHT = "#fff"  # a white background, so the code reads on any colour behind it
QR_LABEL = N_("QR code of {url}")
CACHE_FORMAT = "unlabelled"  # cached drawings carry no label: one cache serves every language


def qr_code(url: str) -> segno.QRCode:
    """Make the QR code of `url`."""
    return segno.make_qr(url, error=QR_ERROR, mask=QR_MASK, boost_error=False)


def qr_drawing(url: str) -> str:
    """Draw the QR code of `url` as inline SVG, without its accessible name (the same in every language)."""
    return qr_code(url).svg_inline(scale=QR_SCALE, border=QR_BORDER, light=QR_LIGHT, svgclass="qr", lineclass=None)


def labelled(svg: str, url: str, tr: Translator = ENGLISH) -> str:
    """Give a QR drawing its accessible name, "QR code of <url>", in `tr`'s language."""
    label = Markup.escape(tr.gettext(QR_LABEL).format(url=url))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def qr_svg(url: str, tr: Translator = ENGLISH) -> str:
    """Draw the QR code of `url` as inline SVG with its accessible name."""
    return labelled(qr_drawing(url), url, tr)


def cache_key(url: str) -> str:
    """Name the cached drawing of `url` by everything it depends on."""
    inputs = "\n".join(
        (segno.__version__, QR_ERROR, str(QR_MASK), str(QR_SCALE), str(QR_BORDER), QR_LIGHT, CACHE_FORMAT, url)
    )
    return hashlib.sha256(inputs.encode("utf-8")).hexdigest()


def cached_svg(url: str, cache: Path, tr: Translator = ENGLISH) -> str:
    """Read the drawing of `url` from the cache, or draw it and store it (atomically: workers may race)."""
    path = cache / f"{cache_key(url)}.svg"
    try:
        return labelled(path.read_text(encoding="utf-8"), url, tr)
    except FileNotFoundError:
        pass
    svg = qr_drawing(url)
    cache.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cache, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(svg)
    os.replace(temporary, path)
    return labelled(svg, url, tr)


class QrCodes:
    """Draws the QR code of each certificate page; says once, when made, that there is no SITEURL."""

    def __init__(self, siteurl: str, cache: Path | None = None, tr: Translator = ENGLISH) -> None:
        """Remember the site's address (may be empty) and the cache folder (None: draw every code)."""
        self.siteurl = siteurl.rstrip("/")
        self.cache = cache
        self.tr = tr
        if not self.siteurl:
            logger.warning(
                "certreg: %s", tr.gettext("SITEURL is not set, so printed certificate pages carry no QR code")
            )

    def for_certificate(self, certificate: dict[str, Any]) -> dict[str, Any]:
        """Give what `_qr.html` prints: the permalink and its QR code as inline SVG, or no QR code."""
        if not self.siteurl:
            return {"available": False, "url": "", "svg": ""}
        url = f"{self.siteurl}/{certificate['url']}"
        svg = cached_svg(url, self.cache, self.tr) if self.cache else qr_svg(url, self.tr)
        return {"available": True, "url": url, "svg": Markup(svg)}
