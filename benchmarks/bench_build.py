"""Benchmark: cold and incremental `certreg build`, against a minimal Pelican site in the same run.

    python benchmarks/bench_build.py [--sizes 1000,10000] [--work DIR] [--keep]

For each size, `benchmarks/synth.py --orgs N --seed 1` writes a registry, then each scenario runs
`certreg build` in a child process:
- cold: no output and no cache;
- same day: the same registry and build date again;
- next day: the same registry, one day later;
- one organization: one record's name changed, same date as the build before.
For each it prints wall and CPU seconds (user + system of every process; on a shared machine the CPU
time is the steadier figure, and ratios use it), the peak resident memory of the largest process (from
`getrusage(RUSAGE_CHILDREN)` in a wrapper process), files written and bytes written (from the build's
last line), and each figure as a ratio to the baseline: Pelican building one trivial Markdown page per
organization with its own `simple` theme (by default only up to 10,000 organizations: at 100,000 the
baseline alone takes longer than every certreg build together). It also prints the output's files and
bytes. Timings on a shared machine vary: compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

if not __package__:  # run as `python benchmarks/bench_build.py`: the repository root holds the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.site_shape import shape

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CERTREG = [PYTHON, "-m", "certreg.commands.main"]
BUILD_DATE = date(2026, 11, 26)
SUMMARY = re.compile(r"certreg: ([\d,]+) files? written, ([\d,]+) unchanged, ([\d,]+) removed; ([\d,]+) bytes written")
BASELINE_SETTINGS = """
PATH = "content"
THEME = "simple"
ARTICLE_PATHS = []
PAGE_PATHS = [""]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
CACHE_CONTENT = False
DISPLAY_PAGES_ON_MENU = False  # else every page links every other: quadratic output
DISPLAY_CATEGORIES_ON_MENU = False
"""


def measured(command: list[str]) -> dict[str, float | str]:
    """Run `command` through a wrapper process; its seconds, peak memory (MB) and stderr."""
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "seconds = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "figures = {'seconds': seconds, 'cpu': usage.ru_utime + usage.ru_stime, 'peak_mb': usage.ru_maxrss / 1024}\n"
        "print(json.dumps({**figures, 'code': done.returncode, 'err': done.stderr}))\n"
    )
    result = subprocess.run([PYTHON, "-c", wrapper, *command], capture_output=True, text=True, check=True, cwd=REPO)
    figures = json.loads(result.stdout)
    if figures["code"] != 0:
        raise SystemExit(f"certreg: benchmark command failed: {' '.join(command)}\n{figures['err']}")
    return figures


def build(registry: Path, output: Path, today: date) -> dict[str, float]:
    """One `certreg build`: seconds, peak MB, files written and bytes written."""
    figures = measured([*CERTREG, "build", "--registry", str(registry), "--output", str(output), "--today", str(today)])
    match = SUMMARY.search(str(figures["err"]))
    assert match, figures["err"]
    written, _unchanged, removed, written_bytes = (int(group.replace(",", "")) for group in match.groups())
    return {
        "seconds": float(figures["seconds"]),
        "cpu": float(figures["cpu"]),
        "peak_mb": float(figures["peak_mb"]),
        "files_written": written,
        "files_removed": removed,
        "bytes_written": written_bytes,
    }


def baseline(registry: Path, work: Path) -> dict[str, float]:
    """Pelican with its `simple` theme, one trivial Markdown page per organization."""
    site = work / "baseline"
    shutil.rmtree(site, ignore_errors=True)
    content = site / "content"
    content.mkdir(parents=True)
    for path in sorted((registry / "organizations").glob("*.yaml")):
        (content / f"{path.stem}.md").write_text(f"Title: {path.stem}\n\nOrganization {path.stem}.\n", encoding="utf-8")
    (site / "conf.py").write_text(BASELINE_SETTINGS, encoding="utf-8")
    command = [PYTHON, "-m", "pelican", str(content), "-s", str(site / "conf.py"), "-o", str(site / "out"), "-q"]
    figures = measured(command)
    return {"seconds": float(figures["seconds"]), "cpu": float(figures["cpu"]), "peak_mb": float(figures["peak_mb"])}


def tree_size(folder: Path) -> tuple[int, int]:
    """Files and bytes under a folder."""
    site = shape(folder)
    return site.files, site.bytes


def build_counted(registry: Path, output: Path, today: date) -> dict[str, float]:
    """`build`, then the files the site holds after it (counted outside the timed build)."""
    row = build(registry, output, today)
    row["files_in_site"] = tree_size(output)[0]
    return row


def change_one_organization(registry: Path) -> None:
    """Rename the first organization (a change a maintainer makes every day)."""
    path = sorted((registry / "organizations").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    name = re.search(r"^name: (.+)$", text, re.M)
    assert name, path
    path.write_text(text.replace(name.group(0), f"{name.group(0)} Holding", 1), encoding="utf-8")


def run_size(size: int, work: Path, baseline_max: int) -> dict[str, object]:
    """Every scenario at one size."""
    registry, output = work / f"registry-{size}", work / f"output-{size}"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(work / ".certreg-cache" / output.name, ignore_errors=True)
    subprocess.run(
        [PYTHON, "benchmarks/synth.py", "--orgs", str(size), "--out", str(registry), "--seed", "1"],
        check=True,
        cwd=REPO,
    )
    rows = {"baseline": baseline(registry, work)} if size <= baseline_max else {}
    rows["cold"] = build_counted(registry, output, BUILD_DATE)
    files, total_bytes = tree_size(output)
    rows["same day"] = build_counted(registry, output, BUILD_DATE)
    rows["next day"] = build_counted(registry, output, BUILD_DATE + timedelta(days=1))
    change_one_organization(registry)
    rows["one organization"] = build_counted(registry, output, BUILD_DATE + timedelta(days=1))
    return {"size": size, "files": files, "bytes": total_bytes, "rows": rows}


def table(result: dict[str, object]) -> str:
    """A Markdown table of one size's figures, with ratios to the baseline and to the cold build."""
    rows = result["rows"]
    assert isinstance(rows, dict)
    base, cold = rows.get("baseline"), rows["cold"]
    lines = [
        f"**{result['size']:,} organizations**: {result['files']:,} files, {result['bytes'] / 1e6:,.0f} MB",
        "",
        "| build | wall s | CPU s | CPU x baseline | CPU % of cold | peak MB | MB x baseline "
        "| files written | bytes written | files in site |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in rows.items():
        written = "" if name == "baseline" else f"{row['files_written']:,}"
        written_bytes = "" if name == "baseline" else f"{row['bytes_written']:,}"
        in_site = "" if name == "baseline" else f"{row['files_in_site']:,}"
        cpu_ratio = f"{row['cpu'] / base['cpu']:.2f}" if base else "n/a"
        memory_ratio = f"{row['peak_mb'] / base['peak_mb']:.2f}" if base else "n/a"
        lines.append(
            f"| {name} | {row['seconds']:.1f} | {row['cpu']:.1f} | {cpu_ratio} | "
            f"{100 * row['cpu'] / cold['cpu']:.0f}% | {row['peak_mb']:.0f} | "
            f"{memory_ratio} | {written} | {written_bytes} | {in_site} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Parse the arguments, run every size, print the tables and write them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated organization counts")
    parser.add_argument(
        "--baseline-max", type=int, default=10_000, help="build the Pelican baseline only up to this size"
    )
    parser.add_argument("--work", type=Path, default=REPO / "benchmarks" / "out" / "build")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in (int(size) for size in args.sizes.split(",")):
        started = time.perf_counter()
        result = run_size(size, args.work.resolve(), args.baseline_max)
        results.append(result)
        print(table(result), flush=True)
        print(f"({time.perf_counter() - started:.0f} s for this size)\n", flush=True)
    (args.work / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"largest process of the whole run: {peak:.0f} MB")


if __name__ == "__main__":
    main()
