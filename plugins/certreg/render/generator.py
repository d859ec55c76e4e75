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

import logging
import multiprocessing
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from certreg.build.assets import asset_filter, write_assets
from certreg.build.page_cache import BUILD_SETTING
from certreg.core.dates import long_date, resolve_build_date
from certreg.core.i18n import SOURCE_LANGUAGE, Translator, translator
from certreg.core.progress import Progress
from certreg.enrich.pipeline import load_sites
from certreg.enrich.status import EXPIRING_SOON_DAYS
from certreg.load.cache import CachedReader
from certreg.render.follow.follow import Follow, commit_url_prefix
from certreg.render.language_pages import write_languages
from certreg.render.languages import Languages, install_translator, site_languages
from certreg.render.listings import DEFAULT_PAGE_SIZE, listings
from certreg.render.outputs import OUTPUTS, PROJECT_ROOT, File, Output, Page
from certreg.render.script_messages import script_messages_file, write_script_messages
from certreg.render.structured_data import jsonld

logger = logging.getLogger(__name__)

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
    # The pages with scripts name the scripts' messages file (render/script_messages.py).
    generator.env.globals["SCRIPT_MESSAGES"] = script_messages_file(tr, static / "js")[0]


def thousands(value: int) -> str:
    """`12345` → `12,345`."""
    return f"{value:,}"


JINJA_FILTERS = {
    "longdate": long_date,
    "jsonld": jsonld,
    "thousands": thousands,
    "asset": asset_filter(PROJECT_ROOT / "theme" / "static"),  # assets.py; setup_jinja uses the THEME setting's
}


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
        sites = load_sites(registry_path, build_date, days, reader, tuple(self.translators.values()), **options)
        self.site, self.sites = sites[0], dict(zip(codes, sites, strict=True))
        reader.save()
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
        if self.page_cache is not None:
            self.page_cache.open(self.settings, self.site)

    def generate_output(self, writer: Any) -> None:
        """Write every output of the table through Pelican's writer, then the fingerprinted theme files."""
        for output in OUTPUTS:
            self._write_output(writer, output)
        static = Path(self.settings["THEME"]) / "static"
        write_assets(self.output_path, static)
        write_script_messages(self.output_path, self.site.translator, static / "js")
        write_languages(self, writer, self.sites, self.translators)  # render/language_pages.py

    def _write_output(self, writer: Any, output: Output) -> None:
        """Write one output: its pages, its files (kept whole while its inputs are unchanged), its scripts."""
        pages = list(self.languages.pages(output.pages(self)))
        if output.stage:
            self.progress.stage(output.stage, len(pages) if output.forked else None, "pages")
        if output.forked:
            self._write_forked(writer, pages)
        else:
            self._write_pages(writer, pages)
        files = output.files(self)
        if output.inputs is not None and self.page_cache:
            files = self.page_cache.group(output.name, output.inputs(self), iter(files))
        self._write_chunked(files)
        groups = output.groups(self)
        if output.whole is not None and self.page_cache and self.page_cache.keep_all(output.name, output.whole(self)):
            groups = iter(())  # every group of this output is kept as it is
        for group in groups:
            made = group.files()
            if self.page_cache:
                made = self.page_cache.group(group.name, group.inputs, made)
            self._write_chunked((name, [text] if isinstance(text, str) else text) for name, text in made)
        self._write_chunked((name, [source.read_text(encoding="utf-8")]) for name, source in output.scripts(self))

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

    def _write_forked(self, writer: Any, pages: list[Page]) -> None:
        """Write pages in forked processes when there are many, else here."""
        processes = int(self.settings.get("RENDER_PROCESSES") or min(2, os.cpu_count() or 1))
        if processes < 2 or len(pages) < int(self.settings.get("PARALLEL_MIN_PAGES", PARALLEL_MIN_PAGES)):
            self._write_pages(writer, pages)
            return
        fork = multiprocessing.get_context("fork")
        workers = [fork.Process(target=self._write_share, args=(writer, pages, i, processes)) for i in range(processes)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        failed = [worker.exitcode for worker in workers if worker.exitcode != 0]
        if failed:
            raise RuntimeError(f"certreg: {len(failed)} page-writing process(es) failed (exit codes {failed})")
        if self.page_cache:  # incremental builds: what each process kept and keyed
            self.page_cache.merge_shares(processes)

    def _write_share(self, writer: Any, pages: list[Page], share: int, shares: int) -> None:
        """In forked process `share` of `shares`: write every `shares`-th page, starting at `share`."""
        self.progress.follow_share(share, shares)  # this process's copy: the first one speaks for all
        self._write_pages(writer, pages[share::shares])
        if self.page_cache:  # incremental builds: hand this process's record to the parent
            self.page_cache.dump_share(share)

    def _write_chunked(self, files: Iterable[File]) -> None:
        """Write files piece by piece, so a large one is never held in memory whole (UTF-8, LF line ends)."""
        for name, chunks in files:
            path = Path(self.output_path, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(chunks)
            logger.debug("certreg: wrote %s", path)
