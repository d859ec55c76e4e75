"""Build a registry into a static site with Pelican, replacing the output folder atomically.

Pelican writes into a fresh staging folder beside `output` (same filesystem). Only when the whole
build has succeeded is the staging folder swapped in: the old output is renamed aside, the new one
renamed into place, and the old one deleted. A failed or interrupted build deletes its staging folder
and leaves the previous output untouched. The one window: between the two renames (two `rename(2)`
calls, microseconds apart) the output path does not exist; it is never half-written. A build killed
with SIGKILL may leave a `.<name>.building-*` folder beside the output, which is safe to delete.

Incremental builds: with a cache folder (`certreg build` uses `.certreg-cache/<name>/` beside the
output), pages whose inputs did not change are not rendered again (`page_cache.py`). In every build,
each file whose bytes did not change is hard-linked from the previous output into the staging folder
before the swap (`output_sync.py`), so it keeps its modification time and upload tools skip it.

`build_site` makes what the build shares with the generator (the cache folder, the page cache, the
caller's progress line) and hands it down in the BUILD_SETTING setting; after Pelican returns, it reads
its own page cache object, never anything back from Pelican's settings.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from certreg.build.bundle import settings_file
from certreg.build.output_sync import (
    Manifest,
    SyncReport,
    make_first_spare,
    save_trees,
    share_unchanged,
    swap_in_with_spare,
)
from certreg.build.page_cache import BUILD_SETTING, PageCache
from certreg.core.heap import release_freed_memory
from certreg.core.i18n import N_
from certreg.core.progress import FILES, Progress

CACHE_DIR_NAME = ".certreg-cache"

logger = logging.getLogger(__name__)


class BuildError(RuntimeError):
    """The build failed; the previous output is untouched. The message says why."""


def build_site(
    registry: Path,
    output: Path,
    today: date | None,
    overrides: dict[str, Any] | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    """Build `registry` into `output` as of `today`; on any failure the old output stays as it was.

    With `cache_dir`, files whose bytes are unchanged are not parsed again (`load/cache.py`) and pages
    whose inputs are unchanged are kept, not rendered (`page_cache.py`). Each stage counts on
    `progress` (none: a silent one). Returns what changed in the output; the log's last line says it too.
    """
    started = time.monotonic()
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    progress = progress or Progress()
    page_cache = PageCache(cache_dir, output if output.is_dir() else None, progress.tr) if cache_dir else None
    state: dict[str, Any] = {"cache_dir": cache_dir, "page_cache": page_cache, "progress": progress}
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        staging.chmod(0o755)
        settings = {
            "REGISTRY_PATH": str(Path(registry).resolve()),
            "REGISTRY_TODAY": today.isoformat() if today else None,
            **(overrides or {}),
            "OUTPUT_PATH": str(staging),
            BUILD_SETTING: state,
        }
        run_pelican(settings)
        release_freed_memory()  # the site, freed with Pelican's run: before the output's lists are read
        progress.stage(N_("swap in"), None, FILES)
        report = swap_in(staging, output, cache_dir, page_cache.reused() if page_cache else {}, progress)
        if page_cache is not None:
            page_cache.save(report.stats)
        report.seconds = time.monotonic() - started
        return report
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        logger.debug("certreg: build failed", exc_info=True)
        raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def run_pelican(override: dict[str, Any]) -> None:
    """Run Pelican with `pelicanconf.py` and these settings, without Pelican's own last line.

    That line ("Done: Processed 0 articles, …") is English whatever the site's language and counts
    Pelican's articles, which certreg has none of; the build's summary (`SyncReport.summary`) says
    what was written, in the site's language.
    """
    from pelican import Pelican, signals
    from pelican.log import console
    from pelican.settings import read_settings

    signals.finalized.connect(erase_progress)  # a warning after the progress line starts on a clean line
    quiet, console.quiet = console.quiet, True
    try:
        Pelican(read_settings(str(settings_file()), override=override)).run()
    finally:
        console.quiet = quiet


def erase_progress(pelican: Any) -> None:
    """Pelican `finalized` receiver: erase the build's progress line before Pelican prints its summary."""
    state = pelican.settings.get(BUILD_SETTING)
    if isinstance(state, dict) and state.get("progress") is not None:
        state["progress"].erase()


def swap_in(staging: Path, output: Path, cache_dir: Path | None, reused: Manifest, progress: Progress) -> SyncReport:
    """Put the finished staging folder in place of `output`, keeping every unchanged file's inode."""
    if cache_dir is not None and output.is_dir() and same_filesystem(Path(cache_dir), output):
        return swap_in_with_spare(staging, output, Path(cache_dir), reused, progress)
    report = share_unchanged(staging, output if output.is_dir() else None, reused, progress)
    swap_into_place(staging, output)
    if cache_dir is not None and same_filesystem(Path(cache_dir), output):
        make_first_spare(output, Path(cache_dir), report.stats)  # now, so the first daily rebuild need not make it
    elif cache_dir is not None:
        save_trees(Path(cache_dir), {"output": (os.lstat(output).st_ino, report.stats), "spare": None})
    return report


def same_filesystem(cache_dir: Path, output: Path) -> bool:
    """Tell whether the cache folder (created if missing) can take the output by rename."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    return os.lstat(cache_dir).st_dev == os.lstat(output).st_dev


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


def default_cache_dir(output: Path) -> Path:
    """`.certreg-cache/<output name>/` beside the output folder: never published, safe to delete."""
    output = Path(output).resolve()
    return output.parent / CACHE_DIR_NAME / output.name
