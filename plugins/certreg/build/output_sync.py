"""Put a finished build in place: unchanged files keep their bytes, inode and modification time.

Pelican writes the new site into a staging folder. Pages the render cache kept are not written at all.

Without a cache folder, every file of the staging folder whose bytes equal the previous output's is
replaced by a hard link to that file, kept pages are linked too, and the staging folder is swapped in
(`staging.py`); the old folder is deleted.

With a cache folder, the build before last is kept as a spare tree, `<cache>/previous/`, which shares
every unchanged file with the output (hard links: one inode, two names). The cost of a build follows
what changed, not the size of the site:
- the files Pelican wrote into the staging folder (pages and groups whose keys changed, and the few
  files written in every build) are compared with the output's; kept pages are not looked at again
  (the page cache has checked their size, mtime and inode);
- when none differs and none is gone, the output already is the new site: it stays, untouched, and the
  spare is left as it is;
- otherwise the spare is brought up to date: a changed file is moved in, an unchanged one is linked
  from the output unless the spare's list (`trees.pickle`) already records that very inode there, which
  for kept pages is the usual case (no system call at all), and files no longer produced are deleted.
  Then the spare and the output are swapped with three renames (`swap_trees`).
A cold build with a cache folder makes the spare right after its swap (`make_first_spare`), linking
every file of the new output once, so the first daily rebuild finds one. When no spare can be trusted
(a build failed or was killed while changing or making it, or the cache was deleted), the first build
that changes something makes one the same way.

Atomicity: nothing here ever writes into the live output folder; every change goes to the spare, and
the new site appears only by the renames of `swap_trees`, after the spare is complete. Before the
spare is touched, a mark file beside `trees.pickle` (`spare-changing`) says it is being changed, and
it is removed only once the lists are saved after the swap: a build that fails or is killed at any
point leaves the output as it was, and the next build makes a new spare instead of trusting a
half-changed one. The lists are trusted only for the folder inode they were saved with, so a replaced
output or spare is listed again. A file edited in place in the output changes its stat, which the page
cache checks before keeping a page; the spare is the cache's own (never edit it: delete the cache
instead).
"""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from certreg.build.kept_files import Stat, stat_of
from certreg.core.i18n import ENGLISH, N_, N_plural, Translator
from certreg.core.pickles import read_pickle, write_pickle
from certreg.core.progress import Progress

logger = logging.getLogger(__name__)

SPARE_DIR = "previous"
TREES_FILE = "trees.pickle"
SPARE_MARK = "spare-changing"  # present from before the spare is changed until its new list is saved
TREES_FORMAT = 1
Manifest = dict[str, Stat]
Changes = tuple[list[str], list[str]]  # the staged files: changed, and with the output's bytes


@dataclass(slots=True)
class SyncReport:
    """What a build did to the output: files written, unchanged and removed, and bytes written."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    bytes_written: int = 0
    seconds: float = 0.0
    stats: Manifest = field(default_factory=dict)

    def summary(self, tr: Translator = ENGLISH) -> str:
        """Return the last line of a build, in `tr`'s language and plural forms."""

        def counted(singular: str, plural: str, count: int) -> str:
            return tr.ngettext(singular, plural, count).format(count=tr.number(count))

        return "certreg: " + tr.gettext("{written}, {unchanged}, {removed}; {bytes}; {seconds} s").format(
            written=counted(*SUMMARY_PARTS["written"], self.written),
            unchanged=counted(*SUMMARY_PARTS["unchanged"], self.unchanged),
            removed=counted(*SUMMARY_PARTS["removed"], self.removed),
            bytes=counted(*SUMMARY_PARTS["bytes"], self.bytes_written),
            seconds=format_decimal(round(self.seconds, 1), format="0.0", locale=tr.locale),
        )


# The parts of a build's last line, each with its plural form (French agrees "inchangés" with the count).
SUMMARY_PARTS = {
    "written": N_plural("{count} file written", "{count} files written"),
    "unchanged": N_plural("{count} unchanged", "{count} unchanged"),
    "removed": N_plural("{count} removed", "{count} removed"),
    "bytes": N_plural("{count} byte written", "{count} bytes written"),
}


def relative_files(folder: Path) -> Iterator[str]:
    """Every file under a folder, as a path relative to it with `/` separators."""
    root = str(folder)
    for dirpath, _dirnames, filenames in os.walk(root):
        prefix = os.path.relpath(dirpath, root)
        for name in filenames:
            yield name if prefix == "." else f"{prefix}/{name}".replace(os.sep, "/")


def manifest_of(folder: Path) -> Manifest:
    """Every file of a folder with its stat (walks the folder: used only when no list is kept)."""
    return {name: stat_of(folder / name) for name in relative_files(folder)}


def unlisted(names: Iterable[str], listed: Container[str]) -> Iterator[str]:
    """The names not in `listed`, one at a time: a set difference of every file would add to the peak."""
    return (name for name in names if name not in listed)


def same_bytes(old: Path, new: Path) -> bool:
    """Tell whether `old` is a file with exactly the bytes of `new`."""
    try:
        return os.lstat(old).st_size == os.lstat(new).st_size and filecmp.cmp(old, new, shallow=False)
    except FileNotFoundError:
        return False


def link_into(source: Path, target: Path) -> None:
    """Make `target` a hard link to `source` (unless it already is one), replacing it atomically."""
    try:
        if os.lstat(target).st_ino == os.lstat(source).st_ino:
            return
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.link")
    os.link(source, temp)
    os.replace(temp, target)


# --- without a cache: share unchanged files, then swap the staging folder in -------------------------


def stats_under(root: str, prefix: str = "") -> Iterator[tuple[str, os.stat_result]]:
    """Every file under the folder `root` (a string), as (path relative to it, its lstat): one scan a folder."""
    with os.scandir(root) as entries:
        for entry in entries:
            name = f"{prefix}{entry.name}"
            if not entry.is_dir():
                yield name, entry.stat(follow_symlinks=False)
            elif not entry.is_symlink():  # as `os.walk`: a link to a folder is neither a file nor followed
                yield from stats_under(entry.path, f"{name}/")


def first_output(staging: Path, progress: Progress) -> SyncReport:
    """What a build with no previous output did: it wrote every file (one lstat each, for the kept list)."""
    report = SyncReport()
    for name, found in stats_under(str(staging)):
        progress.advance()
        report.bytes_written += found.st_size
        report.stats[name] = (found.st_size, found.st_mtime_ns, found.st_ino)
    report.written = len(report.stats)
    return report


def share_unchanged(staging: Path, previous: Path | None, reused: Manifest, progress: Progress) -> SyncReport:
    """Hard-link reused and byte-identical files from `previous` into `staging`; count what changed."""
    if previous is None and not reused:
        return first_output(staging, progress)
    report = SyncReport()
    for name in relative_files(staging):
        progress.advance()
        new = staging / name
        if previous is not None and same_bytes(previous / name, new):
            link_into(previous / name, new)
            report.unchanged += 1
        else:
            report.written += 1
            report.bytes_written += os.lstat(new).st_size
        report.stats[name] = stat_of(new)
    for name in unlisted(reused, report.stats):
        assert previous is not None
        link_into(previous / name, staging / name)
        report.unchanged += 1
        report.stats[name] = reused[name]
    if previous is not None:
        report.removed = sum(1 for name in relative_files(previous) if name not in report.stats)
    return report


# --- with a cache: bring the spare tree up to date, then swap it with the output -------------------


def load_trees(cache_dir: Path, output: Path, tr: Translator) -> tuple[Manifest | None, Manifest | None]:
    """Read the kept file lists of the output and of the spare, or None for one that cannot be trusted."""
    spare = cache_dir / SPARE_DIR
    stored = read_pickle(cache_dir / TREES_FILE, checked_trees, N_("listing the output again"), tr)
    if stored is None:  # none or damaged: both trees are listed again from the disk
        return None, None

    def kept(folder: Path, entry: tuple[int, Manifest] | None) -> Manifest | None:
        if entry is None or not folder.is_dir() or os.lstat(folder).st_ino != entry[0]:
            return None
        return entry[1]

    changing = (cache_dir / SPARE_MARK).exists()  # a build stopped while changing the spare: list it again
    return kept(output, stored.get("output")), None if changing else kept(spare, stored.get("spare"))


def checked_trees(stored: Any) -> dict[str, Any]:
    """The kept file lists, when they are of this format (else raise: they are listed again)."""
    if stored["format"] != TREES_FORMAT:
        raise ValueError(f"format {stored['format']!r}, not {TREES_FORMAT}")
    return dict(stored)


def save_trees(cache_dir: Path, trees: dict[str, tuple[int, Manifest] | None]) -> None:
    """Write the file lists of the trees (a None spare is not trusted), atomically; they now say what each holds."""
    write_pickle(cache_dir / TREES_FILE, {"format": TREES_FORMAT, **trees})
    (cache_dir / SPARE_MARK).unlink(missing_ok=True)


def mark_spare_changing(cache_dir: Path) -> None:
    """Mark the spare as being changed, before the first change to it, until `save_trees` records it again.

    A mark, not the lists saved again with no spare: the output's list alone holds every file of the
    site (56 MB, 0.5 s to pickle, at 100,000 organizations, measured).
    """
    (cache_dir / SPARE_MARK).touch()


def prune(spare: Path, name: str) -> None:
    """Delete a file of the spare tree and each folder it leaves empty."""
    path = spare / name
    path.unlink(missing_ok=True)
    for parent in path.parents:
        if parent == spare:
            break
        try:
            parent.rmdir()
        except OSError:
            break


def compare_staged(staging: Path, output: Path, progress: Progress) -> Changes:
    """The files the generator wrote, split into those whose bytes differ from the output's and the others."""
    changed, same = [], []
    for name in relative_files(staging):
        progress.advance()
        (same if same_bytes(output / name, staging / name) else changed).append(name)
    return changed, same


def fill_spare(output: Path, spare: Path, output_list: Manifest) -> Manifest:
    """Make a new spare tree of hard links to every file of the output; its file list.

    Done once, when there is no spare to trust (the first build that changes anything after a cold
    one, or after a failed build): plain system calls on strings, each folder made once.
    """
    shutil.rmtree(spare, ignore_errors=True)
    spare.mkdir(parents=True)
    spare.chmod(0o755)
    source, target = str(output), str(spare)
    for folder in sorted({name.rpartition("/")[0] for name in output_list} - {""}):
        os.makedirs(f"{target}/{folder}", exist_ok=True)
    linked: Manifest = {}
    for name, stat in output_list.items():
        try:
            os.link(f"{source}/{name}", f"{target}/{name}")
        except FileNotFoundError:  # gone from the output since it was listed: not in the spare either
            continue
        linked[name] = stat
    return linked


def make_first_spare(output: Path, cache_dir: Path, output_list: Manifest) -> None:
    """After a build that swapped a new output in without a spare (a cold one): make the spare now.

    The spare is marked as being changed first, so a build killed while this links leaves a spare the
    next build makes again; the spare is recorded only once every file is linked.
    """
    spare = cache_dir / SPARE_DIR
    mark_spare_changing(cache_dir)
    spare_list = fill_spare(output, spare, output_list)
    trees = {"output": (os.lstat(output).st_ino, output_list), "spare": (os.lstat(spare).st_ino, spare_list)}
    save_trees(cache_dir, trees)


def update_spare(
    staging: Path, output: Path, spare: Path, changes: Changes, reused: Manifest, spare_list: Manifest
) -> SyncReport:
    """Make `spare` hold the new site: changed files moved in, unchanged ones linked from `output` when not already.

    A kept page whose inode the spare's list already holds is the very same file: no system call at all.
    """
    report = SyncReport()
    changed, same = changes
    for name in changed:
        new, target = staging / name, spare / name
        report.written += 1
        report.bytes_written += os.lstat(new).st_size
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, target)
        report.stats[name] = stat_of(target)
    for name in same:
        link_into(output / name, spare / name)
        report.stats[name] = stat_of(spare / name)
    for name in unlisted(reused, report.stats):
        stat = reused[name]
        if spare_list.get(name, (0, 0, -1))[2] != stat[2]:
            link_into(output / name, spare / name)
        report.stats[name] = stat
    report.unchanged = len(report.stats) - report.written
    for name in unlisted(spare_list, report.stats):
        prune(spare, name)
    return report


def unchanged_output(output: Path, same: list[str], reused: Manifest) -> SyncReport:
    """What a build that changed nothing did: every file is the output's, as it is."""
    report = SyncReport(stats={name: stat_of(output / name) for name in same})
    report.stats.update(reused)
    report.unchanged = len(report.stats)
    return report


def swap_in_with_spare(
    staging: Path, output: Path, cache_dir: Path, reused: Manifest, progress: Progress
) -> SyncReport:
    """Bring the spare tree up to date from `staging`, then swap it with `output` (see the module doc).

    When no file changed and none is removed, the output already is the new site: it stays, untouched.
    """
    spare = cache_dir / SPARE_DIR
    output_list, spare_list = load_trees(cache_dir, output, progress.tr)
    output_list = output_list if output_list is not None else manifest_of(output)
    changed, same = compare_staged(staging, output, progress)
    staged = set(same)
    if not changed and all(name in reused or name in staged for name in output_list):
        report = unchanged_output(output, same, reused)
        if report.stats != output_list:  # listed again, or a file's stat moved: keep the list true
            kept = (os.lstat(spare).st_ino, spare_list) if spare_list is not None else None
            save_trees(cache_dir, {"output": (os.lstat(output).st_ino, report.stats), "spare": kept})
        shutil.rmtree(staging, ignore_errors=True)
        return report
    mark_spare_changing(cache_dir)
    if spare_list is None:
        spare_list = fill_spare(output, spare, output_list)
    report = update_spare(staging, output, spare, (changed, same), reused, spare_list)
    del spare_list  # the old spare's list, not kept: let it go before the new lists are written
    report.removed = sum(1 for _ in unlisted(output_list, report.stats))
    swap_trees(output, spare)
    save_trees(
        cache_dir, {"output": (os.lstat(output).st_ino, report.stats), "spare": (os.lstat(spare).st_ino, output_list)}
    )
    shutil.rmtree(staging, ignore_errors=True)
    return report


def swap_trees(output: Path, spare: Path) -> None:
    """Exchange two folders with three renames; the output path is missing only between the first two."""
    aside = output.with_name(f".{output.name}.swapping")
    output.rename(aside)
    try:
        spare.rename(output)
    except BaseException:
        aside.rename(output)
        raise
    aside.rename(spare)
    logger.info("certreg: site written to %s", output)
