"""State kept between builds in pickle files (the caches): written atomically, read tolerantly.

A cache only saves work, so reading one never fails a build: a missing file gives None, and so does
a damaged one, with a warning naming it (the caller then does what a cold build does). A file is
written to a temporary file beside it and renamed into place, so no reader ever sees half of one.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from collections.abc import Callable
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
