"""Lighthouse (npm `lighthouse`, run with Debian's Chromium) on the demo built with a SITEURL: 100 for
accessibility, best practices and SEO on the home, organization, certificate, search and A-Z pages, in
English and in German (every page), and in French (the home and certificate pages).

Performance scores are timings and are not asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from certreg.build.staging import build_site
from tests.browser.conftest import CHROMIUM_ARGS, _chromium_path

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")
PAGES = {
    "home": "/",
    "organization": "/organizations/bergen-subsea-tools/",
    "certificate": None,  # the first certificate of that organization, found from its page
    "search": "/search/?q=bergen",
    "organizations A-Z": "/organizations/",
}


# (language, page): every page in English and German; French on the pages with the most words.
CASES = [
    *((language, name) for language in ("en", "de") for name in sorted(PAGES)),
    ("fr", "home"),
    ("fr", "certificate"),
]


@pytest.fixture(scope="module")
def demo_urls(tmp_path_factory: pytest.TempPathFactory, serve: object) -> Callable[[str], str]:
    """Each language's demo site, built on first use with SITEURL set to the address it is served from."""
    built: dict[str, str] = {}

    def url(language: str) -> str:
        if language not in built:
            output = tmp_path_factory.mktemp(f"lighthouse-{language}") / "site"
            output.mkdir()
            base = serve(output)  # type: ignore[operator]
            build_site(ROOT / "registry", output, date(2026, 11, 26), {"SITEURL": base, "DEFAULT_LANG": language})
            built[language] = base
        return built[language]

    return url


def lighthouse(url: str, report: Path) -> dict[str, float]:
    """The category scores Lighthouse gives a page."""
    if not LIGHTHOUSE.exists():
        pytest.fail("lighthouse is not installed: run `npm ci` (make test does)")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
    ]
    env = {**os.environ, "CHROME_PATH": _chromium_path() or "chromium"}
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    result = json.loads(report.read_text(encoding="utf-8"))
    failing = [
        audit["id"]
        for audit in result["audits"].values()
        if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
    ]
    return {name: result["categories"][name]["score"] for name in CATEGORIES} | {"failing": failing}


@pytest.mark.parametrize(("language", "name"), CASES)
def test_lighthouse_gives_100_for_accessibility_best_practices_and_seo(
    demo_urls: Callable[[str], str], language: str, name: str, tmp_path: Path, page: object
) -> None:
    demo_url = demo_urls(language)
    url = PAGES[name]
    if url is None:
        page.goto(demo_url + PAGES["organization"])  # type: ignore[attr-defined]
        url = page.locator(".cert-card__more a").first.get_attribute("href")  # type: ignore[attr-defined]
        url = url.removeprefix(demo_url)
    scores = lighthouse(demo_url + url, tmp_path / "report.json")
    assert scores == {"accessibility": 1, "best-practices": 1, "seo": 1, "failing": []}
