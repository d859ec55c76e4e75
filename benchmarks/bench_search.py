"""Search benchmark: certreg's sharded lunr index against Pagefind, at 1k, 10k and 100k organizations.

    make bench-search            # or: .venv/bin/python benchmarks/bench_search.py [--sizes 1000 10000]
                                 #     [--shapes mixed one-body] [--no-pagefind]

For each size and shape (`mixed`: about 40 certification bodies; `one-body`: one certification body
whose numbers share a long prefix, `SYN-0000001-0`) it
1. writes a synthetic registry with `benchmarks.synth.write_registry` (kept in benchmarks/out/),
2. in a child process: load → enrich, one plain HTML page per organization (the same text for both
   engines),
3. in a second child process: builds the search index with `search_files()` and reports its time and
   peak memory (`resource.getrusage`, so the figure includes the enriched site held in memory), and
   writes the real search page (theme/templates/search.html rendered with base.html),
4. runs Pagefind over the organization pages (`python -m pagefind --site DIR`),
5. serves the folder on 127.0.0.1 and, in headless Chromium, for a fixed list of queries measures
   - first-search bytes: every response of a fresh browser context except the HTML page and CSS
     (code, index, result data), each counted gzipped (or as stored when that is smaller, as
     Pagefind's files are already compressed), for the query pasted at once and typed key by key;
   - keystroke → rendered results: typing every query key by key in a warm page, the time from the
     input event to the results being in the DOM and painted (p50, p95, max).

Results are printed as a table and written to benchmarks/out/bench-search.json.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"
TODAY = date(2026, 11, 26)
SIZES = (1000, 10_000, 100_000)
SHAPES = ("mixed", "one-body")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
BUDGETS = {10_000: (100_000, 50.0), 100_000: (200_000, 80.0)}
PAGEFIND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind search</title></head>
<body><form id="search-form"><input id="search-q" type="search" autocomplete="off"></form>
<ol id="search-results"></ol><script type="module" src="search.js"></script></body></html>
"""
PAGEFIND_SCRIPT = """
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const list = document.getElementById("search-results");
let pagefind = null;
let current = 0;
async function load() {
  if (!pagefind) pagefind = await import("/pagefind/pagefind.js");
  return pagefind;
}
input.addEventListener("input", async () => {
  const ticket = ++current;
  const query = input.value;
  const started = performance.now();
  const engine = await load();
  const search = await engine.search(query);
  if (ticket !== current) return;
  const results = await Promise.all((search ? search.results : []).slice(0, 10).map((r) => r.data()));
  if (ticket !== current) return;
  list.replaceChildren(...results.map((data) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title;
    item.append(link);
    return item;
  }));
  list.dataset.query = query;
  form.dispatchEvent(new CustomEvent("certreg:results", { detail: { query, ms: performance.now() - started } }));
});
form.dataset.ready = "true";
"""
# A static file server with keep-alive (HTTP/1.1), as static hosts have, in its own process.
SERVER = """
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    def log_message(self, *args):
        pass
handler = functools.partial(Handler, directory=sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
"""
# Runs in the page: put `text` in the input (at once, or one key at a time), one input event per key.
# `times`: from the input event to the results in the DOM with layout done (both engines announce
# their results with a `certreg:results` event right after inserting them); `paints`: to the next
# frame after that (requestAnimationFrame, then a task), which adds the display's frame wait.
TYPE_JS = """
async ([text, keyByKey]) => {
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");
  const list = document.getElementById("search-results");
  const steps = keyByKey ? [...text].map((_, i) => text.slice(0, i + 1)) : [text];
  const times = [];
  const paints = [];
  const phases = [];
  for (const value of steps) {
    const started = performance.now();
    const done = new Promise((resolve) => {
      const listener = (event) => {
        if (event.detail.query !== value) return;
        form.removeEventListener("certreg:results", listener);
        list.getBoundingClientRect();
        times.push(performance.now() - started);
        phases.push(event.detail.phases || null);
        resolve();
      };
      form.addEventListener("certreg:results", listener);
    });
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await done;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    paints.push(performance.now() - started);
  }
  return { times, paints, phases };
}
"""


# --- building ------------------------------------------------------------------------------------


def ensure_registry(size: int, shape: str) -> Path:
    """The synthetic registry of `size` organizations of one shape, written once."""
    registry = OUT / f"reg-{size}{suffix(shape)}"
    if not (registry / "organizations").is_dir():
        sys.path.insert(0, str(REPO))
        from benchmarks.synth import write_registry

        write_registry(registry, orgs=size, seed=1, one_body=shape == "one-body")
    return registry


def suffix(shape: str) -> str:
    """Folder name suffix of a shape: none for the mixed registry of earlier runs."""
    return "" if shape == "mixed" else f"-{shape}"


def child(*args: str) -> dict[str, Any]:
    """Run one stage of this script in a fresh Python process; its last stdout line is JSON."""
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    result = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(result.stdout.strip().splitlines()[-1])


def stage_prepare(registry: Path, site_dir: Path) -> dict[str, Any]:
    """Load and enrich; write the organization pages, the search page, the site pickle, queries."""
    from certreg.enrich.site import enrich
    from certreg.load.loader import load_registry

    started = time.perf_counter()
    site = enrich(load_registry(registry), TODAY)
    enriched = time.perf_counter()
    if site_dir.exists():
        shutil.rmtree(site_dir)
    for org in site.organizations:
        page = site_dir / org["url"] / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(organization_page(org), encoding="utf-8")
    (site_dir / "pagefind-search").mkdir()
    (site_dir / "pagefind-search" / "index.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    (site_dir / "pagefind-search" / "search.js").write_text(PAGEFIND_SCRIPT, encoding="utf-8")
    (site_dir / "queries.json").write_text(json.dumps(pick_queries(site), ensure_ascii=False))
    with (site_dir.parent / f"{site_dir.name}.pickle").open("wb") as handle:
        pickle.dump(site, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "load_enrich_s": round(enriched - started, 1),
        "pages_s": round(time.perf_counter() - enriched, 1),
        "peak_mb": peak_mb(),
    }


def stage_index(site_dir: Path) -> dict[str, Any]:
    """Build the search index from the enriched site; time and peak memory of this process."""
    from certreg.render.search.index import lunr_js_source
    from certreg.render.search.keyed import search_files

    with (site_dir.parent / f"{site_dir.name}.pickle").open("rb") as handle:
        site = pickle.load(handle)
    baseline = peak_mb()
    search = site_dir / "search"
    for folder in ("shards", "sets", "data", "certs"):
        shutil.rmtree(search / folder, ignore_errors=True)
    started = time.perf_counter()
    files = 0
    stored = 0
    largest = 0
    for name, text in search_files(site):
        path = site_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        files += 1
        stored += len(data)
        if name.startswith("search/shards/"):
            largest = max(largest, wire_size(data))
    shutil.copy(lunr_js_source(REPO), search / "lunr.min.js")
    write_search_page(site, site_dir)
    return {
        "index_s": round(time.perf_counter() - started, 1),
        "peak_mb": peak_mb(),
        "site_in_memory_mb": baseline,
        "files": files,
        "stored_mb": round(stored / 1e6, 1),
        "largest_shard_gz_kb": round(largest / 1000, 1),
    }


def peak_mb() -> int:
    """Peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def organization_page(org: dict[str, Any]) -> str:
    """A plain page with what both engines index: names, place, certificates."""
    esc = html.escape
    lines = [f"<h1>{esc(org['name'])}</h1>"]
    if org.get("trading_names"):
        lines.append(f"<p>Also trading as {esc(', '.join(org['trading_names']))}</p>")
    place = ", ".join(part for part in (org.get("city"), org["country_name"]) if part)
    lines.append(f"<p>{esc(place)} ({org['country']})</p>")
    lines.append("<ul>")
    for cert in org["certifications"]:
        standards = ", ".join(ref["ref"] for ref in cert["standard_refs"])
        lines.append(
            f"<li>{esc(cert['certificate_number'])} · {esc(standards)} · {esc(cert['status_label'])}"
            f" · {esc(cert['certification_body_name'])} · {esc(cert.get('scope', ''))}</li>"
        )
    lines.append("</ul>")
    body = "\n".join(lines)
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(org["name"])}'
        f"</title></head>\n<body><main data-pagefind-body>\n{body}\n</main></body></html>\n"
    )


def write_search_page(site: Any, site_dir: Path) -> None:
    """The real search page: theme/templates/search.html in base.html, and the theme's static files."""
    import runpy

    from jinja2 import Environment, FileSystemLoader

    from certreg.render.generator import JINJA_FILTERS
    from certreg.render.search.index import filter_options

    settings = runpy.run_path(str(REPO / "pelicanconf.py"))
    env = Environment(loader=FileSystemLoader(REPO / "theme" / "templates"), autoescape=True)
    env.filters.update(JINJA_FILTERS)
    context = {key: value for key, value in settings.items() if key.isupper()}
    context.update(SITEURL="", site=site, build_date=TODAY.isoformat(), search_filters=filter_options(site))
    page = site_dir / "search" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(env.get_template("search.html").render(context), encoding="utf-8")
    shutil.copytree(REPO / "theme" / "static", site_dir / "theme", dirs_exist_ok=True)


def pick_queries(site: Any) -> list[dict[str, str]]:
    """The fixed query list: ten kinds of query, their words taken from fixed places in the data."""
    from certreg.core.fold import LEGAL_FORMS, fold

    orgs = site.organizations
    at = [orgs[int(len(orgs) * f)] for f in (0.13, 0.37, 0.61, 0.89)]

    def words(text: str, count: int) -> str:
        kept = [w for w in text.replace(",", " ").split() if fold(w).strip(".") not in LEGAL_FORMS]
        return " ".join(kept[:count])

    accented = next((o for o in orgs[len(orgs) // 2 :] if fold(o["name"]) != o["name"].lower()), at[2])
    typo = max(words(at[3]["name"], 3).split(), key=len)
    typo = typo[:2] + typo[3] + typo[2] + typo[4:]
    return [
        {"kind": "full name", "q": words(at[0]["name"], 4)},
        {"kind": "first word", "q": words(at[1]["name"], 1)},
        {"kind": "no accents", "q": fold(words(accented["name"], 2))},
        {"kind": "name + city", "q": f"{words(at[1]['name'], 1)} {at[1].get('city', '')}"},
        {"kind": "city", "q": at[2].get("city", "")},
        {"kind": "country name", "q": at[3]["country_name"]},
        {"kind": "cert. body", "q": at[0]["certifications"][0]["certification_body_name"]},
        {"kind": "cert. number", "q": at[2]["certifications"][0]["certificate_number"]},
        {"kind": "scope words", "q": words(at[3]["certifications"][0].get("scope", ""), 2)},
        {"kind": "typo", "q": typo},
    ]


def run_pagefind(site_dir: Path) -> dict[str, Any]:
    """Index the organization pages with Pagefind."""
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
    started = time.perf_counter()
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir)]
    command += ["--glob", "organizations/**/*.html"]
    subprocess.run(command, check=True, capture_output=True, text=True)
    return {"index_s": round(time.perf_counter() - started, 1)}


# --- measuring -----------------------------------------------------------------------------------


def serve(directory: Path) -> Iterator[str]:
    """Serve directory from a separate process on 127.0.0.1 until the generator is closed."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", SERVER, str(port), str(directory)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


@contextmanager
def served_browser(directory: Path) -> Iterator[tuple[Any, str]]:
    """Chromium and the base URL of `directory` served on 127.0.0.1; both closed afterwards."""
    from playwright.sync_api import sync_playwright

    server = serve(directory)
    base = next(server)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser, base
            browser.close()
    finally:
        server.close()


def wait_for_port(port: int) -> None:
    """Wait until something listens on the port."""
    import socket

    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"certreg: nothing listens on port {port}")


def wire_size(body: bytes) -> int:
    """Bytes on the wire with gzip, or as stored when the file is already compressed."""
    return min(len(body), len(gzip.compress(body, compresslevel=6, mtime=0)))


def first_search(browser: Any, url: str, query: str, key_by_key: bool) -> dict[str, Any]:
    """A fresh context: open the search page, search once; bytes and requests, and the time."""
    context = browser.new_context()
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_selector("#search-form[data-ready='true']", state="attached")
    times = page.evaluate(TYPE_JS, [query, key_by_key])["times"]
    counted = [
        r
        for r in responses
        if r.request.resource_type not in ("document", "stylesheet") and not r.url.endswith("favicon.ico")
    ]
    total = sum(wire_size(r.body()) for r in counted if r.status == 200)
    context.close()
    return {"bytes": total, "requests": len(counted), "ms": round(sum(times), 1)}


def keystrokes(browser: Any, url: str, queries: list[str]) -> tuple[list[float], list[float]]:
    """Warm page (first query searched), then every other query typed key by key: all latencies."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#search-form[data-ready='true']", state="attached")
    page.evaluate(TYPE_JS, [queries[0], False])
    times: list[float] = []
    paints: list[float] = []
    for query in queries:
        result = page.evaluate(TYPE_JS, [query, True])
        times += result["times"]
        paints += result["paints"]
    context.close()
    return times, paints


def measure(site_dir: Path, queries: list[dict[str, str]], pagefind: bool) -> dict[str, Any]:
    """Both engines (or certreg alone) on the same pages and queries."""
    engines = {"certreg": "/search/", "pagefind": "/pagefind-search/"}
    if not pagefind:
        del engines["pagefind"]
    results: dict[str, Any] = {}
    with served_browser(site_dir) as (browser, base):
        for engine, path in engines.items():
            url = base + path
            per_query = []
            for item in queries:
                pasted = first_search(browser, url, item["q"], key_by_key=False)
                typed = first_search(browser, url, item["q"], key_by_key=True)
                per_query.append({**item, "pasted": pasted, "typed": typed})
            times, paints = keystrokes(browser, url, [item["q"] for item in queries])
            results[engine] = {
                "queries": per_query,
                "keystroke_ms": summary(times),
                "keystroke_paint_ms": summary(paints),
            }
    return results


def summary(times: list[float]) -> dict[str, float]:
    """p50, p95 and max of a list of milliseconds."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 1),
        "p95": round(p95, 1),
        "max": round(ordered[-1], 1),
    }


# --- reporting -----------------------------------------------------------------------------------


def bytes_summary(per_query: list[dict[str, Any]], mode: str) -> dict[str, int]:
    """Median and worst first-search bytes over the queries."""
    sizes = sorted(item[mode]["bytes"] for item in per_query)
    return {"median": int(statistics.median(sizes)), "max": sizes[-1]}


EMPTY_ENGINE = {
    "queries": None,
    "keystroke_ms": {"n": 0, "p50": 0, "p95": 0, "max": 0},
    "keystroke_paint_ms": {"n": 0, "p50": 0, "p95": 0, "max": 0},
}


def report(size: int, shape: str, result: dict[str, Any]) -> str:
    """The side-by-side table for one size and shape (Pagefind columns 0 when it was not run)."""
    ours = result["certreg"]
    theirs = result.get("pagefind") or {**EMPTY_ENGINE, "queries": [ZERO_QUERY] * len(ours["queries"])}
    lines = [
        f"\n== {size:,} organizations, {shape} ==",
        f"certreg index: {result['build']['index_s']} s, peak {result['build']['peak_mb']} MB "
        f"(site in memory {result['build']['site_in_memory_mb']} MB), "
        f"{result['build']['files']} files, {result['build']['stored_mb']} MB stored, "
        f"largest shard {result['build']['largest_shard_gz_kb']} KB gzipped; "
        f"load+enrich {result['prepare']['load_enrich_s']} s (peak {result['prepare']['peak_mb']} MB); "
        f"pagefind index: {result['pagefind_build'].get('index_s', 'not run')} s",
        f"{'query':<14}{'text':<34}{'ours KB':>9}{'PF KB':>9}{'ours typed':>12}{'PF typed':>10}"
        f"{'ours ms':>9}{'PF ms':>8}",
    ]
    for mine, other in zip(ours["queries"], theirs["queries"], strict=True):
        lines.append(
            f"{mine['kind']:<14}{mine['q'][:32]:<34}{mine['pasted']['bytes'] / 1000:>9.1f}"
            f"{other['pasted']['bytes'] / 1000:>9.1f}{mine['typed']['bytes'] / 1000:>12.1f}"
            f"{other['typed']['bytes'] / 1000:>10.1f}{mine['pasted']['ms']:>9.0f}"
            f"{other['pasted']['ms']:>8.0f}"
        )
    lines += summary_lines(ours, theirs)
    if size in BUDGETS:
        budget_bytes, budget_ms = BUDGETS[size]
        worst = bytes_summary(ours["queries"], "pasted")["max"]
        p95 = ours["keystroke_ms"]["p95"]
        ok = worst <= budget_bytes and p95 <= budget_ms
        lines.append(
            f"budget {budget_bytes / 1000:.0f} KB / {budget_ms:.0f} ms: "
            f"{'met' if ok else 'NOT met'} (worst {worst / 1000:.1f} KB, p95 {p95} ms)"
        )
    return "\n".join(lines)


ZERO_QUERY = {"pasted": {"bytes": 0, "ms": 0}, "typed": {"bytes": 0, "ms": 0}}


def summary_lines(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Median and worst bytes, keystroke latencies, of both engines."""
    lines = []
    for mode in ("pasted", "typed"):
        a, b = bytes_summary(ours["queries"], mode), bytes_summary(theirs["queries"], mode)
        lines.append(
            f"first search ({mode}) bytes gzip: certreg median {a['median'] / 1000:.1f} KB, "
            f"worst {a['max'] / 1000:.1f} KB | pagefind median {b['median'] / 1000:.1f} KB, "
            f"worst {b['max'] / 1000:.1f} KB"
        )
    for key, what in (("keystroke_ms", "in the DOM"), ("keystroke_paint_ms", "next paint")):
        a, b = ours[key], theirs[key]
        lines.append(
            f"keystroke → results {what} ({a['n']} keys): certreg p50 {a['p50']} ms, "
            f"p95 {a['p95']} ms, max {a['max']} ms | pagefind p50 {b['p50']} ms, "
            f"p95 {b['p95']} ms, max {b['max']} ms"
        )
    return lines


def run_size(size: int, shape: str, rebuild: bool, pagefind: bool) -> dict[str, Any]:
    """Everything for one size and shape."""
    registry = ensure_registry(size, shape)
    site_dir = OUT / f"site-{size}{suffix(shape)}"
    saved = OUT / f"site-{size}{suffix(shape)}.prepare.json"
    if rebuild or not (site_dir / "queries.json").exists() or not saved.exists():
        log(f"{size:,} {shape}: load, enrich, pages")
        saved.write_text(json.dumps(child("_prepare", str(registry), str(site_dir))))
    prepare = json.loads(saved.read_text())
    log(f"{size:,} {shape}: building the search index")
    build = child("_index", str(site_dir))
    pagefind_build: dict[str, Any] = {}
    if pagefind:
        log(f"{size:,} {shape}: running Pagefind")
        pagefind_build = run_pagefind(site_dir)
    queries = json.loads((site_dir / "queries.json").read_text())
    log(f"{size:,} {shape}: measuring in Chromium")
    result = {"prepare": prepare, "build": build, "pagefind_build": pagefind_build}
    result.update(measure(site_dir, queries, pagefind))
    return result


def log(message: str) -> None:
    """A progress line on stderr."""
    print(f"certreg: {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for the chosen sizes and shapes and print the comparison."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_prepare":
        print(json.dumps(stage_prepare(Path(argv[1]), Path(argv[2]))))
        return 0
    if argv and argv[0] == "_index":
        print(json.dumps(stage_index(Path(argv[1]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--no-pagefind", action="store_true", help="measure certreg alone")
    parser.add_argument("--output", type=Path, default=OUT / "bench-search.json", help="JSON results")
    parser.add_argument("--rebuild", action="store_true", help="regenerate pages even if present")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for size in args.sizes:
        for shape in args.shapes:
            result = run_size(size, shape, args.rebuild, not args.no_pagefind)
            results[f"{size}-{shape}"] = result
            print(report(size, shape, result), flush=True)
    args.output.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
