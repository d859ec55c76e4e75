"""Text encodings of the search index: compact JSON, document sets, the certificate-number hash.

A set file's first line is `b` + base64 of a bitmap (bit i = document i) or `d` + comma-separated
base-36 gaps, whichever gzips smaller; its second line holds the result rows of its first
`ROWS_WITH_SET` documents. `string_hash` is computed the same way by theme/static/js/search-engine.js.
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any

ROWS_WITH_SET = 10


def set_file(ids: list[int], rows: list[list[Any]]) -> str:
    """A set on its first line; on the second, the rows of its first members (its results alone)."""
    first = {str(doc_id): rows[doc_id] for doc_id in ids[:ROWS_WITH_SET]}
    return encode_set(ids, len(rows)) + "\n" + compact(first)


def encode_set(ids: list[int], count: int) -> str:
    """A sorted set of document numbers as text: a bitmap or gaps, whichever gzips smaller."""
    bitmap = bytearray((count + 7) // 8)
    for doc_id in ids:
        bitmap[doc_id >> 3] |= 1 << (doc_id & 7)
    as_bitmap = "b" + base64.b64encode(bytes(bitmap)).decode("ascii")
    gaps, previous = [], -1
    for doc_id in ids:
        gaps.append(base36(doc_id - previous))
        previous = doc_id
    as_gaps = "d" + ",".join(gaps)
    return min(as_bitmap, as_gaps, key=lambda text: (gzipped_size(text), text[0]))


def base36(number: int) -> str:
    """A non-negative integer in base 36, as JavaScript's parseInt(text, 36) reads it."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if not number:
            return text


def gzipped_size(text: str) -> int:
    """Size of text gzipped, as a server would send it."""
    return len(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))


def compact(value: Any) -> str:
    """Deterministic, compact JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def bucket_count(items: int, per_bucket: int) -> int:
    """How many hash buckets hold `items` keys at about `per_bucket` each (at least one)."""
    return max(1, -(-items // per_bucket))


def string_hash(text: str) -> int:
    """32-bit FNV-1a over code points; search.js computes the same."""
    value = 0x811C9DC5
    for char in text:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value
