"""`certreg publish`: copy a built site to object storage with rclone, sending only what changed.

    certreg publish [--output output] [--dry-run] REMOTE     # e.g. r2:certreg-site, s3:bucket/registry

Two `rclone` runs (Debian's rclone; any remote: S3, R2, GCS, Azure Blob, a local folder):
1. `rclone copy --checksum` of the fingerprinted theme files (`theme/css/site.<hash>.css`), with a
   year's immutable caching: their bytes never change under a name. Old ones are kept, since pages
   still cached by browsers or a CDN may link them.
2. `rclone sync --checksum` of everything else, revalidated daily, deleting what the build removed.

A file is sent only when its size or checksum differ from the remote copy, so after a same-day
rebuild nothing is sent, and after a next-day rebuild only the files whose bytes changed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from certreg.build.assets import ASSET_FOLDERS, HASH_LENGTH, THEME_STATIC_URL

FOLDERS = ",".join(ASSET_FOLDERS)
IMMUTABLE_ASSETS = f"/{THEME_STATIC_URL}/{{{FOLDERS}}}/*.{'?' * HASH_LENGTH}.{{{FOLDERS}}}"
ASSET_HEADER = "Cache-Control: public, max-age=31536000, immutable"
PAGE_HEADER = "Cache-Control: public, max-age=86400, must-revalidate"


def rclone_commands(output: Path, remote: str, extra: list[str]) -> list[list[str]]:
    """Return the two rclone command lines that publish `output` to `remote`."""
    source = str(output)
    return [
        ["rclone", "copy", source, remote, "--checksum", "--include", IMMUTABLE_ASSETS,
         "--header-upload", ASSET_HEADER, *extra],
        ["rclone", "sync", source, remote, "--checksum", "--exclude", IMMUTABLE_ASSETS,
         "--header-upload", PAGE_HEADER, *extra],
    ]  # fmt: skip


def command_publish(args: argparse.Namespace) -> int:
    """Run both rclone commands; stop at the first that fails."""
    if shutil.which("rclone") is None:
        print("certreg: rclone is not installed (Debian: apt-get install rclone)", file=sys.stderr)
        return 2
    if not (args.output / "index.html").is_file():
        print(f"certreg: {args.output} holds no built site; run certreg build first", file=sys.stderr)
        return 2
    extra = [*(["--dry-run"] if args.dry_run else []), *(["-v"] if args.verbose else [])]
    for command in rclone_commands(args.output, args.remote, extra):
        done = subprocess.run(command, check=False)
        if done.returncode != 0:
            print(f"certreg: publish failed: {' '.join(command)}", file=sys.stderr)
            return 1
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add `certreg publish` to the command line."""
    parser = commands.add_parser("publish", help="copy the built site to object storage with rclone")
    parser.add_argument("remote", metavar="REMOTE", help="rclone destination, e.g. r2:bucket/path")
    parser.add_argument("--output", type=Path, default=Path("output"), help="built site (default: output)")
    parser.add_argument("--dry-run", action="store_true", help="list what would be sent or deleted")
    parser.add_argument("-v", "--verbose", action="store_true", help="name every file sent or deleted")
    parser.set_defaults(run=command_publish)
