"""Benchmark: `certreg import` of a 10,000-row spreadsheet, against `certreg validate` of the result in the same run.

    python benchmarks/bench_import.py [--rows 10000] [--format csv|xlsx]

Writes a spreadsheet of ROWS certificates (organizations of one to three rows, names in several scripts,
long multi-paragraph scopes, dates in three forms), imports it into a copy of the demo registry, then
validates the result. Prints the wall-clock seconds of both, their ratio, and the rows a second.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "plugins"))

from certreg.commands.main import main  # noqa: E402

TODAY = "2026-11-26"
HEADER = [
    "Company",
    "Country",
    "City",
    "VAT ID",
    "Certificate No.",
    "Standard",
    "Certification body",
    "Accredited",
    "Scope",
    "Issue date",
    "Valid until",
    "Source URL",
]
BODIES = [("NordCert AS", "nordcert", ["ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018"])]
NAMES = [
    ("Kvitfjell Verksted {n} AS", "NO", "Hammerfest"),
    ("Müller Präzisionsteile {n} GmbH", "DE", "Stuttgart"),
    ("ООО «Северный завод {n}»", "RU", "Санкт-Петербург"),  # noqa: RUF001 - Cyrillic on purpose
    ("株式会社精機{n}", "JP", "名古屋"),
    ("شركة النخبة {n}", "SA", "الرياض"),
    ("Ελαιουργία Κρήτης {n} Α.Ε.", "GR", "Ηράκλειο"),  # noqa: RUF001 - Greek on purpose
    ("Société Générale d'Emballage {n} S.A.", "FR", "Lyon"),
]
SCOPE = (
    "Design, manufacture and servicing of {n} hydraulic components for marine, offshore and agricultural "
    'machinery, including: pumps, valves & cylinders ("heavy duty").\n\n'
    "Site activities: machining, welding, surface treatment, assembly and testing; <excluded>: design of "
    "software. Certificate #{n} — scope as printed."
)


def date_text(day: date, form: int) -> str:
    """A date in one of the forms the import reads: ISO, DD.MM.YYYY or an Excel serial."""
    if form == 0:
        return day.isoformat()
    if form == 1:
        return day.strftime("%d.%m.%Y")
    return str((day - date(1899, 12, 30)).days)


def spreadsheet_rows(count: int, bodies: list[tuple[str, str, list[str]]] = BODIES, seed: int = 1) -> list[list[str]]:
    """`count` certificate rows, one to three a organization, deterministic for a seed."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    organization = 0
    while len(rows) < count:
        organization += 1
        pattern, country, city = NAMES[organization % len(NAMES)]
        name = pattern.format(n=organization)
        vat = f"{country}{organization:09d}" if organization % 2 else ""
        for _ in range(min(rng.randint(1, 3), count - len(rows))):
            body_name, slug, standards = rng.choice(bodies)
            number = f"{slug[:2].upper()}-{len(rows):07d}"
            issued = date(2024, 1, 1) + timedelta(days=rng.randint(0, 900))
            expires = issued + timedelta(days=3 * 365 - 1)
            source = f"https://{slug}.example/directory/{number}"
            scope = SCOPE.format(n=organization) if rng.random() < 0.5 else "Processing of fresh fish"
            dates = [date_text(issued, rng.randint(0, 2)), date_text(expires, rng.randint(0, 2))]
            rows.append(
                [name, country, city, vat, number, rng.choice(standards), body_name, "yes", scope, *dates, source]
            )
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    """The rows as a comma-separated UTF-8 file with a header."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    """The rows as the first sheet of a workbook."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Certificates")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def timed(argv: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds and the exit code of one in-process `certreg` run, its output discarded."""
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        start, cpu = time.perf_counter(), time.process_time()
        code = main(argv)
        return time.perf_counter() - start, time.process_time() - cpu, code


def run(count: int, form: str) -> None:
    """Import `count` rows into a copy of the demo registry and validate it; print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        registry = Path(shutil.copytree(REPO / "registry", work / "registry"))
        rows = spreadsheet_rows(count)
        source = (write_xlsx if form == "xlsx" else write_csv)(work / f"rows.{form}", rows)
        report = work / "report.csv"
        argv = ["import", str(source), "--registry", str(registry), "--today", TODAY, "--report", str(report)]
        wall, cpu, code = timed(argv)
        files = len(list((registry / "organizations").iterdir()))
        base_wall, base_cpu, valid = timed(["validate", "--registry", str(registry), "--today", TODAY])
        print(f"rows: {count:,} ({form}, {source.stat().st_size:,} bytes); exit {code}; {files:,} organization files")
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times swing with it)")
        print("| run | wall s | CPU s | CPU x validate |\n| --- | ---: | ---: | ---: |")
        print(
            f"| baseline: `certreg validate` of the result (exit {valid}) | {base_wall:.2f} | {base_cpu:.2f} | 1.00 |"
        )
        print(f"| `certreg import` (target: under 30 s) | {wall:.2f} | {cpu:.2f} | {cpu / base_cpu:.2f} |")


def main_cli() -> None:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    run(args.rows, args.format)


if __name__ == "__main__":
    main_cli()
