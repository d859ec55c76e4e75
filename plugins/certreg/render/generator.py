"""The certreg Pelican generator: reads the registry into the context, then writes the whole site.

`generate_context()` runs the pipeline (load → validate → enrich) and publishes the enriched `Site`
(docs/architecture.md) in Pelican's context; `generate_output(writer)` is the only step that writes.
Templates print `Site` fields and branch on its flags; list pages come from `listings`, structured
data from `structured_data`, open data from `opendata` and the search index from `search_index`.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pelican.generators import Generator

import certreg.render.list_check as check_index
import certreg.render.opendata.files as opendata
import certreg.render.search.index as search_index
from certreg.build.assets import asset_filter, write_assets
from certreg.build.page_cache import BUILD_SETTING, SEARCH_INPUTS, page_cache_for
from certreg.core.dates import long_date, resolve_build_date
from certreg.core.i18n import SOURCE_LANGUAGE, N_plural, Translator, plural_forms, translator
from certreg.core.progress import PROGRESS
from certreg.enrich.pipeline import load_site
from certreg.enrich.status import EXPIRING_SOON_DAYS
from certreg.load.cache import CachedReader
from certreg.render.follow.follow import Follow
from certreg.render.listings import DEFAULT_PAGE_SIZE, listings, paginate
from certreg.render.opendata.fields import PublishSettings, api_page_context  # certreg open data: one declaration
from certreg.render.structured_data import jsonld, organization_jsonld, robots_txt, sitemap_files, sitemap_urls

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[3]
# Organization and certificate pages are rendered by this many forked processes (RENDER_PROCESSES
# setting), once there are at least PARALLEL_MIN_PAGES of them; each page's bytes do not depend on
# which process writes it, so output stays byte-identical.
PARALLEL_MIN_PAGES = 2000
BUILD_DATA = "build.json"


def get_generators(pelican_object: object) -> type[Generator]:
    """Pelican `get_generators` receiver: the certreg generator."""
    return CertregGenerator


def site_translator(settings: dict[str, Any]) -> Translator:
    """The translator of the site's language (DEFAULT_LANG), with the registry's own `locale/` catalogs first."""
    registry = Path(settings.get("REGISTRY_PATH") or "registry")
    return translator(str(settings.get("DEFAULT_LANG") or SOURCE_LANGUAGE), (registry / "locale",))


def setup_jinja(generator: Generator) -> None:
    """Pelican `generator_init` receiver: autoescape, the catalog and the certreg filters, on every generator."""
    generator.env.autoescape = True
    generator.env.auto_reload = False  # templates do not change during a build: no stat per include
    generator.env.filters.update(JINJA_FILTERS)
    generator.env.filters["asset"] = asset_filter(Path(generator.settings["THEME"]) / "static")  # assets.py
    install_translator(generator.env, site_translator(generator.settings))


def install_translator(env: Any, tr: Translator) -> None:
    """Give templates `_()`, `ngettext()` and `{% trans %}` from `tr`, its dates, numbers, language and direction."""
    env.add_extension("jinja2.ext.i18n")
    # newstyle: `_("… %(name)s", name=value)` escapes the value, and a missing variable is an error
    env.install_gettext_translations(tr.translations, newstyle=True)
    env.filters.update(longdate=tr.long_date, thousands=tr.number)
    env.globals.update(LANG=tr.language, DIR=tr.direction)


def thousands(value: int) -> str:
    """`12345` → `12,345`."""
    return f"{value:,}"


JINJA_FILTERS = {
    "longdate": long_date,
    "jsonld": jsonld,
    "thousands": thousands,
    "asset": asset_filter(PROJECT_ROOT / "theme" / "static"),  # assets.py; setup_jinja uses the THEME setting's
}


def build_data(site: Any) -> dict[str, Any]:
    """`build.json`: what the browser scripts need from the build.

    The build date, the expiring-soon window, the status table and the order in which statuses are
    decided (status.js and the list check decide in this order), the identifier schemes with their
    labels (the list check's columns and messages), and the site language's month names, long-date
    format and script messages (status.js words dates and notes with them).
    """
    tr = site.translator
    return {
        "build_date": site.build_date.isoformat(),
        "language": tr.language,
        "date_format": tr.date_template(),
        "months": tr.months(),
        "messages": {
            "checked": tr.gettext("Checked by your browser on {today}; the registry data is from {built}."),
            "built": tr.gettext("Registry data built on {date}{age}."),
            "days_ago": plural_forms(tr, *N_plural("({count} day ago)", "({count} days ago)")),
        },
        "expiring_soon_days": site.expiring_soon_days,
        "statuses": [status.as_data() for status in site.statuses],
        "precedence": list(site.precedence),
        "identifiers": [{**scheme.as_data(), "label": tr.gettext(scheme.label)} for scheme in site.identifier_schemes],
    }


class CertregGenerator(Generator):
    """Reads the registry into the context, then writes every page, list and data file."""

    def generate_context(self) -> None:
        """Load, validate and enrich the registry; publish the site in the context."""
        build_date = resolve_build_date(self.settings.get("REGISTRY_TODAY"))
        registry_path = Path(self.settings.get("REGISTRY_PATH") or "registry").resolve()
        days = int(self.settings.get("EXPIRING_SOON_DAYS", EXPIRING_SOON_DAYS))
        state = self.settings.get(BUILD_SETTING)  # certreg build's cache folder, when it keeps one
        reader = CachedReader(state.get("cache_dir") if isinstance(state, dict) else None, registry_path)
        self.site = load_site(registry_path, build_date, days, reader, site_translator(self.settings))
        reader.save()
        self.siteurl = str(self.settings.get("SITEURL") or "").rstrip("/")
        self.page_size = int(self.settings.get("LIST_PAGE_SIZE") or DEFAULT_PAGE_SIZE)
        self.follow = Follow(self.site, registry_path, {**self.settings, "SITEURL": self.siteurl})  # issue 11
        self.context["site"] = self.site
        # Macros are imported without context (so they are cached): they read these globals.
        self.env.globals.update(SITEURL=self.siteurl, CANONICAL=self.siteurl.startswith(("http://", "https://")))
        self.page_cache = page_cache_for(self.settings, self.site)  # incremental builds (build_cache.py)

    def generate_output(self, writer: Any) -> None:
        """Write every page through Pelican's writer, and the data files beside them."""
        self._write_template(writer, "index.html", "index", **self.follow.home_page())
        self._write_template(writer, "404.html", "404")
        self._write_details(writer)
        PROGRESS.stage("lists, search and open data", None, "pages")  # operator view (progress.py)
        list_pages = list(listings(self.site, self.page_size))
        for list_page in list_pages:
            self._write_paginated(writer, list_page)
        # certreg open data: the /api/ page and the files, from one declaration and explicit settings
        self._write_template(writer, "api/index.html", "api", **api_page_context(self.site.expiring_soon_days))
        self._write_search(writer)
        self._write_check(writer)  # issue 12: the supplier-list check page
        publish = PublishSettings.from_settings(self.settings)
        files = opendata.opendata_streams(self.site, publish)
        if self.page_cache:  # incremental builds: open data is kept whole while the site is unchanged
            files = self.page_cache.group("opendata", [self.site, publish], files)
        self._write_chunked(files)
        self._write_text(BUILD_DATA, json.dumps(build_data(self.site), sort_keys=True, separators=(",", ":")) + "\n")
        self._write_sitemap([list_page["url"] for list_page in list_pages])
        self._write_text("robots.txt", robots_txt(self.siteurl))
        self._write_chunked((name, [text]) for name, text in self.follow.files())  # issue 11: feeds, calendars…
        write_assets(self.output_path, Path(self.settings["THEME"]) / "static")  # fingerprinted theme files

    def _write_template(self, writer: Any, save_as: str, name: str, **kwargs: Any) -> None:
        PROGRESS.advance()  # operator view (progress.py)
        template = self.get_template(name)
        # --- incremental builds (build_cache.py): keep last build's page when its inputs are unchanged
        if self.page_cache and self.page_cache.skip(self.env, self.context, save_as, template.name, kwargs):
            return
        writer.write_file(save_as, template, self.context, **kwargs)

    def _write_details(self, writer: Any) -> None:
        """Organization and certificate pages, in forked processes when there are many."""
        pages = len(self.site.organizations) + len(self.site.certificates)
        PROGRESS.stage("render", pages, "pages")  # operator view (progress.py)
        processes = int(self.settings.get("RENDER_PROCESSES") or min(2, os.cpu_count() or 1))
        if processes < 2 or pages < int(self.settings.get("PARALLEL_MIN_PAGES", PARALLEL_MIN_PAGES)):
            self._write_detail_share(writer, 0, 1)
            return
        fork = multiprocessing.get_context("fork")
        workers = [fork.Process(target=self._write_detail_share, args=(writer, i, processes)) for i in range(processes)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        failed = [worker.exitcode for worker in workers if worker.exitcode != 0]
        if failed:
            raise RuntimeError(f"certreg: {len(failed)} page-writing process(es) failed (exit codes {failed})")
        if self.page_cache:  # incremental builds: what each process kept and keyed
            self.page_cache.merge_shares(processes)

    def _write_detail_share(self, writer: Any, share: int, shares: int) -> None:
        """Write every `shares`-th organization and certificate page, starting at `share`."""
        if shares > 1:
            PROGRESS.follow_share(share, shares)  # operator view: the first process speaks for all
        by_slug = self.site.groups.organizations_by_slug
        for organization in self.site.organizations[share::shares]:
            data = organization_jsonld(organization, self.siteurl, organization["certifications"])
            self._write_template(
                writer,
                organization["url"] + "index.html",
                "organization",
                organization=organization,
                jsonld=data,
                **self.follow.organization_page(organization),  # follow a supplier (issue 11)
            )
        for certificate in self.site.certificates[share::shares]:
            organization = by_slug[certificate["organization_slug"]]
            self._write_template(
                writer,
                certificate["url"] + "index.html",
                "certificate",
                certificate=certificate,
                organization=organization,
                body=self.site.certification_bodies[certificate["certification_body"]],
                jsonld=organization_jsonld(organization, self.siteurl, [certificate]),
                **self.follow.certificate_page(certificate),  # follow a supplier (issue 11)
            )
        if self.page_cache and shares > 1:  # incremental builds: hand this process's record to the parent
            self.page_cache.dump_share(share)

    def _write_paginated(self, writer: Any, list_page: dict[str, Any]) -> None:
        extra = list_page["extra"]
        if list_page["template"] == "certification_body":  # follow a supplier (issue 11): feed and coverage
            extra = {**extra, **self.follow.body_page(extra["body"])}
        for pagination in paginate(list_page["items"], list_page["url"], self.page_size):
            save_as = pagination["url"] + "index.html"
            self._write_template(writer, save_as, list_page["template"], pagination=pagination, **extra)

    def _write_search(self, writer: Any) -> None:
        files = ((name, [text]) for name, text in search_index.search_files(self.site))
        if self.page_cache:  # incremental builds: the index is kept whole while what it reads is unchanged
            files = self.page_cache.group("search", [getattr(self.site, name) for name in SEARCH_INPUTS], files)
        self._write_chunked(files)
        lunr = Path(search_index.lunr_js_source(PROJECT_ROOT))
        self._write_text("search/lunr.min.js", lunr.read_text(encoding="utf-8"))
        filters = search_index.filter_options(self.site)
        self._write_template(writer, "search/index.html", "search", search_filters=filters)

    # --- issue 12: the supplier-list check page (check_index.py, docs/check.md) ---
    def _write_check(self, writer: Any) -> None:
        files = ((name, [text]) for name, text in check_index.check_files(self.site))
        if self.page_cache:  # incremental builds: kept whole while what it reads is unchanged
            files = self.page_cache.group("check", [getattr(self.site, name) for name in SEARCH_INPUTS], files)
        self._write_chunked(files)
        excel = check_index.exceljs_source(PROJECT_ROOT)
        self._write_text("check/exceljs.min.js", excel.read_text(encoding="utf-8"))
        self._write_template(writer, "check/index.html", "check")

    # --- end issue 12 ---

    def _write_sitemap(self, list_urls: list[str]) -> None:
        urls = sitemap_urls(self.site, list_urls, self.context.get("pages", []))
        self._write_chunked((name, [text]) for name, text in sitemap_files(urls, self.siteurl))

    def _write_chunked(self, files: Iterable[tuple[str, Iterable[str]]]) -> None:
        for name, chunks in files:
            self._write_chunks(name, chunks)

    def _write_text(self, name: str, text: str) -> None:
        """Write one non-template file under the output folder, UTF-8 with LF line ends."""
        self._write_chunks(name, (text,))

    def _write_chunks(self, name: str, chunks: Iterable[str]) -> None:
        """Write a file piece by piece, so a large one is never held in memory whole."""
        path = Path(self.output_path, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(chunks)
        logger.debug("certreg: wrote %s", path)
