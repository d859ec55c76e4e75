"""The previous output's files a build keeps: their size, modification time and inode, and the kept set.

A file of the previous output is kept when the render cache finds it intact: the stat it has now is
the one recorded when it was written (`stat_of`), so it was not touched since.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path

Stat = tuple[int, int, int]  # size, mtime_ns, inode
Entry = tuple[str, Stat]  # the key a file was written under, and its stat after the build


def kept_stats(kept: Iterable[str], entries: dict[str, Entry]) -> dict[str, Stat]:
    """Each kept file's stat: the one its previous entry holds (keeping a file requires its key and stat to match).

    Only the kept files' paths are recorded while pages are rendered (at 100,000 organizations most of
    763,000 files are kept, and a key and a stat of its own for each cost hundreds of megabytes in every
    render process); this list, for the swap-in, shares each path and stat with the entries.
    """
    paths = list(kept)
    return dict(zip(paths, map(itemgetter(1), map(entries.__getitem__, paths)), strict=True))


def stat_of(path: Path | str) -> Stat:
    """Size, modification time (ns) and inode of a file: what tells that it was not touched since."""
    found = os.lstat(path)
    return (found.st_size, found.st_mtime_ns, found.st_ino)
