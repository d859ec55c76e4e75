"""State kept between builds in pickle files (the caches): written atomically, read tolerantly.

Values kept per key (validation, enrichment, past versions) are in SQLite files instead: core/kept.py.

A cache only saves work, so reading one never fails a build: a missing file gives None, and so does
a damaged one, with a warning naming it (the caller then does what a cold build does). A file is
written to a temporary file beside it and renamed into place, so no reader ever sees half of one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from certreg.core.i18n import ENGLISH, Translator

logger = logging.getLogger(__name__)

T = TypeVar("T")


def warn_unreadable(path: Path | None, error: Exception, fallback: str, tr: Translator) -> None:
    """Warn, worded by `tr`, that the cache file `path` is unreadable and the build does `fallback` instead."""
    message = tr.gettext("{path} is unreadable ({error}); {fallback}")
    logger.warning("certreg: %s", message.format(path=path, error=error, fallback=tr.gettext(fallback)))


def read_pickle(path: Path, check: Callable[[Any], T], fallback: str, tr: Translator = ENGLISH) -> T | None:
    """Return `check` of the value kept in `path`; None when there is none, or (with a warning) when it is unreadable.

    `check` converts the value and raises on one of the wrong shape; `fallback` says what the build does
    instead, for the warning worded by `tr` (a catalog message marked with N_: "parsing every file").
    """
    try:
        with path.open("rb") as handle:
            return check(pickle.load(handle))
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged cache is never fatal: it only costs a cold build
        warn_unreadable(path, exc, fallback, tr)
        return None


def write_pickle(path: Path, value: Any) -> None:
    """Keep `value` in `path`, atomically (creating its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# The libraries whose answers the kept values hold (YAML parsing, schema errors, country codes and names,
# CLDR's words and dates): another version of one may answer otherwise.
LIBRARIES = ("pyyaml", "jsonschema", "jsonschema-rs", "pycountry", "babel")


def library_versions() -> str:
    """The Python version and the versions of the LIBRARIES installed."""
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return " ".join([sys.version, *found])


def source_digest(*packages: str) -> str:
    """Digest of the Python sources of certreg's `packages` (e.g. "load"), of Python's and the libraries' versions.

    Changed code trusts no value kept by the old one; another Python may read marshal's bytes otherwise.
    """
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(library_versions().encode(), digest_size=16)
    for package in packages:
        for source in sorted((root / package).rglob("*.py")):
            digest.update(source.relative_to(root).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()
