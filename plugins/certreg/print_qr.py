"""The QR code on a certificate's printed page: its absolute permalink, drawn at build time as SVG by segno.

A printed certificate page in a procurement file then leads back to the live status. Without a
`SITEURL` there is no absolute permalink: no page gets a QR code, and `QrCodes(siteurl)` says so
once, when it is made.
The mask is fixed (`QR_MASK`) instead of searched, which makes a code about six times faster to draw
(about 1.5 ms here) and still reads with any decoder; segno's output depends only on the URL.
"""

from __future__ import annotations

import logging
from typing import Any

import segno
from markupsafe import Markup

logger = logging.getLogger(__name__)

QR_ERROR = "m"  # recovers from 15% damage: a creased or stamped printout
QR_MASK = 0
QR_SCALE = 3
QR_BORDER = 4  # the quiet zone the standard asks for


def qr_code(url: str) -> segno.QRCode:
    """Make the QR code of `url`."""
    return segno.make_qr(url, error=QR_ERROR, mask=QR_MASK, boost_error=False)


class QrCodes:
    """Draws the QR code of each certificate page; says once, when made, that there is no SITEURL."""

    def __init__(self, siteurl: str) -> None:
        """Remember the site's address (may be empty)."""
        self.siteurl = siteurl.rstrip("/")
        if not self.siteurl:
            logger.warning("certreg: SITEURL is not set, so printed certificate pages carry no QR code")

    def for_certificate(self, certificate: dict[str, Any]) -> dict[str, Any]:
        """Give what `_qr.html` prints: the permalink and its QR code as inline SVG, or no QR code."""
        if not self.siteurl:
            return {"available": False, "url": "", "svg": ""}
        url = f"{self.siteurl}/{certificate['url']}"
        svg = qr_code(url).svg_inline(scale=QR_SCALE, border=QR_BORDER, svgclass="qr", lineclass=None)
        title = f"QR code of {url}"
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(title)}" ', 1)
        return {"available": True, "url": url, "svg": Markup(svg)}
