"""Parsed registry files kept between builds, and the load stage's progress count.

`CachedReader(cache_dir, registry, progress)` is the reader the build passes to `load_registry`: a file whose
bytes (and the loader's own source) are those it had in the last build is not parsed again; its
document and problems come from `<cache>/documents.pickle`, pickled right after parsing, before
anything later in the build can change them. Keying by content, not by modification time, keeps the
cache useful on a fresh `git checkout` in CI. Every other file is parsed as usual. The cache is
rewritten only when a file was parsed, and a damaged one is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from certreg.core.pickles import read_pickle, write_pickle
from certreg.core.progress import Progress
from certreg.load import document, strict_yaml
from certreg.load import loader as load

LOAD_CACHE_FILE = "documents.pickle"
# Every module whose code decides what a parse gives: the folder walk, the YAML reading, the document.
LOADER_SOURCES = tuple(Path(module.__file__) for module in (load, strict_yaml, document))
Signature = tuple[str, str]  # digest of the file's bytes, loader version


def loader_version() -> str:
    """Digest of the loader's sources: a changed loader parses every file again."""
    digest = hashlib.blake2b(digest_size=8)
    for source in LOADER_SOURCES:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def count_files(registry: Path) -> int:
    """How many files the loader will read (for the progress line)."""
    folders = (registry / load.ORGANIZATIONS_DIR, registry / load.CERTIFICATION_BODIES_DIR)
    return 2 + sum(len(os.listdir(folder)) for folder in folders if folder.is_dir())


def read_cache(cache_dir: Path | None) -> dict[tuple[str, str], tuple[Signature, bytes]]:
    """Read the documents kept by the last build, or nothing when there are none or they are unreadable."""
    if cache_dir is None:
        return {}
    return read_pickle(cache_dir / LOAD_CACHE_FILE, dict, "parsing every file") or {}


def write_cache(cache_dir: Path, entries: dict[tuple[str, str], tuple[Signature, bytes]]) -> None:
    """Keep this build's documents for the next one, atomically."""
    write_pickle(cache_dir / LOAD_CACHE_FILE, entries)


class CachedReader:
    """A document reader for `load_registry(root, read=...)` that reuses unchanged files' parses.

    It counts every file on the caller's progress line. `save()` keeps this build's parses for the next one.
    """

    def __init__(self, cache_dir: Path | None, registry: Path, progress: Progress | None = None) -> None:
        """Open the parses kept in `cache_dir` (None: parse everything, keep nothing); count files on `progress`."""
        self.cache_dir = cache_dir
        self.stored = read_cache(cache_dir)
        self.fresh: dict[tuple[str, str], tuple[Signature, bytes]] = {}
        self.version = loader_version()
        self.progress = progress or Progress()  # none given: a silent one
        self.progress.stage("load", count_files(Path(registry)), "files")

    def __call__(self, path: Path, kind: str) -> tuple[document.Document, list[Any]]:
        """Return one file's document and problems: kept from the last build when its bytes are the same."""
        try:
            signature = (hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest(), self.version)
        except OSError:  # unreadable: the loader reports it
            return strict_yaml.load_document(path, kind)
        key = (str(path), kind)
        hit = self.stored.get(key)
        self.progress.advance()
        if hit is not None and hit[0] == signature:
            self.fresh[key] = hit
            result = pickle.loads(hit[1])
        else:
            result = strict_yaml.load_document(path, kind)
            self.fresh[key] = (signature, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        result[0].digest = signature[0]
        return result

    def save(self) -> None:
        """Keep this build's parses (pickled as parsed, before later stages touched them) when they changed."""
        if self.cache_dir is not None and self.fresh and self.fresh != self.stored:
            write_cache(self.cache_dir, self.fresh)
