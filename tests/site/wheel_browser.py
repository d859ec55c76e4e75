"""Search and the list check of a built site in headless Chromium, run as its own process by test_wheel.py.

A separate process, because a pytest session holds at most one Playwright (the browser tests' session
fixture); this one starts its own, serves the folder, prints what it saw as JSON and exits.
Usage: python -m tests.site.wheel_browser OUTPUT
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from pathlib import Path

from tests.browser.conftest import CHROMIUM_ARGS, _chromium_path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        return


def look(output: Path) -> dict[str, object]:
    """What the search and check pages show for fixed inputs, and any console error."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base_url}/search/")
        page.wait_for_selector("#search-form[data-ready='true']", state="attached")
        page.fill("#search-q", "muller")
        page.wait_for_function("() => document.getElementById('search-results').dataset.state === 'q=muller'")
        found = page.locator("#search-results .search-result__name").all_inner_texts()
        page.goto(f"{base_url}/check/")
        page.wait_for_selector("#check-form[data-ready=true]")
        page.fill("#check-paste", "Name\tCertificate\n桜精工株式会社\tVZ-0002\nNobody Ltd\tNO-1\n")
        page.click("#check-form button[type=submit]")
        page.wait_for_selector("#check-results[data-ready=true]")
        rows = page.locator("#check-rows tr").all_inner_texts()
        browser.close()
    server.shutdown()
    return {"search": found, "check": rows, "errors": errors}


if __name__ == "__main__":
    print(json.dumps(look(Path(sys.argv[1])), ensure_ascii=False))
