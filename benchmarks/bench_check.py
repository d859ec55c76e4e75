"""Supplier-list check benchmark: lists of 500 and 1,000 rows against synthetic registries, in Chromium.

    .venv/bin/python benchmarks/bench_check.py [--sizes 10000 100000] [--rows 500 1000]

For each registry size it
1. writes a synthetic registry with `benchmarks.synth.write_registry` (kept in benchmarks/out/reg-N,
   shared with bench_search.py),
2. in a child process: load → enrich, then the check index (`check_files`) and the real check page
   (theme/templates/check.html in base.html) with the theme's static files; reports the index's build
   time, peak memory, file count and size,
3. makes supplier lists from the registry with a fixed seed: exact certificate numbers written
   differently (case, spaces), identifiers, names with another legal form and the country's name,
   names with a word left out, names of no organization, and a standard column,
4. serves the folder on 127.0.0.1 and, in a fresh headless Chromium context per list, opens the list
   as a file and measures the time from opening it to the result table (the page's own
   `certreg:checked` event), the longest main-thread task while checking (PerformanceObserver
   `longtask`: how long a key press could wait), the requests and the bytes fetched, each gzipped
   as a server would send it.

The baseline, in the same run: the whole check index gzipped (what a page that downloaded
everything would fetch), and the same list checked with a cold and a warm cache.
Results are printed and written to benchmarks/out/bench-check.json.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_search import OUT, TODAY, ensure_registry, served_browser, wire_size  # noqa: E402

SIZES = (10_000,)
ROWS = (500, 1000)
SEED = 12
# Share of each kind of row in a list; the rest are names of no organization.
MIX = {"number": 0.3, "identifier": 0.1, "name": 0.3, "partial name": 0.15}
BUDGET_S = {500: 10.0, 1000: 20.0}
WAIT_JS = """
() => { window.certregChecked = new Promise((resolve) => {
  const longest = { ms: 0, count: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { longest.ms = Math.max(longest.ms, entry.duration); longest.count++; }
  });
  observer.observe({ type: "longtask", buffered: false });
  document.getElementById("check-results").addEventListener("certreg:checked", (event) => {
    observer.disconnect();
    resolve({ ...event.detail, longTaskMs: longest.ms, longTasks: longest.count });
  }, { once: true });
}); }
"""


def stage_prepare(registry: Path, site_dir: Path, site_pickle: str = "") -> dict[str, Any]:
    """Load and enrich (or unpickle); write the check index and page; the lists of every size asked for."""
    from certreg.enrich.site import enrich
    from certreg.load.loader import load_registry
    from certreg.render.list_check import check_files

    started = time.perf_counter()
    if site_pickle:
        with open(site_pickle, "rb") as handle:
            site = pickle.load(handle)
    else:
        site = enrich(load_registry(registry), TODAY)
    enriched = time.perf_counter()
    baseline = peak_mb()
    if site_dir.exists():
        shutil.rmtree(site_dir)
    files = stored = gzipped = 0
    for name, text in check_files(site):
        path = site_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        files, stored, gzipped = files + 1, stored + len(data), gzipped + wire_size(data)
    index_s = time.perf_counter() - enriched
    write_check_page(site, site_dir)
    for rows in ROWS_ALL:
        (site_dir / f"list-{rows}.tsv").write_text(supplier_list(site, rows), encoding="utf-8")
    return {
        "load_enrich_s": round(enriched - started, 1),
        "index_s": round(index_s, 1),
        "peak_mb": peak_mb(),
        "site_in_memory_mb": baseline,
        "files": files,
        "stored_mb": round(stored / 1e6, 1),
        "whole_index_gzip_kb": round(gzipped / 1e3, 1),
    }


ROWS_ALL = sorted(set(ROWS) | {100})


def peak_mb() -> int:
    """Peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def write_check_page(site: Any, site_dir: Path) -> None:
    """The real check page: theme/templates/check.html in base.html, and the theme's static files."""
    import runpy

    from jinja2 import Environment, FileSystemLoader

    from certreg.render.generator import JINJA_FILTERS

    settings = runpy.run_path(str(REPO / "pelicanconf.py"))
    env = Environment(loader=FileSystemLoader(REPO / "theme" / "templates"), autoescape=True)
    env.filters.update(JINJA_FILTERS)
    context = {key: value for key, value in settings.items() if key.isupper()}
    context.update(SITEURL="", site=site, build_date=TODAY.isoformat())
    page = site_dir / "check" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(env.get_template("check.html").render(context), encoding="utf-8")
    shutil.copytree(REPO / "theme" / "static", site_dir / "theme", dirs_exist_ok=True)


def supplier_list(site: Any, rows: int) -> str:
    """A TSV supplier list of `rows` rows, the kinds of row mixed as MIX says, with a fixed seed."""
    from certreg.core.fold import LEGAL_FORMS, fold

    rng = random.Random(SEED + rows)
    orgs = site.organizations
    with_ids = [org for org in orgs if org.get("identifiers")]
    lines = ["Supplier name\tCountry\tCertificate No.\tStandard\tVAT ID\tLEI"]
    for _ in range(rows):
        org = rng.choice(orgs)
        cert = rng.choice(org["certifications"])
        standard = cert["standard_refs"][0]["ref"]
        words = [w for w in org["name"].split() if fold(w).strip(".,") not in LEGAL_FORMS]
        kind = rng.random()
        name, country, number, vat, lei = f"{' '.join(words)} Ltd", org["country_name"], "", "", ""
        if kind < MIX["number"]:
            number = cert["certificate_number"].lower().replace("-", " ")
        elif kind < MIX["number"] + MIX["identifier"] and with_ids:
            holder = rng.choice(with_ids)
            vat, lei = holder["identifiers"].get("vat", ""), holder["identifiers"].get("lei", "")
            name, country = "", holder["country_name"]
        elif kind < MIX["number"] + MIX["identifier"] + MIX["name"]:
            pass
        elif kind < sum(MIX.values()) and len(words) > 2:
            name = " ".join(words[:-1])
        else:
            name, country = f"Unlisted Supplier {rng.randrange(10**6)} Holdings", "France"
        lines.append("\t".join([name, country, number, standard, vat, lei]))
    return "\n".join(lines) + "\n"


def child(*args: str) -> dict[str, Any]:
    """Run one stage of this script in a fresh Python process; its last stdout line is JSON."""
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    result = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(result.stdout.strip().splitlines()[-1])


def check_list(browser: Any, url: str, list_path: Path, warm_with: Path | None = None) -> dict[str, Any]:
    """A fresh context: open the list as a file and wait for the result; time, long tasks, bytes."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#check-form[data-ready='true']", state="attached")
    if warm_with is not None:
        page.evaluate(WAIT_JS)
        page.set_input_files("#check-file", str(warm_with))
        page.evaluate("window.certregChecked")
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.evaluate(WAIT_JS)
    started = time.perf_counter()
    page.set_input_files("#check-file", str(list_path))
    result = page.evaluate("window.certregChecked")
    wall = time.perf_counter() - started
    counted = [r for r in responses if r.status == 200 and r.request.resource_type not in ("document", "stylesheet")]
    total = sum(wire_size(r.body()) for r in counted)
    outcomes = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#check-rows tr')].reduce((m, tr) =>"
        " m.set(tr.dataset.outcome, (m.get(tr.dataset.outcome) || 0) + 1), new Map()))"
    )
    context.close()
    return {
        "rows": result["rows"],
        "s": round(result["ms"] / 1000, 2),
        "wall_s": round(wall, 2),
        "long_task_max_ms": round(result["longTaskMs"]),
        "long_tasks": result["longTasks"],
        "requests": len(counted),
        "kb": round(total / 1e3, 1),
        "outcomes": outcomes,
    }


def measure(site_dir: Path, rows: tuple[int, ...]) -> dict[str, Any]:
    """Every list size, cold (fresh context) and warm (the same page after a 100-row list)."""
    results: dict[str, Any] = {}
    with served_browser(site_dir) as (browser, base):
        url = base + "/check/"
        for count in rows:
            list_path = site_dir / f"list-{count}.tsv"
            results[str(count)] = {
                "cold": check_list(browser, url, list_path),
                "warm": check_list(browser, url, list_path, warm_with=site_dir / "list-100.tsv"),
            }
    return results


def report(size: int, prepared: dict[str, Any], measured: dict[str, Any]) -> str:
    """The figures of one registry size as text."""
    lines = [
        f"\n== {size:,} organizations ==",
        f"check index: {prepared['index_s']} s, {prepared['files']} files, {prepared['stored_mb']} MB stored, "
        f"{prepared['whole_index_gzip_kb']} KB gzipped in all (baseline: fetch everything); "
        f"load+enrich {prepared['load_enrich_s']} s, peak {prepared['peak_mb']} MB "
        f"(site in memory {prepared['site_in_memory_mb']} MB)",
        "rows   cache  seconds  (wall)  longest task ms  requests  KB gzip  of whole index  outcomes",
    ]
    for count, runs in measured.items():
        for cache, r in runs.items():
            share = 100 * r["kb"] / prepared["whole_index_gzip_kb"]
            budget = BUDGET_S.get(int(count))
            verdict = (
                "" if budget is None or cache == "warm" else (" (budget met)" if r["s"] <= budget else " (OVER BUDGET)")
            )
            lines.append(
                f"{count:>5}  {cache:5}  {r['s']:7}{verdict}  ({r['wall_s']})  {r['long_task_max_ms']:>6}"
                f"  {r['requests']:>8}  {r['kb']:>7}  {share:5.1f}%  {r['outcomes']}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the stages, or one stage when called as a child process."""
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "--stage-prepare":
        print(json.dumps(stage_prepare(Path(argv[1]), Path(argv[2]), *argv[3:])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--rows", type=int, nargs="+", default=list(ROWS))
    parser.add_argument(
        "--site-pickle",
        default="",
        help="an enriched site pickled by bench_search.py for the one size given: skips load and enrich",
    )
    args = parser.parse_args(argv)
    everything = {}
    for size in args.sizes:
        registry = OUT / f"reg-{size}" if args.site_pickle else ensure_registry(size)
        site_dir = OUT / f"check-{size}"
        prepared = child("--stage-prepare", str(registry), str(site_dir), args.site_pickle)
        measured = measure(site_dir, tuple(args.rows))
        print(report(size, prepared, measured), flush=True)
        everything[size] = {"prepared": prepared, "measured": measured}
    (OUT / "bench-check.json").write_text(json.dumps(everything, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
