"""The digest of a value: what the render cache keys pages, groups and kept values by.

A digest is the BLAKE2 hash of the value's pickle written without pickle's memo, so equal data gives
equal digests in every build whichever objects happen to be shared.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from typing import Any


class Unkeyable(TypeError):
    """A value the cache cannot fingerprint; its page is always rendered."""


def digest(value: Any) -> str:
    """Return the BLAKE2 digest of a value's pickle, without pickle's memo; Unkeyable if it cannot be pickled.

    Without the memo, the bytes depend only on the values and their types, not on which objects happen
    to be shared, so equal data gives equal digests in every build. (Faster than canonical JSON.)
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: shared sub-objects are written in full each time
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError) as exc:
        raise Unkeyable(f"certreg: cannot key a value: {exc}") from exc
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).hexdigest()


def joined_digest(parts: tuple[str, ...], values: Any) -> str | None:
    """The digest of `parts` and `values` when the values are a tuple of digests (joined, not pickled); else None."""
    if not (isinstance(values, tuple) and all(isinstance(value, str) for value in values)):
        return None
    return hashlib.blake2b("\0".join(("digests", *parts, *values)).encode(), digest_size=16).hexdigest()
