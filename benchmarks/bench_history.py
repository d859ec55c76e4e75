"""Benchmark: record history from git, and every follow-a-supplier file, against the build's own stages.

    python benchmarks/bench_history.py [--sizes 1000,10000] [--days 365] [--files-per-day 5]

For each size it writes a synthetic registry (benchmarks/synth.py) into a fresh git repository with
`git fast-import`: one commit listing every organization a year before the build date, then one commit
a day for `--days` days, each changing `--files-per-day` organization files (a `last_verified` date every
day, a scope every seventh day). It then prints CPU seconds of the process and its git children (best of
`--repeat`), with wall seconds:
- baseline: load + validate + enrich, the stages every build runs before it writes a page;
- git log: the one `git log --raw` over the whole history;
- history: `read_history` in full (git log, one `git cat-file --batch`, libyaml parse, field diffs);
- events: every event of every certificate;
- files: every feed, calendar, badge and daily change file (their bytes are summed per kind);
- qr: the QR code of every certificate page;
and the added share of CPU time, (history + events + files + qr) / baseline. The baseline leaves out page
rendering and writing, which take longer than these three stages: the share of a whole build is smaller.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "plugins"))

from benchmarks.synth import write_registry  # noqa: E402
from certreg.enrich.events import all_events  # noqa: E402
from certreg.enrich.site import enrich  # noqa: E402
from certreg.load.history import git, log_args, read_history  # noqa: E402
from certreg.load.loader import load_registry  # noqa: E402
from certreg.render.follow import badges, calendars, changes, feeds  # noqa: E402
from certreg.render.follow.qr_codes import QrCodes  # noqa: E402
from certreg.validate.validator import validate  # noqa: E402

BUILD_DATE = date(2026, 11, 26)
SETTINGS = {"SITEURL": "https://certreg.example.org", "SITENAME": "certreg"}
COMMIT_URL = "https://github.com/certreg/certreg/commit/"


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (git), user and system."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def best_of(repeat: int, run: Callable[[], object]) -> tuple[tuple[float, float], object]:
    """(wall, CPU) seconds of the fastest of `repeat` runs, and the last result.

    The machine this runs on may be shared: CPU seconds are the fair figure, wall seconds are shown too.
    """
    timings, result = [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), cpu_seconds()
        result = run()
        timings.append((cpu_seconds() - cpu, time.perf_counter() - start))
    cpu, wall = min(timings)
    return (wall, cpu), result


def blob(path: str, text: str) -> bytes:
    """Write a fast-import file modification with inline data."""
    data = text.encode("utf-8")
    return f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"


def commit_header(day: date, message: str) -> bytes:
    """Start a fast-import commit at noon UTC on `day`, on top of the previous one in the stream."""
    stamp = int(datetime.combine(day, day_time(12), tzinfo=UTC).timestamp())
    return f"commit refs/heads/main\ncommitter t <t@e> {stamp} +0000\ndata {len(message)}\n{message}\n".encode()


def daily_edit(text: str, day: date, number: int) -> str:
    """Change a record as a maintainer would: re-verified today, and now and then a new scope."""
    text = re.sub(r"last_verified: \d{4}-\d{2}-\d{2}", f"last_verified: {day.isoformat()}", text, count=1)
    if number % 7 == 0:
        text = re.sub(r"(scope: [^\n]*)", rf"\1 (revised {day.isoformat()})", text, count=1)
    return text


def make_repository(root: Path, size: int, days: int, per_day: int) -> Path:
    """Make a git repository whose registry/ has `size` organizations and `days` daily commits."""
    registry = root / "registry"
    write_registry(registry, orgs=size, seed=1, today=BUILD_DATE)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    files = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in registry.rglob("*.yaml")}
    start = BUILD_DATE - timedelta(days=days)
    stream = [commit_header(start, "first listing"), *(blob(p, t) for p, t in sorted(files.items()))]
    organizations = sorted(p for p in files if p.startswith("registry/organizations/"))
    rng = random.Random(1)
    for offset in range(1, days + 1):
        day = start + timedelta(days=offset)
        stream.append(commit_header(day, f"re-verified on {day}"))
        for number, path in enumerate(rng.sample(organizations, per_day)):
            files[path] = daily_edit(files[path], day, offset + number)
            stream.append(blob(path, files[path]))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)
    return registry


def follow_files(site, events, history) -> dict[str, list[int]]:
    """Sizes in bytes of every follow file, by kind."""
    sizes: dict[str, list[int]] = defaultdict(list)
    produced = [
        *feeds.feed_files(site, events, SETTINGS),
        *calendars.calendar_files(site, SETTINGS),
        *badges.badge_files(site),
        *changes.change_files(site.build_date, history, events),
    ]
    for path, text in produced:
        kind = "changes/*.json" if path.startswith(changes.CHANGES_FOLDER) else path.rsplit("/", 1)[-1]
        if kind == "feed.atom" and path != "feed.atom":
            kind = f"{path.split('/', 1)[0]}/*/feed.atom"
        sizes[kind].append(len(text.encode("utf-8")))
    return sizes


def measure(size: int, days: int, per_day: int, repeat: int) -> dict:
    """Seconds for each stage, and file sizes, at `size` organizations."""
    with tempfile.TemporaryDirectory() as folder:
        registry = make_repository(Path(folder), size, days, per_day)

        def baseline():
            loaded = load_registry(registry)
            validate(loaded, BUILD_DATE)
            return enrich(loaded, BUILD_DATE)

        result = {"orgs": size}
        result["baseline"], site = best_of(repeat, baseline)
        inside = Path(folder)
        result["git log"], _ = best_of(repeat, lambda: git(log_args("registry/organizations"), inside))
        since = changes.window_start(BUILD_DATE)
        result["history"], history = best_of(repeat, lambda: read_history(registry, COMMIT_URL, since))
        result["events"], events = best_of(repeat, lambda: all_events(site, history))
        result["files"], sizes = best_of(repeat, lambda: follow_files(site, events, history))
        codes = QrCodes(SETTINGS["SITEURL"])
        result["qr"], _ = best_of(1, lambda: [codes.for_certificate(c) for c in site.certificates])
    result.update(certs=len(site.certificates), events_count=len(events), sizes=sizes)
    return result


def report(r: dict) -> None:
    """Print one size's figures."""
    cpu = {key: value[1] for key, value in r.items() if isinstance(value, tuple)}
    added = cpu["history"] + cpu["events"] + cpu["files"] + cpu["qr"]
    print(f"\n{r['orgs']} organizations, {r['certs']} certificates, {r['events_count']} published events")
    print(f"  {'stage':<9} {'CPU s':>8} {'wall s':>8}")
    for key in ("baseline", "git log", "history", "events", "files", "qr"):
        print(f"  {key:<9} {r[key][1]:8.2f} {r[key][0]:8.2f}")
    print(f"  added (CPU) {added:6.2f} s = {added / cpu['baseline']:.0%} of load+validate+enrich")
    print(f"  history alone (CPU): {cpu['history'] / cpu['baseline']:.0%} of load+validate+enrich")
    for kind, sizes in sorted(r["sizes"].items()):
        print(f"  {kind:<32} {len(sizes):7} files {sum(sizes):12,} bytes  (largest {max(sizes):,})")


def main() -> int:
    """Run every size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--files-per-day", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"build date {BUILD_DATE}; {args.days} daily commits of {args.files_per_day} files each")
    for size in (int(s) for s in args.sizes.split(",")):
        report(measure(size, args.days, args.files_per_day, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
