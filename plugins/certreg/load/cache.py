"""Parsed registry files kept between builds, and the load stage's progress count.

`CachedReader(cache_dir, registry, progress)` is the reader the build passes to `load_registry`: a file whose
bytes (and the loader's own source) are those it had in the last build is not parsed again; its
values, positions and problems come from `<cache>/documents.pickle`, kept right after parsing, before
anything later in the build can change them. Keying by content, not by modification time, keeps the
cache useful on a fresh `git checkout` in CI. Every other file is parsed as usual. The cache is
rewritten only when a file was parsed, and a damaged one is ignored. Each document gets the digest
of its bytes (`Document.digest`): what later stages keep about the record is keyed by it.

A file whose size, modification and change times (ns) and inode are those it had when it was last read
is not read again, as git trusts its index: the change time cannot be set back by any tool, and a write
moves it. A file changed less than `RACY_SECONDS` before it was read keeps no such stat, so that a second
write within one tick of the file system's clock cannot go unseen; it is read in the next build.

The values are kept with `marshal` (they are only text, mappings, lists, true/false and null), which
reads them back several times faster than pickle; its format belongs to one Python version, so that
version is part of the key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import os
import time
from pathlib import Path

from certreg.core.i18n import ENGLISH, N_, Translator
from certreg.core.pickles import library_versions, read_pickle, write_pickle
from certreg.core.problems import Problem
from certreg.core.progress import FILES, Progress
from certreg.load import document, strict_yaml
from certreg.load import loader as load

LOAD_CACHE_FILE = "documents.pickle"
# Every module whose code decides what a parse gives: the folder walk, the YAML reading, the document.
LOADER_SOURCES = tuple(Path(module.__file__) for module in (load, strict_yaml, document))
Signature = tuple[str, str]  # digest of the file's bytes, loader version
FileStat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Entry = tuple[Signature, bytes, FileStat | None]  # what a file gave, and its stat when it can be trusted
RACY_SECONDS = 2


def loader_version() -> str:
    """Digest of the loader's sources and the Python and library versions: a changed loader parses every file again."""
    digest = hashlib.blake2b(library_versions().encode(), digest_size=8)
    for source in LOADER_SOURCES:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def count_files(registry: Path) -> int:
    """How many files the loader will read (for the progress line)."""
    folders = (registry / load.ORGANIZATIONS_DIR, registry / load.CERTIFICATION_BODIES_DIR)
    return 2 + sum(len(os.listdir(folder)) for folder in folders if folder.is_dir())


def read_cache(cache_dir: Path | None, tr: Translator = ENGLISH) -> dict[tuple[str, str], Entry]:
    """Read the documents kept by the last build, or nothing when there are none or they are unreadable.

    `tr` words the warning about an unreadable one.
    """
    if cache_dir is None:
        return {}
    return read_pickle(cache_dir / LOAD_CACHE_FILE, dict, N_("parsing every file"), tr) or {}


def write_cache(cache_dir: Path, entries: dict[tuple[str, str], Entry]) -> None:
    """Keep this build's documents for the next one, atomically."""
    write_pickle(cache_dir / LOAD_CACHE_FILE, entries)


def kept_parse(parsed: document.Document, problems: list[Problem]) -> bytes:
    """What is kept of a file's parse: its values, its problems and its positions, packed on their own."""
    packed = marshal.dumps(parsed.positions)
    return marshal.dumps((parsed.data, [dataclasses.astuple(problem) for problem in problems], packed))


def kept_document(path: Path, kind: str, kept: bytes) -> tuple[document.Document, list[Problem]] | None:
    """The document and problems kept for a file (its positions left packed), or None when what is kept is damaged."""
    try:
        data, problems, packed = marshal.loads(kept)
        if not isinstance(packed, bytes):
            return None
        found = document.Document(path, kind, data, packed_positions=packed)
        return found, [Problem(*problem) for problem in problems]
    except (EOFError, ValueError, TypeError):
        return None


class CachedReader:
    """A document reader for `load_registry(root, read=...)` that reuses unchanged files' parses.

    It counts every file on the caller's progress line. `save()` keeps this build's parses for the next one.
    """

    def __init__(self, cache_dir: Path | None, registry: Path, progress: Progress | None = None) -> None:
        """Open the parses kept in `cache_dir` (None: parse everything, keep nothing); count files on `progress`."""
        self.cache_dir = cache_dir
        self.progress = progress or Progress()  # none given: a silent one
        self.stored = read_cache(cache_dir, self.progress.tr)  # warned in the language of the progress line
        self.fresh: dict[tuple[str, str], Entry] = {}
        self.version = loader_version()
        self.progress.stage(N_("load"), count_files(Path(registry)), FILES)

    def __call__(self, path: Path, kind: str) -> tuple[document.Document, list[Problem]]:
        """Return one file's document and problems: kept from the last build when its bytes are the same."""
        key = (str(path), kind)
        hit = self.stored.get(key)
        hit = hit if isinstance(hit, tuple) and len(hit) == 3 else None
        try:
            signature, stat = self._signature(path, hit)
        except OSError:  # unreadable: the loader reports it
            return strict_yaml.load_document(path, kind)
        self.progress.advance()
        result = kept_document(path, kind, hit[1]) if hit is not None and hit[0] == signature else None
        if result is None:
            result = strict_yaml.load_document(path, kind)
            hit = (signature, kept_parse(*result), stat)
        self.fresh[key] = (signature, hit[1], stat)
        result[0].digest = signature[0]
        return result

    def _signature(self, path: Path, hit: Entry | None) -> tuple[Signature, FileStat | None]:
        """The file's signature, read only when its stat is not the one kept; its stat, when it can be trusted."""
        now = time.time_ns()
        found = os.stat(path)
        racy = max(found.st_mtime_ns, found.st_ctime_ns) > now - RACY_SECONDS * 1_000_000_000
        # Changed too recently: another write within the clock's tick could leave this very stat.
        stat_kept = None if racy else (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
        if hit is not None and hit[2] is not None and hit[2] == stat_kept and hit[0][1] == self.version:
            return hit[0], stat_kept
        with open(path, "rb") as handle:
            return (hashlib.blake2b(handle.read(), digest_size=16).hexdigest(), self.version), stat_kept

    def save(self) -> None:
        """Keep this build's parses (kept as parsed, before later stages touched them) when they changed.

        The parses are then let go (a second call keeps nothing more): the pipeline saves right after loading,
        so that they do not stay in memory while the registry is validated and enriched.
        """
        if self.cache_dir is not None and self.fresh and self.fresh != self.stored:
            write_cache(self.cache_dir, self.fresh)
        self.stored, self.fresh = {}, {}
