"""Benchmark: load, validate and enrich synthetic registries, against naive PyYAML in the same run.

    python benchmarks/bench_validate.py [--sizes 1000,10000] [--repeat 3]

For each size it prints the best of N wall-clock seconds (one core) for:
- baseline: `yaml.load(..., CSafeLoader)` of every file (what a naive loader does, with none of our checks);
- load: certreg's strict loader (positions, duplicate keys, aliases, tags, stray files);
- validate: JSON Schema plus every REG rule;
- enrich: statuses and computed fields at the build date;
and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synth import write_registry  # noqa: E402
from certreg.enrich.site import enrich  # noqa: E402
from certreg.load.loader import load_registry  # noqa: E402
from certreg.validate.validator import validate  # noqa: E402

BUILD_DATE = date(2026, 11, 26)


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    """The fastest of `repeat` runs and the last result."""
    timings, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - start)
    return min(timings), result


def naive_load(root: Path) -> int:
    """Baseline: what `yaml.safe_load` with libyaml does for the same files."""
    count = 0
    for path in sorted(root.rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        count += 1
    return count


def measure(size: int, repeat: int) -> dict[str, float]:
    """Seconds for each stage on a registry of `size` organizations."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "registry"
        write_registry(root, orgs=size, seed=1, today=BUILD_DATE)
        baseline, _ = best_of(repeat, lambda: naive_load(root))
        load_seconds, registry = best_of(repeat, lambda: load_registry(root))
        validate_seconds, problems = best_of(repeat, lambda: validate(registry, BUILD_DATE))
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise SystemExit(f"certreg: synthetic registry has {len(errors)} errors, first: {errors[0]}")
        enrich_seconds, site = best_of(repeat, lambda: enrich(registry, BUILD_DATE))
    return {
        "orgs": size,
        "certs": len(site.certificates),
        "baseline": baseline,
        "load": load_seconds,
        "validate": validate_seconds,
        "enrich": enrich_seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'orgs':>7} {'certs':>7} {'naive yaml':>11} {'load':>7} {'validate':>9} {'enrich':>7} "
        f"{'load+validate':>14} {'vs naive':>9}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        r = measure(size, args.repeat)
        total = r["load"] + r["validate"]
        print(
            f"{r['orgs']:>7} {r['certs']:>7} {r['baseline']:>10.3f}s {r['load']:>6.3f}s {r['validate']:>8.3f}s "
            f"{r['enrich']:>6.3f}s {total:>13.3f}s {total / r['baseline']:>8.1f}x"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak_mb:.0f} MB (build date {BUILD_DATE})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
