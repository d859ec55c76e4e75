"""The render cache: reuse last build's page when nothing it shows has changed.

A page's key is a BLAKE2 digest of everything its bytes can depend on:
- the code fingerprint: the certreg plugin's source, every theme file, the Pelican, Jinja and
  MarkupSafe versions, and every setting except the output path;
- the fingerprint of the catalogs of the page's language (`Translator.fingerprint`): a changed German
  message renders the German pages again and no other (a site of several languages keys each
  language's pages under its folder, render/language_pages.py);
- the template name and the values of every context name the template (and each template it extends,
  includes or imports) reads, found with `jinja2.meta` once per template text (`template_names.py`);
- the page's own values (the enriched organization, certificate, list rows...), as canonical JSON.

The cache (`pages.pickle` in the cache folder, outside the output) maps each output path to its key
and the size, modification time and inode of the file the previous build left. A page is reused only
when its key is the same *and* the file in the previous output still has that size, mtime and inode;
anything else (no cache, a stale cache, a damaged one, an edited output) renders the page as a cold
build would. Reused pages are hard-linked from the previous output by `output_sync` after the build.

Files made together are a group (`group`) keyed by their inputs; the groups `prefix:…` can also be kept
all at once under the inputs of them all (`keep_all`). Values outputs assemble files from (a record's
JSON, a shard's lunr index) are kept in `fragments(prefix)`, read only when needed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import pickle
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from itertools import filterfalse
from pathlib import Path
from typing import Any

import jinja2

from certreg.build.digests import Unkeyable, digest, joined_digest
from certreg.build.kept_files import Entry, Stat, kept_stats, stat_of
from certreg.build.template_names import TemplateNames, lookup
from certreg.core.i18n import ENGLISH, N_, Translator
from certreg.core.kept import Kept
from certreg.core.pickles import read_pickle, write_pickle

logger = logging.getLogger(__name__)

CACHE_FORMAT = 2
CACHE_FILE = "pages.pickle"
FRAGMENTS_FILE = "fragments-{prefix}.sqlite"
PLUGIN_DIR = Path(__file__).resolve().parents[1]
# Packages whose output ends up in pages: the page values are not digested when a page has inputs
# (render/outputs.py `Page`), so QR codes (segno) and dates (babel) are keyed by version.
VERSIONED_PACKAGES = ("pelican", "jinja2", "markupsafe", "segno", "babel")
# Settings that name where this build writes, not what it writes.
# `certreg build` passes BUILD_SETTING: {"cache_dir": Path | None, "page_cache": PageCache | None, "progress":
# Progress}, read by the generator and never written back. Plain `pelican` runs have no such setting:
# they parse and render everything, with a silent progress line.
BUILD_SETTING = "CERTREG_BUILD"
# REGISTRY_TODAY reaches a page only through the enriched data and `build_date`, keyed themselves: keying the
# setting would make every page new every day. How many processes render does not change a byte
# (tests/build/test_stable_output.py), so neither setting is keyed.
UNKEYED_SETTINGS = frozenset({"OUTPUT_PATH", BUILD_SETTING, "REGISTRY_TODAY", "RENDER_PROCESSES", "PARALLEL_MIN_PAGES"})

REDUCE_DEPTH = 4  # how deep `PageCache.reduce` looks for the site's records in a page's values (rows...)
Whole = tuple[str, list[str]]  # the key of groups kept all at once, and the groups' names


def stored_keys(stored: Any) -> tuple[Any, Any, dict[str, Entry], dict[str, list[str]], dict[str, Whole]]:
    """Format, fingerprint, page entries, groups and wholes of a kept render cache (raise on another shape)."""
    entries, groups, wholes = dict(stored["entries"]), dict(stored["groups"]), dict(stored["wholes"])
    return stored["format"], stored["fingerprint"], entries, groups, wholes


def _file_digests(folder: Path, pattern: str) -> list[tuple[str, str]]:
    """(relative path, digest of bytes) of every file under `folder` matching `pattern`, sorted."""
    return [
        (str(path.relative_to(folder)), hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest())
        for path in sorted(folder.rglob(pattern))
        if path.is_file() and "__pycache__" not in path.parts
    ]


def code_fingerprint(theme: Path, settings: dict[str, Any]) -> str:
    """Digest what every page depends on besides its data: plugin code, theme files, versions, settings."""
    kept = {
        name: repr(value)
        for name, value in settings.items()
        if name.isupper() and name not in UNKEYED_SETTINGS and " at 0x" not in repr(value)
    }
    return digest(
        {
            "format": CACHE_FORMAT,
            "plugin": _file_digests(PLUGIN_DIR, "*.py"),
            "theme": _file_digests(Path(theme), "*"),
            "versions": {package: version(package) for package in VERSIONED_PACKAGES},
            "settings": kept,
        }
    )


class PageCache:
    """Keys pages, decides which can be reused, and remembers keys for the next build.

    `certreg build` makes it and hands it to the generator, which `open`s it once the site is known;
    the build then reads `reused` and calls `save` on its own object after Pelican returns.
    """

    def __init__(self, cache_dir: Path | None, previous: Path | None, tr: Translator = ENGLISH) -> None:
        """Make the cache in `cache_dir` (None: no cache) replacing `previous` (None: first build); warn in `tr`."""
        self.cache_dir = Path(cache_dir) if cache_dir else None
        if self.cache_dir is not None:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        self._parent = os.getpid()
        self.previous = Path(previous) if previous else None
        self.fingerprint = ""  # set by `open`: nothing is saved before it
        self.tr = tr  # the language of the pages being keyed: the site's, set by `open`
        self.groups: dict[str, list[str]] = {}  # this build: group → the files it wrote or kept
        self.kept_groups: set[str] = set()  # this build: the groups kept as the previous build made them
        self.entries: dict[str, Entry] = {}  # the previous build's files: path → key, stat
        self.previous_groups: dict[str, list[str]] = {}
        self.wholes: dict[str, str] = {}  # this build: prefix of groups kept all at once → their key
        self.previous_wholes: dict[str, Whole] = {}
        self.unkeyed: set[str] = set()  # groups made without a key: their prefix cannot be kept whole
        self._fragments: dict[str, Kept] = {}  # values outputs assemble their files from, by output
        self.keys: dict[str, str] = {}  # this build: output path → key, for the files made again
        self.kept: set[str] = set()  # this build: the previous output's files kept (their entries hold key and stat)
        self._shared: dict[str, str] = {}
        self.templates = TemplateNames(self.cache_dir, tr)
        self._memo: dict[int, str] = {}
        # ids of objects alive for the whole build (the site's records): their digests are memoized.
        # A short-lived value's id can be reused by the next one, so it is digested every time.
        self.long_lived: set[int] = set()

    def open(self, settings: dict[str, Any], site: Any) -> None:
        """Key this build's code and settings, read the last build's keys, and digest the site's records once.

        The records are digested here, before render processes fork, so each process inherits them.
        """
        self.fingerprint = code_fingerprint(Path(settings["THEME"]), settings)
        self.tr = getattr(site, "translator", ENGLISH)
        if self.cache_dir and self.previous:
            self.entries, self.previous_groups, self.previous_wholes = self._load()
        self.keep_records(site)

    def keep_records(self, site: Any) -> None:
        """Digest a site's records once: they live for the whole build (each language has its own `Site`).

        A certificate is part of its organization's record, so its key is that record's digest and its
        place in it: each organization is pickled once, its certificates not again.
        """
        records = (*site.organizations, *site.certificates, *site.certification_bodies.values())
        self.long_lived.update(id(record) for record in records)
        for organization in site.organizations:
            key = self.reduce(organization)
            for index, certificate in enumerate(organization.get("certifications") or ()):
                if id(certificate) in self.long_lived and id(certificate) not in self._memo:
                    self._memo[id(certificate)] = digest(["certificate", key, index])
        for record in records:
            self.reduce(record)

    @contextmanager
    def language(self, tr: Translator, site: Any) -> Iterator[None]:
        """Key the pages written while the block runs in the language of `tr`, from its `site`."""
        saved = self.tr
        self.tr = tr
        self.keep_records(site)
        try:
            yield
        finally:
            self.tr = saved

    def _load(self) -> tuple[dict[str, Entry], dict[str, list[str]], dict[str, Whole]]:
        """Read the previous build's keys; empty (with a note) when missing, stale in format or damaged."""
        assert self.cache_dir is not None
        stored = read_pickle(self.cache_dir / CACHE_FILE, stored_keys, N_("rendering every page"), self.tr)
        if stored is None:
            return {}, {}, {}
        if stored[0] != CACHE_FORMAT or stored[1] != self.fingerprint:
            logger.info("certreg: render cache is for other code, theme or settings; rendering every page")
            return {}, {}, {}
        return stored[2], stored[3], stored[4]

    def shared_key(self, env: jinja2.Environment, template: str, context: dict[str, Any], own: Iterable[str]) -> str:
        """Digest of the build-wide values a template reads (once per template and page kind)."""
        own = frozenset(own)
        memo_key = f"{self.tr.fingerprint}\0{template}\0{','.join(sorted(own))}"
        if memo_key not in self._shared:
            names = (name for name in self.templates.names(env, template) if name.partition(".")[0] not in own)
            values = {name: lookup(name, context, env) for name in sorted(names) if name != "output_file"}
            values = {name: self.reduce(value) for name, value in values.items() if not callable(value)}
            self._shared[memo_key] = digest([self.fingerprint, self.tr.fingerprint, template, values])
        return self._shared[memo_key]

    def reduce(self, value: Any, depth: int = 0) -> Any:
        """`value` with each of the site's records in it replaced by its digest, computed once per build."""
        if id(value) in self.long_lived:
            if id(value) not in self._memo:
                self._memo[id(value)] = digest(value)
            return self._memo[id(value)]
        if depth >= REDUCE_DEPTH:
            return value
        if isinstance(value, (list, tuple)):
            return [self.reduce(item, depth + 1) for item in value]
        if isinstance(value, dict):
            return {key: self.reduce(item, depth + 1) for key, item in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {
                field.name: self.reduce(getattr(value, field.name), depth + 1) for field in dataclasses.fields(value)
            }
        return value

    def fragments(self, prefix: str) -> Kept:
        """The values kept for the outputs named `prefix`, read on first use (so a build keeping them reads none)."""
        if prefix not in self._fragments:
            path = self.cache_dir / FRAGMENTS_FILE.format(prefix=prefix) if self.cache_dir else None
            self._fragments[prefix] = Kept(path, self.fingerprint, N_("making every value again"), self.tr)
        return self._fragments[prefix]

    def record_key(self, record: Any) -> str:
        """The digest of one of the site's records (an organization, a certificate, a body), made once per build."""
        if id(record) not in self.long_lived:
            raise ValueError("certreg: record_key is for the site's records only")
        return self.reduce(record)

    def page_key(self, shared: str, save_as: str, values: Any) -> str:
        """Digest of one page: its shared key, path and own values or inputs (a tuple of digests: joined)."""
        return joined_digest((shared, save_as), values) or digest([shared, save_as, self.reduce(values)])

    def skip(
        self, env: jinja2.Environment, context: dict[str, Any], page: tuple[str, str, Iterable[str]], values: Any
    ) -> bool:
        """Tell whether the page (path, template, own value names) need not be rendered, from its values or inputs."""
        save_as, template, own = page
        try:
            shared = self.shared_key(env, template, context, own)
            key = self.page_key(shared, save_as, values)
        except Unkeyable as exc:
            logger.debug("certreg: %s is always rendered: %s", save_as, exc)
            return False
        return self.try_reuse(save_as, key)

    def group(self, name: str, inputs: Any, files: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
        """Files made together from `inputs`: kept whole, or all written again.

        When the group's key is unchanged and every file it wrote last time is intact, they are all kept
        and `files` is never consumed (nothing is computed); otherwise `files` passes through.
        """
        try:
            key = self.group_key(name, inputs)
        except Unkeyable:
            self.unkeyed.add(name)
            return files
        previous = self.previous_groups.get(name)
        if previous is not None and all(self._intact(path, key) for path in previous):
            self.kept.update(previous)
            self.groups[name] = previous
            self.kept_groups.add(name)
            return iter(())
        return self._recording(name, key, files)

    def group_key(self, name: str, inputs: Any) -> str:
        """The key of a group: code, language, name and inputs (a tuple of digests is joined, not pickled)."""
        parts = (self.fingerprint, self.tr.fingerprint, name)
        return joined_digest(parts, inputs) or digest([*parts, self.reduce(inputs)])

    def keep_all(self, prefix: str, inputs: Any) -> bool:
        """Tell whether every group named `prefix:…` is kept as last build made it, without keying each.

        True when last build made them from the same `inputs` (everything any of them is made from) and
        every file of every one of them is intact: they are then all recorded as kept. Otherwise False,
        and the caller makes or keeps each group on its own (`group`).
        """
        try:
            key = digest([self.fingerprint, self.tr.fingerprint, prefix, self.reduce(inputs)])
        except Unkeyable:
            return False
        self.wholes[prefix] = key
        previous_key, names = self.previous_wholes.get(prefix, ("", []))
        if previous_key != key or any(name not in self.previous_groups for name in names):
            return False
        paths = [path for name in names for path in self.previous_groups[name]]
        if not all(path in self.entries and self._intact(path, self.entries[path][0]) for path in paths):
            return False
        for name in names:
            self.groups[name] = self.previous_groups[name]
        self.kept_groups.update(names)
        self.kept.update(paths)
        return True

    def _saved_wholes(self, groups: dict[str, list[str]]) -> dict[str, Whole]:
        """The wholes whose every group was keyed and is saved, with their groups' names."""
        saved: dict[str, Whole] = {}
        for prefix, key in self.wholes.items():
            names = sorted(name for name in {*self.groups, *self.unkeyed} if name.startswith(prefix + ":"))
            if all(name in groups for name in names):
                saved[prefix] = (key, names)
        return saved

    def _recording(self, name: str, key: str, files: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
        paths = self.groups.setdefault(name, [])
        for path, content in files:
            self.keys[path] = key
            paths.append(path)
            yield path, content

    def _intact(self, save_as: str, key: str) -> Stat | None:
        """Return the stat of the previous output's file when it was written under `key` and is unchanged since."""
        entry = self.entries.get(save_as)
        if entry is None or entry[0] != key or self.previous is None:
            return None
        try:
            stat = stat_of(f"{self.previous}/{save_as}")  # a string: no Path object per page
        except OSError:
            return None
        return stat if stat == entry[1] else None

    def previous_file(self, save_as: str) -> tuple[str, str] | None:
        """The previous output's file at `save_as` and the key it was written under, while it is intact."""
        entry = self.entries.get(save_as)
        if entry is None or self._intact(save_as, entry[0]) is None:
            return None
        return f"{self.previous}/{save_as}", entry[0]

    def written_key(self, save_as: str) -> str | None:
        """The key this build writes the file at `save_as` under (None when it writes it unkeyed)."""
        return self.keys.get(save_as)

    def try_reuse(self, save_as: str, key: str) -> bool:
        """True when the previous output's file for `key` can be kept as it is; else record the key to make it."""
        if self._intact(save_as, key) is None:
            self.keys[save_as] = key
            return False
        self.kept.add(save_as)
        return True

    def _share_file(self, share: int) -> Path:
        """Where render process `share` of this build leaves its record (named by the parent's pid)."""
        assert self.cache_dir is not None
        return self.cache_dir / f".share-{self._parent}-{share}.pickle"

    def dump_share(self, share: int) -> None:
        """In forked render process `share`: hand its keys, kept files and groups to the parent, through a file.

        A kept group goes by its name alone: the parent has the previous build's groups too.
        """
        made = {name: paths for name, paths in self.groups.items() if name not in self.kept_groups}
        with self._share_file(share).open("wb") as handle:
            record = (self.keys, self.kept, made, self.kept_groups, self.templates.kept())
            pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def merge_shares(self, shares: int) -> None:
        """In the parent, once every render process succeeded: take the keys, reuses and groups each recorded."""
        for share in range(shares):
            path = self._share_file(share)
            with path.open("rb") as handle:
                keys, kept, made, kept_groups, templates = pickle.load(handle)
            path.unlink()
            self.keys.update(keys)
            self.kept.update(kept)
            self.groups.update(made)
            self.groups.update((name, self.previous_groups[name]) for name in kept_groups)
            self.kept_groups.update(kept_groups)
            self.templates.keep(templates)

    def reused(self) -> dict[str, Stat]:
        """The previous output's files this build keeps, with their stats: what the swap-in links."""
        return kept_stats(self.kept, self.entries)

    def saved_entries(self, stats: dict[str, Stat]) -> dict[str, Entry]:
        """This build's entries: each file kept or made, with its final stat.

        The previous build's entries are updated in place: a copy of every file's would add to the peak.
        A kept file's entry stays as it is: the swap-in lists it with that very stat (`reused`).
        """
        entries, kept, made = self.entries, self.kept, self.keys
        # The two filters pass over every entry at C speed; only the few files not kept reach this loop.
        for path in {*filterfalse(stats.__contains__, entries), *filterfalse(kept.__contains__, entries)}:
            if path not in stats or path not in made:  # gone, or neither kept nor made
                del entries[path]
        entries.update((path, (key, stats[path])) for path, key in made.items() if path in stats)
        return entries

    def save(self, stats: dict[str, Stat]) -> None:
        """Write this build's keys with the final files' stats, atomically; never fails the build."""
        if self.cache_dir is None or not self.fingerprint:
            return
        entries = self.saved_entries(stats)
        groups = {name: paths for name, paths in self.groups.items() if all(path in entries for path in paths)}
        data = {"format": CACHE_FORMAT, "fingerprint": self.fingerprint, "entries": entries, "groups": groups}
        try:
            write_pickle(self.cache_dir / CACHE_FILE, {**data, "wholes": self._saved_wholes(groups)})
            self.templates.save()
            for fragments in self._fragments.values():
                fragments.save()
        except OSError as exc:
            message = self.tr.gettext("could not save the render cache in {folder}: {error}")
            logger.warning("certreg: %s", message.format(folder=self.cache_dir, error=exc))
