"""The settings a build takes from the registry's `certreg.yaml`, and the theme and pages it composes."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from certreg.build.site_settings import prepare_site, settings_for
from certreg.core.problems import Problem
from certreg.validate.config import CONFIG_NAME, DEFAULT_EXPIRING_SOON_DAYS, config_path, read_config
from certreg.validate.reporters import text_report


class ConfigError(Exception):
    """The configuration file has errors; the message lists them, located."""


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """--config, for every command that reads the site configuration."""
    parser.add_argument(
        "--config",
        type=Path,
        help=f"site configuration file (default: {CONFIG_NAME} beside the registry folder, when there is one)",
    )


def config_problems(registry: Path, given: Path | None) -> list[Problem]:
    """The problems of the configuration file (none when there is no file and none was named)."""
    path = config_path(registry, given)
    if given is None and not path.exists():
        return []
    return read_config(path)[1]


def configured_expiring_soon_days(registry: Path, given: Path | None) -> int:
    """The expiring-soon window `certreg build` uses for this registry; ConfigError when the file has errors.

    Without a configuration file (and none named), the default window.
    """
    path = config_path(registry, given)
    if given is None and not path.exists():
        return DEFAULT_EXPIRING_SOON_DAYS
    config, problems = read_config(path)
    if config is None:
        raise ConfigError(text_report(problems).rstrip())
    return config.expiring_soon_days


@contextmanager
def configured_settings(registry: Path, given: Path | None, cache_dir: Path | None) -> Iterator[dict[str, Any]]:
    """Yield the Pelican settings of the registry's configuration; ConfigError when it has errors.

    A registry without a configuration file builds with the defaults of pelicanconf.py. The composed
    theme and pages live in `<cache>/site/` (kept, so the page cache sees what changed) or, without a
    cache, in a temporary folder removed afterwards.
    """
    path = config_path(registry, given)
    if given is None and not path.exists():
        yield {}
        return
    config, problems = read_config(path)
    if config is None:
        raise ConfigError(text_report(problems).rstrip())
    temporary = None if cache_dir is not None else Path(tempfile.mkdtemp(prefix="certreg-site-"))
    try:
        work = Path(cache_dir) / "site" if cache_dir is not None else temporary / "site"
        yield {**settings_for(config), **prepare_site(config, work)}
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
