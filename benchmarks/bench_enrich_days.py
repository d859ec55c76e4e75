"""CPU seconds of `load_sites` (load, validate, enrich) cold, the same day and the next day, with the kept stores.

Prints, for a synthetic registry, the CPU time of each of the three runs and the size of each kept file,
and the next day's run as a share of the cold run in the same process (a ratio, not an absolute figure).
Run: `PYTHONPATH=$PWD/plugins python benchmarks/bench_enrich_days.py --orgs 2000`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.synth import main as synth
from certreg.core.i18n import ENGLISH
from certreg.enrich.pipeline import load_sites
from certreg.load.cache import CachedReader

TODAY = date(2026, 11, 26)


def timed(registry: Path, cache: Path, today: date) -> float:
    """CPU seconds of one `load_sites` with the kept stores in `cache`."""
    start = time.process_time()
    reader = CachedReader(cache, registry)
    load_sites(registry, today, 90, reader, (ENGLISH,), cache_dir=cache)
    reader.save()
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    """Build a registry (or use --registry), run the three loads and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orgs", type=int, default=2000)
    parser.add_argument("--registry", type=Path, help="an existing registry (else a synthetic one is made)")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-enrich-") as temp:
        registry = arguments.registry
        if registry is None:
            registry = Path(temp) / "registry"
            synth(["--orgs", str(arguments.orgs), "--out", str(registry), "--seed", "1", "--today", str(TODAY)])
        cache = Path(temp) / "cache"
        figures = {
            "cold": timed(registry, cache, TODAY),
            "same day": timed(registry, cache, TODAY),
            "next day": timed(registry, cache, TODAY + timedelta(days=1)),
        }
        for name, seconds in figures.items():
            print(f"{name:>9}: {seconds:7.2f} CPU s ({100 * seconds / figures['cold']:.0f}% of cold)")
        for path in sorted(cache.iterdir()):
            print(f"{path.name:>20}: {path.stat().st_size / 1e6:7.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
