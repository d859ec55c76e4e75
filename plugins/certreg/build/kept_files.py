"""The previous output's files a build keeps: their size, modification time and inode, and the kept set.

A file of the previous output is kept when the render cache finds it intact: the stat it has now is
the one recorded when it was written (`stat_of`), so it was not touched since.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

Stat = tuple[int, int, int]  # size, mtime_ns, inode
Entry = tuple[str, Stat]  # the key a file was written under, and its stat after the build


class KeptFiles(Mapping[str, Stat]):
    """The previous output's files a build keeps, each with the stat the render cache found it intact at.

    A kept file's key and stat are those of its previous entry (keeping it requires both to match), so
    only its path is recorded: at 100,000 organizations most of 763,000 files are kept, and a key and a
    stat of its own for each cost hundreds of megabytes in every render process and in the parent.
    """

    def __init__(self, paths: set[str], entries: dict[str, Entry]) -> None:
        """The kept `paths` (a set the page cache adds to), each of which has an entry in `entries`."""
        self.paths = paths
        self.entries = entries

    def __getitem__(self, path: str) -> Stat:
        """The stat of a kept file; KeyError for a file not kept."""
        if path not in self.paths:
            raise KeyError(path)
        return self.entries[path][1]

    def __contains__(self, path: object) -> bool:
        """Whether a file is kept (one set lookup, not Mapping's lookup of its stat)."""
        return path in self.paths

    def __iter__(self) -> Iterator[str]:
        """The kept files' paths."""
        return iter(self.paths)

    def __len__(self) -> int:
        """How many files are kept."""
        return len(self.paths)


def stat_of(path: Path | str) -> Stat:
    """Size, modification time (ns) and inode of a file: what tells that it was not touched since."""
    found = os.lstat(path)
    return (found.st_size, found.st_mtime_ns, found.st_ino)
