"""What a host sees of a built site: files, folders, bytes, the largest file, and which host limits it meets.

    python benchmarks/site_shape.py OUTPUT [OUTPUT ...] [--orgs N ...]

For each built output folder (e.g. `benchmarks/out/build/output-10000` after `make bench-build`) it
prints one row of docs/deploy.md's host table. The limits are those the hosts publish (docs/deploy.md
cites them): GitHub Pages 1 GB a site; GitLab Pages 1 GB and 200,000 entries, folders included;
Cloudflare Pages 20,000 files (100,000 on paid plans) and 25 MiB a file. Netlify publishes no file
limit, so its column is the number of files each deploy lists and checksums.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import NamedTuple

GB = 1_000_000_000
MIB = 1024 * 1024
GITLAB_ENTRIES = 200_000
CLOUDFLARE_FREE_FILES, CLOUDFLARE_PAID_FILES, CLOUDFLARE_FILE_BYTES = 20_000, 100_000, 25 * MIB


class Shape(NamedTuple):
    """One built site, as a host counts it."""

    files: int
    folders: int
    bytes: int
    largest: str
    largest_bytes: int


def shape(output: Path) -> Shape:
    """Walk `output` once (os.scandir through os.walk: one stat per entry)."""
    files = folders = total = largest_bytes = 0
    largest = ""
    for folder, subfolders, names in os.walk(output):
        folders += len(subfolders)
        for name in names:
            size = os.stat(os.path.join(folder, name)).st_size
            files, total = files + 1, total + size
            if size > largest_bytes:
                largest, largest_bytes = os.path.relpath(os.path.join(folder, name), output), size
    return Shape(files, folders, total, largest, largest_bytes)


def verdicts(site: Shape) -> list[str]:
    """GitHub Pages, GitLab Pages, Cloudflare Pages and Netlify: fits, or why not."""
    entries = site.files + site.folders
    size = f"{site.bytes / GB:.2f} GB"
    github = "fits" if site.bytes <= GB else f"no ({size})"
    fits_gitlab = site.bytes <= GB and entries <= GITLAB_ENTRIES
    gitlab = f"fits ({entries:,} entries)" if fits_gitlab else f"no ({size}, {entries:,} entries)"
    if site.largest_bytes > CLOUDFLARE_FILE_BYTES:
        cloudflare = f"no ({site.largest_bytes / MIB:.1f} MiB file)"
    elif site.files <= CLOUDFLARE_FREE_FILES:
        cloudflare = "fits"
    elif site.files <= CLOUDFLARE_PAID_FILES:
        cloudflare = "paid plan only"
    else:
        cloudflare = f"no ({site.files:,} files)"
    return [github, gitlab, cloudflare, f"each deploy checksums {site.files:,} files"]


def row(organizations: int, site: Shape) -> str:
    """One Markdown row of the host table."""
    cells = [
        f"{organizations:,}",
        f"{site.files:,}",
        f"{site.folders:,}",
        f"{site.bytes / 1e6:,.0f} MB",
        f"{site.files / organizations:.1f}",
        f"`{site.largest}` {site.largest_bytes / 1e6:,.1f} MB",
        *verdicts(site),
    ]
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| organizations | files | folders | bytes | files per organization | largest file "
    "| GitHub Pages | GitLab Pages | Cloudflare Pages | Netlify |\n"
    "| ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- |"
)


def main() -> None:
    """Print the table for the folders given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outputs", type=Path, nargs="+")
    parser.add_argument("--orgs", type=int, nargs="+", required=True, help="organizations in each output, in order")
    args = parser.parse_args()
    if len(args.orgs) != len(args.outputs):
        parser.error("give one --orgs count per output folder")
    print(HEADER)
    for organizations, output in zip(args.orgs, args.outputs, strict=True):
        print(row(organizations, shape(output)), flush=True)


if __name__ == "__main__":
    main()
