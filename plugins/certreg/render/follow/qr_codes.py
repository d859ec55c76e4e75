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

from certreg.core.i18n import ENGLISH, Translator

logger = logging.getLogger(__name__)

QR_ERROR = "m"  # recovers from 15% damage: a creased or stamped printout
QR_MASK = 0
QR_SCALE = 3
QR_BORDER = 4  # the quiet zone the standard asks for
QR_LIGHT = "#fff"  # a white background, so the code reads on any colour behind it


def qr_code(url: str) -> segno.QRCode:
    """Make the QR code of `url`."""
    return segno.make_qr(url, error=QR_ERROR, mask=QR_MASK, boost_error=False)


def qr_svg(url: str) -> str:
    """Draw the QR code of `url` as inline SVG, without its accessible name (`labelled` adds it)."""
    return qr_code(url).svg_inline(scale=QR_SCALE, border=QR_BORDER, light=QR_LIGHT, svgclass="qr", lineclass=None)


def labelled(svg: str, url: str, tr: Translator = ENGLISH) -> str:
    """The drawing with its role and accessible name in the site's language ("QR code of https://…")."""
    label = tr.gettext("QR code of {url}").format(url=url)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1)


# The cached drawings carry no words, so one cache serves every language; a new value here renames
# every cached file, so drawings kept by an older certreg (with an English name inside) are not reused.
DRAWING_FORMAT = "unlabelled"


def cache_key(url: str) -> str:
    """Name the cached drawing of `url` by everything it depends on."""
    inputs = "\n".join(
        (segno.__version__, QR_ERROR, str(QR_MASK), str(QR_SCALE), str(QR_BORDER), QR_LIGHT, DRAWING_FORMAT, url)
    )
    return hashlib.sha256(inputs.encode("utf-8")).hexdigest()


def cached_svg(url: str, cache: Path) -> str:
    """Read the drawing of `url` from the cache, or draw it and store it (atomically: workers may race)."""
    path = cache / f"{cache_key(url)}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        pass
    svg = qr_svg(url)
    cache.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cache, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(svg)
    os.replace(temporary, path)
    return svg


class QrCodes:
    """Draws the QR code of each certificate page; says once, when made, that there is no SITEURL."""

    def __init__(self, siteurl: str, cache: Path | None = None, tr: Translator = ENGLISH) -> None:
        """Remember the site's address (may be empty), the cache folder (None: draw every code), the language."""
        self.siteurl = siteurl.rstrip("/")
        self.cache = cache
        self.tr = tr
        if not self.siteurl:
            logger.warning("certreg: SITEURL is not set, so printed certificate pages carry no QR code")

    def for_certificate(self, certificate: dict[str, Any]) -> dict[str, Any]:
        """Give what `_qr.html` prints: the permalink and its QR code as inline SVG, or no QR code."""
        if not self.siteurl:
            return {"available": False, "url": "", "svg": ""}
        url = f"{self.siteurl}/{certificate['url']}"
        svg = cached_svg(url, self.cache) if self.cache else qr_svg(url)
        return {"available": True, "url": url, "svg": Markup(labelled(svg, url, self.tr))}
