"""Benchmark: what a further language costs, a cold build with `site.languages: [de]` against one without.

    PYTHONPATH=$PWD/plugins python -m benchmarks.bench_languages [--orgs 10000] [--languages de]
        [--work DIR] [--synth PATH]

`benchmarks/synth.py --orgs N --seed 1` writes a registry into a fresh git repository (one commit, so the
history is read as in a real registry), then two cold `certreg build`s run in child processes with the
same certreg.yaml but for `site.languages`: the baseline (one language) and the build with the further
languages. It prints, for each, wall and CPU seconds (user + system of every process: the steadier
figure on a shared machine), peak memory, and the output's files and bytes, then what the further
languages add. Timings on a shared machine vary: compare within one run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.bench_build import BUILD_DATE, CERTREG, PYTHON, REPO, measured, tree_size

QR_CACHE = ".cache/qr"  # pelicanconf.py's QR_CACHE, relative to the folder the build runs in
CONFIG = """schema_version: "2"
site:
  name: Benchmark registry
  url: https://registry.example.org
  language: en
{languages}operator:
  name: Benchmark
  contact: mailto:registry@example.org
links:
  source_repository: https://github.com/example/registry
  report_error: https://github.com/example/registry/issues/new
"""


def make_registry(orgs: int, work: Path, synth: Path) -> Path:
    """A synthetic registry of `orgs` organizations, committed in a git repository of its own."""
    repository = work / f"repository-{orgs}"
    shutil.rmtree(repository, ignore_errors=True)
    registry = repository / "registry"
    command = [PYTHON, str(synth), "--orgs", str(orgs), "--out", str(registry), "--seed", "1"]
    subprocess.run(command, check=True, cwd=REPO)
    git = ["git", "-C", str(repository), "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Synthetic registry", "--date", "2026-11-01T00:00:00Z"], check=True)
    return registry


def cold_build(registry: Path, work: Path, name: str, languages: list[str]) -> dict[str, float]:
    """One cold build (no output, no cache) with these further languages: seconds, CPU, peak MB, files, bytes."""
    config = work / f"{name}.yaml"
    listed = f"  languages: [{', '.join(languages)}]\n" if languages else ""
    config.write_text(CONFIG.format(languages=listed), encoding="utf-8")
    output = work / f"output-{name}"
    shutil.rmtree(output, ignore_errors=True)
    # Drawn QR codes are kept between builds (the QR_CACHE setting, beside the checkout): both builds start
    # without them, as a first build does; within one build the languages share the codes drawn.
    shutil.rmtree(REPO / QR_CACHE, ignore_errors=True)
    command = [*CERTREG, "build", "--registry", str(registry), "--output", str(output), "--no-cache"]
    figures = measured([*command, "--today", str(BUILD_DATE), "--config", str(config)])
    files, total = tree_size(output)
    return {**{key: float(figures[key]) for key in ("seconds", "cpu", "peak_mb")}, "files": files, "bytes": total}


def report(orgs: int, languages: list[str], one: dict[str, float], more: dict[str, float]) -> str:
    """A Markdown table of both builds and the difference."""
    lines = [
        f"**{orgs:,} organizations**, further languages: {', '.join(languages)}",
        "",
        "| build | wall s | CPU s | peak MB | files | bytes |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, row in (("one language (baseline)", one), (f"+ {', '.join(languages)}", more)):
        seconds = f"{row['seconds']:.1f} | {row['cpu']:.1f} | {row['peak_mb']:.0f}"
        lines.append(f"| {label} | {seconds} | {row['files']:,} | {row['bytes']:,} |")
    added = {key: more[key] - one[key] for key in one}
    lines.append(
        f"| added | {added['seconds']:+.1f} | {added['cpu']:+.1f} (x {more['cpu'] / one['cpu']:.2f}) | "
        f"{added['peak_mb']:+.0f} | {added['files']:+,.0f} | {added['bytes']:+,.0f} |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/certreg-bench-languages"))
    parser.add_argument("--languages", default="de", help="comma-separated further languages")
    # synth.py reads country weights from ../shared beside the checkout it lives in: a worktree may need
    # the main checkout's copy.
    parser.add_argument("--synth", type=Path, default=REPO / "benchmarks" / "synth.py")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    languages = [code for code in args.languages.split(",") if code]
    registry = make_registry(args.orgs, args.work, args.synth)
    one = cold_build(registry, args.work, "one", [])
    more = cold_build(registry, args.work, "more", languages)
    print(report(args.orgs, languages, one, more))
    return 0


if __name__ == "__main__":
    sys.exit(main())
