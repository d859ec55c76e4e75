"""Shared fixtures for browser tests: headless Debian Chromium through Playwright, and a local server."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path() -> str | None:
    """$CHROMIUM_PATH when set (e.g. Chrome on a GitHub runner), else Debian's chromium."""
    if os.environ.get("CHROMIUM_PATH"):
        return os.environ["CHROMIUM_PATH"]
    for candidate in CHROMIUM_PATHS:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test."""
    for item in items:
        if "tests/browser" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium; fails (never skips) when Chromium is missing, since CI installs it."""
    from playwright.sync_api import sync_playwright

    executable = _chromium_path()
    if executable is None:
        pytest.fail("Chromium is not installed: run `apt-get install chromium` (see .ci/run)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context and page; console errors are collected in `page.console_errors`."""
    context = browser.new_context()  # type: ignore[attr-defined]
    new_page = context.new_page()
    new_page.console_errors = []
    new_page.on("console", lambda msg: msg.type == "error" and new_page.console_errors.append(msg.text))
    new_page.on("pageerror", lambda exc: new_page.console_errors.append(str(exc)))
    yield new_page
    context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture(scope="session")
def serve() -> Iterator[object]:
    """Call `serve(directory)` to get a base URL (no trailing slash) serving it on 127.0.0.1."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


STRICT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def with_csp(page: object) -> None:
    """Serve every response to this page with a strict Content-Security-Policy header."""

    def handle(route: object) -> None:
        response = route.fetch()  # type: ignore[attr-defined]
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)  # type: ignore[attr-defined]

    page.route("**/*", handle)  # type: ignore[attr-defined]


def open_checked(page: object, url: str) -> None:
    """Open a page and wait until status.js has read build.json and checked it: it shows the data age in
    the same step as it relabels, and build.json arrives after the page's load event."""
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_selector("footer .js-data-age:not([hidden])")  # type: ignore[attr-defined]


def serious_axe_violations(page: object) -> list[tuple[str, list]]:
    """axe-core's serious and critical violations on the page as it is now: (rule id, first targets)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def layout_shift(page: object) -> float:
    """The page's cumulative layout shift so far, shifts right after input left out (the browser's own sum)."""
    return page.evaluate(  # type: ignore[attr-defined]
        """() => new Promise((resolve) => {
            let total = 0;
            new PerformanceObserver((list) => {
                for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
            }).observe({type: "layout-shift", buffered: true});
            setTimeout(() => resolve(total), 300);
        })"""
    )
