"""Values kept between builds in an SQLite file, one row per key: a build reads only the keys it looks up.

Each value is kept under a key naming every input it was computed from, and trusted only under that
exact key and only when the file was written by the same `version` (the digest of the code that
computes the values). A build reads the rows it looks up and, when it saves, writes the values it put
and deletes the rows it did not use, so the file holds one build's worth and an unchanged value costs
neither a read of the others nor a rewrite of the file.

The file is an SQLite database (Python's own `sqlite3`): a table `kept` (key, value) and a table
`meta` holding the format and the version. Its journal mode is DELETE, SQLite's rollback journal: a
save is one transaction, so a reader (another build) sees the values before it or after it, never a
mix; a killed save is rolled back by the next opener; and between builds the cache folder holds just
this one file (WAL would leave a `-wal` file beside it, which a copied cache folder could lose). Each
value is pickled behind a digest of its bytes, so a damaged value is never trusted even where SQLite
cannot tell. A cache only saves work: a missing file, another version's, or one SQLite or the digest
refuses gives a cold build's values (with one warning for a damaged one), and a failed write only
costs the next build. A store of another version or a damaged one is replaced by a new file renamed
into place; the whole-pickle file an older certreg kept under the same name is deleted then.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

from certreg.core.i18n import ENGLISH, Translator
from certreg.core.pickles import warn_unreadable

logger = logging.getLogger(__name__)

FORMAT = "certreg-kept-1"
SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE kept (key TEXT PRIMARY KEY, value BLOB NOT NULL);
"""
DIGEST_SIZE = 16
BUSY_SECONDS = 30.0  # how long to wait for another build's save to finish
# A cold build of a large registry puts more than fits comfortably in memory: past this many bytes, the
# values put so far are written before the build saves (each is right under its key, whenever written).
# A build fills several stores at once (enrichment, search, list check, open data: some 1.2 GB at 100,000
# organizations), so each holds little: one transaction per 16 MB costs milliseconds.
PENDING_BYTES = 16 * 1024 * 1024
PREFETCH_ROWS = 500  # keys per query of `prefetch` (SQLite allows some thousands of parameters)


def encode_key(key: Hashable) -> str:
    """A key as the store's text: its repr (keys are strings or tuples of strings, whose repr is stable)."""
    return repr(key)


def encode_value(value: Any) -> bytes:
    """A value pickled, behind the digest of its bytes."""
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest() + body


def decode_value(blob: bytes) -> Any:
    """The value `encode_value` kept; ValueError when its bytes are not the ones kept."""
    digest, body = blob[:DIGEST_SIZE], blob[DIGEST_SIZE:]
    if hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest() != digest:
        raise ValueError("a kept value's bytes changed")
    return pickle.loads(body)


def connect(path: Path, create: bool = False) -> sqlite3.Connection:
    """A connection to the store in `path` (created only with `create`), transactions begun explicitly."""
    mode = "rwc" if create else "rw"
    uri = f"{Path(path).absolute().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_SECONDS)


def stored_version(connection: sqlite3.Connection) -> str | None:
    """The version the store was written by; None for a store of another format."""
    rows = dict(connection.execute("SELECT name, value FROM meta").fetchall())
    return rows.get("version") if rows.get("format") == FORMAT else None


def write_store(path: Path, version: str, values: dict[str, Any]) -> None:
    """Write a new store in `path` (which must not be one yet) holding `values` by encoded key."""
    connection = connect(path, create=True)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.executescript(SCHEMA)
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("version", version)])
        connection.executemany("INSERT INTO kept VALUES (?, ?)", [(k, encode_value(v)) for k, v in values.items()])
        connection.execute("COMMIT")
    finally:
        connection.close()


def read_store(path: Path) -> tuple[str | None, dict[str, Any]]:
    """The version of the store in `path` and every value in it by encoded key (to inspect or test a store)."""
    connection = connect(path)
    try:
        rows = connection.execute("SELECT key, value FROM kept").fetchall()
        return stored_version(connection), {key: decode_value(value) for key, value in rows}
    finally:
        connection.close()


def new_store(path: Path, version: str) -> sqlite3.Connection:
    """An empty store of `version` renamed into `path` (atomically, creating its folder), opened."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(handle)
    try:
        write_store(Path(temp), version, {})
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    path.with_suffix(".pickle").unlink(missing_ok=True)  # the whole-pickle file an older certreg kept
    return connect(path)


class Kept:
    """Values kept between builds in one SQLite file, each under a key naming every input it was computed from.

    `get` reads one row; `put` keeps a value for the next build; `has` tells whether a row is there and
    `keep` keeps rows, neither reading them; `save()` writes what was put and deletes the rows this
    build did not use (looked up, kept or put), in one transaction.
    """

    def __init__(self, path: Path | None, version: str, fallback: str, tr: Translator = ENGLISH) -> None:
        """Open the values kept in `path` (None: keep nothing) if they were made by `version`.

        `fallback` says what the build does instead of a damaged store, for the warnings worded by `tr`
        (a catalog message marked with N_).
        """
        self.path = path
        self.version = version
        self.fallback = fallback
        self.tr = tr
        self.used: set[str] = set()  # encoded keys found or put: the rows the next build gets
        self.pending: dict[str, bytes] = {}  # encoded key -> encoded value, put but not written yet
        self.pending_bytes = 0
        self.ahead: dict[str, bytes | None] = {}  # rows read ahead by `prefetch`, until looked up
        self.connection: sqlite3.Connection | None = None
        if path is not None and path.exists():
            self.open()

    def open(self) -> None:
        """Connect to the store when it holds this version's values (a damaged one is warned about)."""
        assert self.path is not None
        try:
            connection = connect(self.path)
            if stored_version(connection) == self.version:
                self.connection = connection
            else:
                connection.close()  # another version's values are silently not trusted
        except sqlite3.Error as exc:
            self.damaged(exc)

    def damaged(self, exc: Exception) -> None:
        """Warn that the store is unreadable and trust nothing more from it (the save replaces it)."""
        warn_unreadable(self.path, exc, self.fallback, self.tr)
        if self.connection is not None:
            self.connection.close()
        self.connection = None
        self.ahead.clear()
        self.used = set(self.pending)  # rows read before are not in the store the save makes

    def get(self, key: Hashable, shape: type = object) -> Any:
        """Return the value kept under `key` (None when there is none or it is no `shape`), keeping it."""
        code = encode_key(key)
        value = self.read(code)
        if value is None or not isinstance(value, shape):
            return None
        self.used.add(code)
        return value

    def has(self, key: Hashable) -> bool:
        """Tell whether a value is put or kept under `key`, without reading it (nor keeping it)."""
        code = encode_key(key)
        if code in self.pending or self.ahead.get(code) is not None:
            return True
        if self.connection is None:
            return False
        try:
            return self.connection.execute("SELECT 1 FROM kept WHERE key = ?", (code,)).fetchone() is not None
        except sqlite3.Error as exc:
            self.damaged(exc)
            return False

    def keep(self, keys: Iterable[Hashable]) -> None:
        """Keep the values under `keys` for the next build without reading them (a missing one stays missing)."""
        self.used.update(map(encode_key, keys))

    def prefetch(self, keys: Iterable[Hashable]) -> None:
        """Read the rows of `keys` in a few queries, to be looked up one by one (fewer queries for many keys)."""
        codes = [code for code in map(encode_key, keys) if code not in self.pending]
        if self.connection is None:
            return
        try:
            for start in range(0, len(codes), PREFETCH_ROWS):
                chunk = codes[start : start + PREFETCH_ROWS]
                self.ahead.update(dict.fromkeys(chunk))
                query = f"SELECT key, value FROM kept WHERE key IN ({','.join('?' * len(chunk))})"
                self.ahead.update(self.connection.execute(query, chunk).fetchall())
        except sqlite3.Error as exc:
            self.damaged(exc)

    def read(self, code: str) -> Any:
        """The value put or kept under `code`; None when there is none or the store is damaged."""
        if code in self.pending:
            return decode_value(self.pending[code])
        if self.connection is None:
            return None
        try:
            if code in self.ahead:
                blob = self.ahead.pop(code)
            else:
                row = self.connection.execute("SELECT value FROM kept WHERE key = ?", (code,)).fetchone()
                blob = row[0] if row else None
            return decode_value(blob) if blob is not None else None
        except Exception as exc:  # a damaged store is never fatal: it only costs a cold build
            self.damaged(exc)
            return None

    def put(self, key: Hashable, value: Any) -> None:
        """Keep `value` under `key` for the next build (None is never kept: it means "not kept")."""
        if value is None or self.path is None:
            return
        code = encode_key(key)
        self.pending[code] = encode_value(value)
        self.used.add(code)
        self.pending_bytes += len(self.pending[code])
        if self.pending_bytes > PENDING_BYTES:
            self.write(prune=False)

    def save(self) -> None:
        """Write the values put and drop the rows not used, in one transaction; a failure only costs the next build."""
        if self.path is not None and (self.connection is not None or self.pending):
            self.write(prune=True)
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def write(self, prune: bool) -> None:
        """Write the pending values (and with `prune`, delete the rows not used) in one transaction."""
        assert self.path is not None
        try:
            if self.connection is None:
                self.connection = new_store(self.path, self.version)
            write_rows(self.connection, self.version, self.pending, self.used if prune else None)
        except (OSError, sqlite3.Error) as exc:
            message = self.tr.gettext("could not keep {path}: {error}")
            logger.warning("certreg: %s", message.format(path=self.path, error=exc))
        self.pending.clear()
        self.pending_bytes = 0


def write_rows(connection: sqlite3.Connection, version: str, rows: dict[str, bytes], keep: set[str] | None) -> None:
    """Insert `rows` and, given `keep`, delete every other row, in one transaction on a store of `version`.

    A store another build rewrote meanwhile (another version) is left as it is. When more than half of
    the file is free pages after deleting, it is compacted (VACUUM), so it does not stay at its peak.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        if stored_version(connection) != version:
            connection.execute("ROLLBACK")
            return
        if keep is not None:
            stale = [(key,) for (key,) in connection.execute("SELECT key FROM kept") if key not in keep]
            connection.executemany("DELETE FROM kept WHERE key = ?", stale)
        connection.executemany("INSERT OR REPLACE INTO kept VALUES (?, ?)", rows.items())
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    free, pages = (connection.execute(f"PRAGMA {name}").fetchone()[0] for name in ("freelist_count", "page_count"))
    if keep is not None and free * 2 > pages:
        connection.execute("VACUUM")
