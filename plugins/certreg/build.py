"""Build a registry into a static site with Pelican, replacing the output folder atomically.

Pelican writes into a fresh staging folder beside `output` (same filesystem). Only when the whole
build has succeeded is the staging folder swapped in: the old output is renamed aside, the new one
renamed into place, and the old one deleted. A failed or interrupted build deletes its staging folder
and leaves the previous output untouched. The one window: between the two renames (two `rename(2)`
calls, microseconds apart) the output path does not exist; it is never half-written. A build killed
with SIGKILL may leave a `.<name>.building-*` folder beside the output, which is safe to delete.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = PROJECT_ROOT / "pelicanconf.py"

logger = logging.getLogger(__name__)


class BuildError(RuntimeError):
    """The build failed; the previous output is untouched. The message says why."""


def build_site(
    registry: Path,
    output: Path,
    today: date | None,
    overrides: dict[str, Any] | None = None,
) -> None:
    """Build `registry` into `output` as of `today`; on any failure the old output stays as it was."""
    from pelican import Pelican
    from pelican.settings import read_settings

    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        staging.chmod(0o755)
        override = {
            "REGISTRY_PATH": str(Path(registry).resolve()),
            "REGISTRY_TODAY": today.isoformat() if today else None,
            **(overrides or {}),
            "OUTPUT_PATH": str(staging),
        }
        Pelican(read_settings(str(SETTINGS_FILE), override=override)).run()
        swap_into_place(staging, output)
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        logger.debug("certreg: build failed", exc_info=True)
        raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with two renames, then delete the old output."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        old.rmdir()
        output.rename(old)
    try:
        staging.rename(output)
    except BaseException:
        if old is not None:
            old.rename(output)
        raise
    if old is not None:
        shutil.rmtree(old)
    logger.info("certreg: site written to %s", output)
