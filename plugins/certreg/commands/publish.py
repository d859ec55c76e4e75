"""`certreg publish`: copy a built site to object storage with rclone, sending only what changed.

Usage: `certreg publish [--output output] [--dry-run] REMOTE`, REMOTE being e.g. `r2:certreg-site` or
`s3:bucket/registry`. The rclone runs themselves are `certreg.build.remote`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from certreg.build.remote import run_rclone
from certreg.commands.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `certreg publish`."""
    parser.add_argument("remote", metavar="REMOTE", help="rclone destination, e.g. r2:bucket/path")
    parser.add_argument("--output", type=Path, default=Path("output"), help="built site (default: output)")
    parser.add_argument("--dry-run", action="store_true", help="list what would be sent or deleted")
    parser.add_argument("-v", "--verbose", action="store_true", help="name every file sent or deleted")


def command_publish(args: argparse.Namespace) -> int:
    """Run both rclone commands; stop at the first that fails."""
    if shutil.which("rclone") is None:
        print("certreg: rclone is not installed (Debian: apt-get install rclone)", file=sys.stderr)
        return EXIT_USAGE
    if not (args.output / "index.html").is_file():
        print(f"certreg: {args.output} holds no built site; run certreg build first", file=sys.stderr)
        return EXIT_USAGE
    extra = [*(["--dry-run"] if args.dry_run else []), *(["-v"] if args.verbose else [])]
    failed = run_rclone(args.output, args.remote, extra)
    if failed is not None:
        print(f"certreg: publish failed: {' '.join(failed)}", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


COMMAND = Command(
    "publish",
    "copy the built site to object storage with rclone",
    add_arguments,
    command_publish,
)
