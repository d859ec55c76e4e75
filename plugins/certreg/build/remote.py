"""Copy a built site to object storage with rclone, sending only what changed (`certreg publish`).

Two `rclone` runs (Debian's rclone; any remote: S3, R2, GCS, Azure Blob, a local folder):
1. `rclone copy --checksum` of the fingerprinted theme files (`theme/css/site.<hash>.css`), with a
   year's immutable caching: their bytes never change under a name. Old ones are kept, since pages
   still cached by browsers or a CDN may link them.
2. `rclone sync --checksum` of everything else, revalidated daily, deleting what the build removed.

A file is sent only when its size or checksum differ from the remote copy, so after a same-day
rebuild nothing is sent, and after a next-day rebuild only the files whose bytes changed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from certreg.build.assets import ASSET_FOLDERS, HASH_LENGTH, THEME_STATIC_URL

FOLDERS = ",".join(ASSET_FOLDERS)
# The fingerprinted CSS and JS, and the scripts' fingerprinted messages (theme/js/messages.<hash>.json).
IMMUTABLE_ASSETS = f"/{THEME_STATIC_URL}/{{{FOLDERS}}}/*.{'?' * HASH_LENGTH}.{{{FOLDERS},json}}"
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


def run_rclone(output: Path, remote: str, extra: list[str]) -> list[str] | None:
    """Run both rclone commands, stopping at the first that fails; return that command line, else None."""
    for command in rclone_commands(output, remote, extra):
        if subprocess.run(command, check=False).returncode != 0:
            return command
    return None
