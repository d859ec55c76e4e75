"""State kept between builds in pickle files (the caches): written atomically, read tolerantly.

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
from collections.abc import Callable, Hashable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


def read_pickle(path: Path, check: Callable[[Any], T], fallback: str) -> T | None:
    """Return `check` of the value kept in `path`; None when there is none, or (with a warning) when it is unreadable.

    `check` converts the value and raises on one of the wrong shape; `fallback` says what the build does
    instead, for the warning ("parsing every file").
    """
    try:
        with path.open("rb") as handle:
            return check(pickle.load(handle))
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged cache is never fatal: it only costs a cold build
        logger.warning("certreg: %s is unreadable (%s); %s", path, exc, fallback)
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


class Kept:
    """Values kept between builds in one pickle, each under a key naming every input it was computed from.

    A value is trusted only under its exact key and only when the file was written by the same `version`
    (the digest of the code that computes the values). `save()` keeps what this build looked up or put,
    and nothing else, so the file holds one build's worth; it is rewritten only when that set changed.
    """

    def __init__(self, path: Path | None, version: str, fallback: str) -> None:
        """Open the values kept in `path` (None: keep nothing) if they were made by `version`."""
        self.path = path
        self.version = version
        stored = read_pickle(path, self._check, fallback) if path is not None else None
        self.stored: dict[Hashable, Any] = stored or {}
        self.used: dict[Hashable, Any] = {}

    def _check(self, value: Any) -> dict[Hashable, Any]:
        """Accept only (this version, a dict); another version's values are silently not trusted."""
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], dict)):
            raise ValueError("not a kept-values file")
        return value[1] if value[0] == self.version else {}

    def get(self, key: Hashable, shape: type = object) -> Any:
        """Return the value kept under `key` (None when there is none or it is no `shape`), keeping it."""
        value = self.stored.get(key)
        if value is None or not isinstance(value, shape):
            return None
        self.used[key] = value
        return value

    def put(self, key: Hashable, value: Any) -> None:
        """Keep `value` under `key` for the next build (None is never kept: it means "not kept")."""
        if value is not None:
            self.used[key] = value

    def save(self) -> None:
        """Write this build's values when their keys differ from those read; a failure only costs the next build."""
        if self.path is None or self.used.keys() == self.stored.keys():
            return
        try:
            write_pickle(self.path, (self.version, self.used))
        except OSError as exc:
            logger.warning("certreg: could not keep %s: %s", self.path, exc)
