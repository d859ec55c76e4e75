"""Shared test helpers: small registries built in a temporary folder from tests/fixtures/core."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
CORE = FIXTURES / "core"
BUILD_DATE = date(2026, 11, 26)

CERTIFICATE = """\
  - certificate_number: {number}
    standards: [{standards}]
    certification_body: {body}
    accredited: true
    scope: Machining of precision parts
    issued: {issued}
    expires: {expires}
    source: https://test-cert.example/directory/{number}
    last_verified: {verified}
"""


def organization_yaml(name: str = "Beta Werke GmbH", country: str = "DE", extra: str = "", **certificate: str) -> str:
    """A valid organization record; keyword arguments override the certificate's fields."""
    fields = {
        "number": "TC-0002",
        "standards": "ISO 9001:2015",
        "body": "test-cert",
        "issued": "2025-03-01",
        "expires": "2028-02-28",
        "verified": "2026-10-01",
        **certificate,
    }
    return f"name: {name}\ncountry: {country}\ncity: Köln\n{extra}certifications:\n" + CERTIFICATE.format(**fields)


@pytest.fixture(autouse=True)
def fresh_pelican_log_filter() -> None:
    """Forget the log messages Pelican has already let through, as a new process would.

    Importing Pelican makes every logger created afterwards drop a warning it has seen before in the
    process (`pelican.log.LimitFilter`, class-level memory). Without this, a test that expects a
    warning fails whenever an earlier test's build logged the same words first.
    """
    log = sys.modules.get("pelican.log")
    if log is not None:
        log.LimitFilter._raised_messages.clear()
        log.LimitFilter._group_count.clear()


@pytest.fixture
def make_registry(tmp_path: Path) -> Callable[..., Path]:
    """Copy the core fixture registry and add or replace files: `make_registry({"organizations/x.yaml": text})`."""

    def make(files: dict[str, str] | None = None) -> Path:
        root = tmp_path / f"registry-{len(list(tmp_path.glob('registry-*')))}"
        shutil.copytree(CORE, root)
        for relative, text in (files or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make
