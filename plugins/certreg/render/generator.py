"""The certreg Pelican generator: reads the registry into the context, then writes the whole site.

`generate_context()` runs the pipeline (load → validate → enrich, with the git history and events) and
puts the enriched `Site` (docs/architecture.md) in Pelican's context; `generate_output(writer)` is the
only step that writes: it loops once over the table of outputs (`outputs.py`). Templates print `Site`
fields and branch on its flags.

`certreg build` hands down, in the BUILD_SETTING setting, its load cache folder, its page cache and its
progress line; the generator only uses them. Plain `pelican` runs have none: everything is parsed and
rendered, and the progress line is silent.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from pelican.generators import Generator

from certreg.build.assets import asset_filter, write_assets
from certreg.build.page_cache import BUILD_SETTING
from certreg.build.template_cache import build_cache_dir, use_bytecode_cache
from certreg.core.dates import long_date, resolve_build_date
from certreg.core.heap import collector_paused, release_freed_memory
from certreg.core.i18n import N_, SOURCE_LANGUAGE, Translator, translator
from certreg.core.progress import PAGES, Progress
from certreg.enrich.pipeline import load_sites
from certreg.enrich.status import EXPIRING_SOON_DAYS
from certreg.load.cache import CachedReader
from certreg.render.follow.follow import FileGroup, Follow, commit_url_prefix
from certreg.render.language_pages import write_languages
from certreg.render.languages import Language, Languages, install_translator, site_languages
from certreg.render.listings import DEFAULT_PAGE_SIZE, listings
from certreg.render.outputs import OUTPUTS, PROJECT_ROOT, File, Output, Page
from certreg.render.script_messages import script_messages_file, write_script_messages
from certreg.render.spans import write_chunks
from certreg.render.structured_data import jsonld
from certreg.render.template_speed import speed_up

ForkedPages = Callable[[], Iterable[Page]]  # the pages render processes share, made anew at each call

# Organization and certificate pages are rendered by this many forked processes (RENDER_PROCESSES
# setting), once there are at least PARALLEL_MIN_PAGES of them; each page's bytes do not depend on
# which process writes it, so output stays byte-identical.
PARALLEL_MIN_PAGES = 2000


def get_generators(pelican_object: object) -> type[Generator]:
    """Pelican `get_generators` receiver: the certreg generator."""
    return CertregGenerator


def site_translator(settings: dict[str, Any], language: str | None = None) -> Translator:
    """The translator of the site's language (DEFAULT_LANG, or `language`), the registry's `locale/` catalogs first."""
    registry = Path(settings.get("REGISTRY_PATH") or "registry")
    return translator(language or str(settings.get("DEFAULT_LANG") or SOURCE_LANGUAGE), (registry / "locale",))


def setup_jinja(generator: Generator) -> None:
    """Pelican `generator_init` receiver: autoescape, the catalog and the certreg filters, on every generator."""
    generator.env.autoescape = True
    generator.env.auto_reload = False  # templates do not change during a build: no stat per include
    generator.env.filters.update(JINJA_FILTERS)
    static = Path(generator.settings["THEME"]) / "static"
    generator.env.filters["asset"] = asset_filter(static)  # assets.py
    tr = site_translator(generator.settings)
    install_translator(generator.env, tr)
    speed_up(generator.env)  # template_speed.py
    cache_dir = build_cache_dir(generator.settings)  # `certreg build`: compiled templates and script messages kept
    use_bytecode_cache(generator.env, cache_dir)
    # The pages with scripts name the scripts' messages file (render/script_messages.py).
    generator.env.globals["SCRIPT_MESSAGES"] = script_messages_file(tr, static / "js", cache_dir)[0]


def thousands(value: int) -> str:
    """`12345` → `12,345`."""
    return f"{value:,}"


JINJA_FILTERS = {
    "longdate": long_date,
    "jsonld": jsonld,
    "thousands": thousands,
    "asset": asset_filter(PROJECT_ROOT / "theme" / "static"),  # assets.py; setup_jinja uses the THEME setting's
}


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Leave every object alive now (the site, its records, the caches) out of the collector's full walks meanwhile.

    They live for the whole build: each full collection would walk millions of them again (about 0.4 s
    each at 10,000 organizations), and forked render processes would copy the memory pages the walks
    touch. Objects made meanwhile are collected as usual; after the block, the frozen ones are again.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class CertregGenerator(Generator):
    """Reads the registry into the context, then writes every page, list and data file."""

    def generate_context(self) -> None:
        """Load, validate and enrich the registry with its history and events; put the site in the context."""
        build_date = resolve_build_date(self.settings.get("REGISTRY_TODAY"))
        registry_path = Path(self.settings.get("REGISTRY_PATH") or "registry").resolve()
        days = int(self.settings.get("EXPIRING_SOON_DAYS", EXPIRING_SOON_DAYS))
        state = self.settings.get(BUILD_SETTING)
        state = state if isinstance(state, dict) else {}  # plain `pelican`: no cache, a silent progress line
        self.progress: Progress = state.get("progress") or Progress()
        reader = CachedReader(state.get("cache_dir"), registry_path, self.progress)
        history, commit_url = bool(self.settings.get("REGISTRY_HISTORY", True)), commit_url_prefix(self.settings)
        options = {"history": history, "commit_url": commit_url, "cache_dir": state.get("cache_dir")}
        codes = [language.code for language in site_languages(self.settings)]
        self.translators = {code: site_translator(self.settings, code) for code in codes}
        with collector_paused(freeze=True):  # the sites live until the build ends; `frozen_heap` unfreezes them
            sites = load_sites(registry_path, build_date, days, reader, tuple(self.translators.values()), **options)
        self.site, self.sites = sites[0], dict(zip(codes, sites, strict=True))
        reader.save()
        release_freed_memory()  # the parsed registry, now enriched: before the render processes fork
        self.siteurl = str(self.settings.get("SITEURL") or "").rstrip("/")
        self.languages = Languages(site_languages(self.settings), self.siteurl)
        self.page_size = int(self.settings.get("LIST_PAGE_SIZE") or DEFAULT_PAGE_SIZE)
        self.list_pages = list(listings(self.site, self.page_size))
        self.follow = Follow(self.site, {**self.settings, "SITEURL": self.siteurl})
        self.context["site"] = self.site
        # Macros are imported without context (so they are cached): they read these globals.
        self.env.globals.update(SITEURL=self.siteurl, CANONICAL=self.siteurl.startswith(("http://", "https://")))
        # The root of the files every language shares (theme, open data, feeds): the site's root.
        self.env.globals["ROOTURL"] = self.siteurl
        self.context["ROOTURL"] = self.context.get("SITEURL", self.siteurl)
        self.languages.link_content_pages(self.context.get("pages", []))  # Pelican writes them
        self.template_files: dict[str, str] = {}  # page template → its file name (`_template_name`)
        self.page_cache = state.get("page_cache")  # incremental builds (build/page_cache.py)
        self.folders: set[str] = set()  # the output's folders made so far (`_write_chunked`)
        if self.page_cache is not None:
            self.page_cache.open(self.settings, self.site)

    def generate_output(self, writer: Any) -> None:
        """Write every output of the table through Pelican's writer, then the fingerprinted theme files.

        With several render processes, the forked ones write the organization and certificate pages
        and the follow files' groups while this process writes the rest of the table (with the groups of
        the outputs kept whole, which share kept fragments: search, check, open data); no file is written
        by two processes, so the bytes do not depend on how many.
        """
        with frozen_heap():
            self._write_every_output(writer)
        # Pelican memoizes content pages' methods in class-level caches, and each page holds this context:
        # while it names the site, every enriched record outlives the run, into the swap-in's peak.
        self.context.pop("site", None)

    def _write_every_output(self, writer: Any) -> None:
        """`generate_output`, the site's objects frozen out of the garbage collector's walks."""
        forked = [output for output in OUTPUTS if output.forked]
        count = sum(output.forked(self) for output in forked)  # type: ignore[misc]
        processes = self._processes(count)
        if processes > 1:
            # An output kept whole (`Output.whole`) makes its groups here: they share its kept fragments.
            groups = [group for output in OUTPUTS if output.whole is None for group in output.groups(self)]
            self.progress.stage(N_("render"), count, PAGES)
            self._compile_templates()
            with self._forking(writer, self.forked_pages(forked, None), groups, processes):
                for output in OUTPUTS:
                    self._write_output(writer, output, forked_elsewhere=True)
        else:
            for output in OUTPUTS:
                self._write_output(writer, output)
        static = Path(self.settings["THEME"]) / "static"
        write_assets(self.output_path, static)
        write_script_messages(self.output_path, self.site.translator, static / "js", build_cache_dir(self.settings))
        write_languages(self, writer, self.sites, self.translators)  # render/language_pages.py

    def _compile_templates(self) -> None:
        """Compile the theme's templates here, once, so the render processes inherit them ready.

        A template that does not compile is left for the page that uses it to report.
        """
        for path in sorted((Path(self.settings["THEME"]) / "templates").glob("*.html")):
            with contextlib.suppress(TemplateError):
                self.env.get_template(path.name)

    def _write_output(self, writer: Any, output: Output, forked_elsewhere: bool = False) -> None:
        """Write one output: its pages, its files (kept whole while its inputs are unchanged), its scripts.

        `forked_elsewhere`: its forked pages, and its groups unless it is kept whole (`Output.whole`), are
        written by the render processes.
        """
        if not (forked_elsewhere and output.forked):
            if output.stage and not forked_elsewhere:
                self.progress.stage(output.stage, output.forked(self) if output.forked else None, PAGES)
            self._write_pages(writer, self.languages.pages(output.pages(self)))  # one at a time, never listed
        files = output.files(self)
        if output.inputs is not None and self.page_cache:
            files = self.page_cache.group(output.name, output.inputs(self), iter(files))
        self._write_chunked(files)
        if not (forked_elsewhere and output.whole is None):
            self._write_groups(self._groups_to_make(output))
        self._write_chunked((name, [source.read_text(encoding="utf-8")]) for name, source in output.scripts(self))

    def _groups_to_make(self, output: Output) -> Iterable[FileGroup]:
        """An output's file groups, or none when the page cache keeps every one of them whole."""
        if output.whole is not None and self.page_cache and self.page_cache.keep_all(output.name, output.whole(self)):
            return ()
        return output.groups(self)

    def _write_groups(self, groups: Iterable[FileGroup]) -> None:
        """Write file groups, each kept whole by the page cache while its inputs are unchanged."""
        for group in groups:
            made = group.files()
            if self.page_cache:
                made = self.page_cache.group(group.name, group.inputs, made)
            self._write_chunked((name, [text] if isinstance(text, str) else text) for name, text in made)

    def _write_pages(self, writer: Any, pages: Iterable[Page]) -> None:
        for page in pages:
            self.progress.advance()
            values = page.values() if page.inputs is None else None
            # Incremental builds: keep last build's page when its inputs are unchanged.
            if self.page_cache:
                own, keyed = (page.own, page.inputs()) if page.inputs is not None else (values, values)
                if self.page_cache.skip(self.env, self.context, (page.save_as, self._template_name(page), own), keyed):
                    continue
            if values is None:
                values = page.values()
                if tuple(values) != page.own:  # the page cache kept the page by inputs made for these values
                    raise RuntimeError(f"certreg: {page.template} values {tuple(values)} are not {page.own}")
            writer.write_file(page.save_as, self.get_template(page.template), self.context, **values)

    def _template_name(self, page: Page) -> str:
        """The file name of a page's template, found without compiling it (a kept page needs no template)."""
        names = self.template_files
        if page.template not in names:
            listed = set(self.env.list_templates())
            extensions = self.settings["TEMPLATE_EXTENSIONS"]
            found = [page.template + ext for ext in extensions if page.template + ext in listed]
            names[page.template] = found[0] if found else self.get_template(page.template).name
        return names[page.template]

    def _processes(self, pages: int) -> int:
        """How many processes write `pages` forked pages: RENDER_PROCESSES, 1 when there are few pages."""
        processes = int(self.settings.get("RENDER_PROCESSES") or min(2, os.cpu_count() or 1))
        return 1 if pages < int(self.settings.get("PARALLEL_MIN_PAGES", PARALLEL_MIN_PAGES)) else processes

    def forked_pages(self, outputs: list[Output], language: Language | None) -> ForkedPages:
        """The pages of forked `outputs` in `language` (None: the default one), made anew at each call.

        Each render process makes them all and writes its share, so no process holds them all at once
        (at 100,000 organizations, 300,000 pages' closures are some 250 MB, inherited by every process).
        """
        return lambda: (page for output in outputs for page in self.languages.pages(output.pages(self), language))

    def _write_forked(self, writer: Any, pages: ForkedPages, count: int) -> None:
        """Write the `count` pages `pages` makes in forked processes when there are many, else here."""
        processes = self._processes(count)
        if processes < 2:
            self._write_pages(writer, pages())
            return
        with self._forking(writer, pages, [], processes):
            pass

    @contextmanager
    def _forking(self, writer: Any, pages: ForkedPages, groups: list[FileGroup], processes: int) -> Iterator[None]:
        """Write the pages `pages` makes and `groups` in `processes` forked processes while the block runs here.

        This process's progress line is silent meanwhile (the first render process speaks); a failure
        here stops the render processes before it is raised.
        """
        fork = multiprocessing.get_context("fork")
        work = (writer, pages, groups)
        workers = [fork.Process(target=self._write_share, args=(*work, i, processes)) for i in range(processes)]
        for worker in workers:
            worker.start()
        stream, self.progress.stream = self.progress.stream, None
        try:
            yield
        except BaseException:
            for worker in workers:
                worker.terminate()
            raise
        finally:
            for worker in workers:
                worker.join()
            self.progress.stream = stream
        failed = [worker.exitcode for worker in workers if worker.exitcode != 0]
        if failed:
            raise RuntimeError(f"certreg: {len(failed)} page-writing process(es) failed (exit codes {failed})")
        if self.page_cache:  # incremental builds: what each process kept and keyed
            self.page_cache.merge_shares(processes)

    def _write_share(self, writer: Any, pages: ForkedPages, groups: list[FileGroup], share: int, shares: int) -> None:
        """In forked process `share` of `shares`: write every `shares`-th page and group, starting at `share`."""
        gc.freeze()  # what the fork inherited (every group to write) lives until this process ends
        self.progress.follow_share(share, shares)  # this process's copy: the first one speaks for all
        self._write_pages(writer, itertools.islice(pages(), share, None, shares))
        self._write_groups(groups[share::shares])
        if self.page_cache:  # incremental builds: hand this process's record to the parent
            self.page_cache.dump_share(share)

    def _write_chunked(self, files: Iterable[File]) -> None:
        """Write files piece by piece, so a large one is never held in memory whole (UTF-8, LF line ends)."""
        folders = self.folders  # made in this process (or before the fork): one mkdir per folder
        for name, chunks in files:
            path = os.path.join(self.output_path, name)
            folder = os.path.dirname(path)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            write_chunks(path, chunks)
