"""The certreg Pelican generator: load → validate → enrich the registry, then write the whole site.

`generate_context()` reads the registry and publishes `site` (the enriched data, see
docs/architecture.md) and a few indexes into Pelican's shared context; `generate_output()` is the only
step that writes. Templates only branch on enriched fields: anything computed (grouping, sorting,
pagination, JSON-LD) is done here, once, in O(N) for the whole registry. URLs: docs/urls.md.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup
from pelican.generators import Generator

from certreg import opendata, search_index
from certreg.assets import asset_filter, write_assets
from certreg.build_cache import page_cache_for
from certreg.dates import long_date, resolve_build_date
from certreg.progress import PROGRESS
from certreg.status import DISPLAY_ORDER

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SITEMAP_MAX_URLS = 50_000
HOME_LIST_LENGTH = 20
DEFAULT_PAGE_SIZE = 100
# Organization and certificate pages are rendered by this many forked processes (RENDER_PROCESSES
# setting), once there are at least PARALLEL_MIN_PAGES of them; each page's bytes do not depend on
# which process writes it, so output stays byte-identical.
PARALLEL_MIN_PAGES = 2000
STATUS_TITLES = {
    "valid": "Valid",
    "expiring_soon": "Expiring soon",
    "not_yet_valid": "Not yet valid",
    "suspended": "Suspended",
    "expired": "Expired",
    "edition_withdrawn": "Not valid: edition withdrawn",
    "withdrawn": "Withdrawn",
}


class RegistryInvalidError(RuntimeError):
    """The registry has validation errors: the build stops before writing anything."""

    exitcode = 1


# --- Pelican hooks -------------------------------------------------------------------------------


def get_generators(pelican_object: object) -> type[Generator]:
    """Pelican `get_generators` receiver: the certreg generator."""
    return CertregGenerator


def setup_jinja(generator: Generator) -> None:
    """Pelican `generator_init` receiver: autoescape and the certreg filters, on every generator."""
    generator.env.autoescape = True
    generator.env.auto_reload = False  # templates do not change during a build: no stat per include
    generator.env.filters.update(JINJA_FILTERS)
    generator.env.filters["asset"] = asset_filter(Path(generator.settings["THEME"]) / "static")  # assets.py


class CertregGenerator(Generator):
    """Reads the registry into the context, then writes every page, list and data file."""

    def generate_context(self) -> None:
        """Load, validate and enrich the registry; publish the site and its indexes in the context."""
        build_date = resolve_build_date(self.settings.get("REGISTRY_TODAY"))
        registry_path = Path(self.settings.get("REGISTRY_PATH") or "registry").resolve()
        days = int(self.settings.get("EXPIRING_SOON_DAYS", 90))
        self.site = load_site(registry_path, build_date, days)
        self.page_size = int(self.settings.get("LIST_PAGE_SIZE") or DEFAULT_PAGE_SIZE)
        self.indexes = build_indexes(self.site)
        self.context.update(site_context(self.site, self.indexes))
        self.env.globals.update(macro_globals(self.site, self.settings))
        self.page_cache = page_cache_for(self.settings, self.site)  # incremental builds (build_cache.py)

    def generate_output(self, writer: Any) -> None:
        """Write every page through Pelican's writer, and the data files beside them."""
        self._write_template(writer, "index.html", "index")
        self._write_template(writer, "404.html", "404")
        self._write_details(writer)
        PROGRESS.stage("lists, search and open data", None, "pages")  # operator view (progress.py)
        for listing in listings(self.site, self.indexes, self.page_size):
            self._write_paginated(writer, listing)
        self._write_template(writer, "api/index.html", "api")
        self._write_search(writer)
        self._write_open_data()
        self._write_sitemap()
        self._write_text("robots.txt", robots_txt(self.settings.get("SITEURL", "")))
        write_assets(self.output_path, Path(self.settings["THEME"]) / "static")  # fingerprinted theme files

    def _write_template(self, writer: Any, save_as: str, name: str, **kwargs: Any) -> None:
        PROGRESS.advance()  # operator view (progress.py)
        template = self.get_template(name)
        # --- incremental builds (build_cache.py): keep last build's page when its inputs are unchanged
        if self.page_cache and self.page_cache.skip(self.env, self.context, save_as, template.name, kwargs):
            return
        writer.write_file(save_as, template, self.context, **kwargs)

    def _write_details(self, writer: Any) -> None:
        pages = len(self.site.organizations) + len(self.site.certificates)
        PROGRESS.stage("render", pages, "pages")  # operator view (progress.py)
        processes = int(self.settings.get("RENDER_PROCESSES") or min(2, os.cpu_count() or 1))
        if processes < 2 or pages < int(self.settings.get("PARALLEL_MIN_PAGES", PARALLEL_MIN_PAGES)):
            self._write_detail_share(writer, 0, 1)
            return
        global _FORKED_JOB
        _FORKED_JOB = (self, writer, processes)
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for recorded in pool.map(_render_share, range(processes)):
                if self.page_cache:  # incremental builds: what each process kept and keyed
                    self.page_cache.merge(recorded)
        _FORKED_JOB = None

    def _write_detail_share(self, writer: Any, share: int, shares: int) -> None:
        """Write every `shares`-th organization and certificate page, starting at `share`."""
        siteurl = self.settings.get("SITEURL", "")
        by_slug = self.indexes["organizations_by_slug"]
        for organization in self.site.organizations[share::shares]:
            jsonld = organization_jsonld(organization, siteurl, organization["certifications"])
            self._write_template(
                writer,
                organization["url"] + "index.html",
                "organization",
                organization=organization,
                jsonld=jsonld,
            )
        for certificate in self.site.certificates[share::shares]:
            organization = by_slug[certificate["organization_slug"]]
            self._write_template(
                writer,
                certificate["url"] + "index.html",
                "certificate",
                certificate=certificate,
                organization=organization,
                jsonld=organization_jsonld(organization, siteurl, [certificate]),
            )

    def _write_paginated(self, writer: Any, listing: dict[str, Any]) -> None:
        for pagination in paginate(listing["items"], listing["url"], self.page_size):
            self._write_template(
                writer,
                pagination["url"] + "index.html",
                listing["template"],
                pagination=pagination,
                **listing["extra"],
            )

    def _write_search(self, writer: Any) -> None:
        self._write_files(search_index.search_files(self.site))
        lunr = Path(search_index.lunr_js_source(PROJECT_ROOT))
        self._write_text("search/lunr.min.js", lunr.read_text(encoding="utf-8"))
        filters = search_index.filter_options(self.site)
        self._write_template(writer, "search/index.html", "search", search_filters=filters)

    def _write_open_data(self) -> None:
        for name, chunks in opendata.opendata_streams(self.site, self.settings):
            self._write_chunks(name, chunks)

    def _write_sitemap(self) -> None:
        urls = sitemap_urls(self.site, self.indexes, self.context.get("pages", []))
        siteurl = self.settings.get("SITEURL", "")
        for name, text in sitemap_files(urls, siteurl, self.site.build_date):
            self._write_text(name, text)

    def _write_files(self, files: Iterable[tuple[str, str]]) -> None:
        for name, text in files:
            self._write_text(name, text)

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


_FORKED_JOB: tuple[CertregGenerator, Any, int] | None = None


def _render_share(share: int) -> Any:
    """In a forked worker: render one share of the detail pages; hand back the render cache's record."""
    assert _FORKED_JOB is not None
    generator, writer, shares = _FORKED_JOB
    PROGRESS.follow_share(share, shares)  # operator view: the first process speaks for all
    generator._write_detail_share(writer, share, shares)
    return generator.page_cache.recorded() if generator.page_cache else None


# --- the pipeline --------------------------------------------------------------------------------


def load_site(registry_path: Path, build_date: date, expiring_soon_days: int) -> Any:
    """Run load → validate → enrich; print the report and raise when validation finds errors."""
    from certreg.enrich import enrich
    from certreg.load import load_registry
    from certreg.reporters import text_report
    from certreg.validate import validate

    registry = load_registry(registry_path)
    PROGRESS.stage("validate")  # operator view (progress.py)
    problems = validate(registry, build_date)
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        print(text_report(problems), file=sys.stderr)
        raise RegistryInvalidError(f"certreg: {registry_path} has {len(errors)} error(s); nothing was written")
    if problems:
        logger.warning("certreg: %d warning(s):\n%s", len(problems), text_report(problems))
    registry.release_positions()
    PROGRESS.stage("enrich")  # operator view (progress.py)
    return enrich(registry, build_date, expiring_soon_days)


# --- indexes and lists ---------------------------------------------------------------------------


def status_slug(status: str) -> str:
    """The URL segment of an effective status: `expiring_soon` → `expiring-soon`."""
    return status.replace("_", "-")


def display_key(certificate: dict[str, Any]) -> tuple[int, str, str]:
    """Sort key for certificate lists: valid ones first, then by organization and number."""
    rank = DISPLAY_ORDER.index(certificate["effective_status"])
    return (rank, certificate["organization_name"].casefold(), certificate["certificate_number"])


def build_indexes(site: Any) -> dict[str, Any]:
    """Group organizations and certificates once, for every list page."""
    by_country: dict[str, list[dict]] = defaultdict(list)
    for organization in site.organizations:
        by_country[organization["country"]].append(organization)
    by_body: dict[str, list[dict]] = defaultdict(list)
    by_standard: dict[str, list[dict]] = defaultdict(list)
    by_status: dict[str, list[dict]] = defaultdict(list)
    for certificate in sorted(site.certificates, key=display_key):
        by_body[certificate["certification_body"]].append(certificate)
        by_status[certificate["effective_status"]].append(certificate)
        for code in dict.fromkeys(ref["code"] for ref in certificate["standard_refs"]):
            by_standard[code].append(certificate)
    return {
        "organizations_by_slug": {org["slug"]: org for org in site.organizations},
        "organizations_by_country": by_country,
        "certificates_by_body": by_body,
        "certificates_by_standard": by_standard,
        "certificates_by_status": by_status,
    }


def site_context(site: Any, indexes: dict[str, Any]) -> dict[str, Any]:
    """What every template may read besides the settings: the site and its summaries."""
    return {
        "site": site,
        "build_date": site.build_date.isoformat(),
        "status_pages": status_pages(site),
        "standards": standards_summary(site, indexes),
        "countries": countries_summary(site, indexes),
        "certification_bodies": bodies_summary(site, indexes),
        "recently_expired": site.recently_expired[:HOME_LIST_LENGTH],
        "expiring_soon": site.expiring_soon[:HOME_LIST_LENGTH],
        "status_titles": STATUS_TITLES,
        "organization_count": len(site.organizations),
        "certificate_count": len(site.certificates),
    }


def macro_globals(site: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """Build-wide values for the theme's macros, which are imported without context (and so cached)."""
    return {
        "SITEURL": settings.get("SITEURL", ""),
        "build_date": site.build_date.isoformat(),
        "expiring_soon_days": site.expiring_soon_days,
        "status_titles": STATUS_TITLES,
    }


def status_pages(site: Any) -> list[dict[str, Any]]:
    """One entry per effective status, in display order, with its count and URL."""
    return [
        {
            "status": status,
            "slug": status_slug(status),
            "title": STATUS_TITLES[status],
            "count": site.counts.get(status, 0),
            "url": f"status/{status_slug(status)}/",
        }
        for status in DISPLAY_ORDER
    ]


def standards_summary(site: Any, indexes: dict[str, Any]) -> list[dict[str, Any]]:
    """Every standard with its URL and number of certificates."""
    by_standard = indexes["certificates_by_standard"]
    return [
        {
            **standard,
            "url": standard.get("url") or f"standards/{standard['code_slug']}/",
            "certificate_count": len(by_standard.get(standard["code"], ())),
        }
        for standard in site.standards
    ]


def countries_summary(site: Any, indexes: dict[str, Any]) -> list[dict[str, Any]]:
    """Every country that has an organization, by name, with its URL and counts."""
    by_country = indexes["organizations_by_country"]
    countries = [
        {
            "code": code,
            "name": site.countries[code]["name"],
            "url": f"countries/{code.lower()}/",
            "organization_count": len(organizations),
            "certificate_count": sum(len(org["certifications"]) for org in organizations),
        }
        for code, organizations in by_country.items()
    ]
    return sorted(countries, key=lambda country: country["name"].casefold())


def bodies_summary(site: Any, indexes: dict[str, Any]) -> list[dict[str, Any]]:
    """Every certification body by name, with its URL and number of certificates."""
    by_body = indexes["certificates_by_body"]
    bodies = [
        {
            **body,
            "url": body.get("url") or f"certification-bodies/{slug}/",
            "certificate_count": len(by_body.get(slug, ())),
        }
        for slug, body in site.certification_bodies.items()
    ]
    return sorted(bodies, key=lambda body: body["name"].casefold())


def alphabetical(organizations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A-Z rows: each organization, with an anchor on the first one of each letter."""
    rows, seen = [], set()
    for organization in organizations:
        letter = initial(organization["slug"])
        rows.append({"organization": organization, "anchor": None if letter in seen else letter})
        seen.add(letter)
    return rows


def initial(slug: str) -> str:
    """The A-Z letter of a slug; digits and others file under `0-9`."""
    first = slug[:1].upper()
    return first if "A" <= first <= "Z" else "0-9"


def letter_links(rows: list[dict[str, Any]], base_url: str, page_size: int) -> list[dict]:
    """For the A-Z bar: each letter with the URL of the page and anchor where it starts."""
    return [
        {
            "letter": row["anchor"],
            "url": f"{page_url(base_url, index // page_size + 1)}#letter-{row['anchor'].lower()}",
        }
        for index, row in enumerate(rows)
        if row["anchor"]
    ]


def listings(site: Any, indexes: dict[str, Any], page_size: int = DEFAULT_PAGE_SIZE) -> Iterator:
    """Every paginated list page: its template, base URL, items and extra context."""
    rows = alphabetical(site.organizations)
    letters = letter_links(rows, "organizations/", page_size)
    yield listing("organizations", "organizations/", rows, letters=letters)
    yield listing("standards", "standards/", [])
    yield listing("countries", "countries/", [])
    yield listing("certification_bodies", "certification-bodies/", [])
    for standard in standards_summary(site, indexes):
        certs = indexes["certificates_by_standard"].get(standard["code"], [])
        yield listing("standard", standard["url"], certs, standard=standard)
    for country in countries_summary(site, indexes):
        orgs = indexes["organizations_by_country"][country["code"]]
        yield listing("country", country["url"], orgs, country=country)
    for body in bodies_summary(site, indexes):
        certs = indexes["certificates_by_body"].get(body["slug"], [])
        yield listing("certification_body", body["url"], certs, body=body)
    for status in status_pages(site):
        certs = indexes["certificates_by_status"].get(status["status"], [])
        yield listing("status", status["url"], certs, status=status)


def listing(template: str, url: str, items: list[Any], **extra: Any) -> dict[str, Any]:
    """One paginated list."""
    return {"template": template, "url": url, "items": items, "extra": extra}


def page_url(base_url: str, number: int) -> str:
    """`organizations/` for page 1, `organizations/page/2/` for page 2."""
    return base_url if number == 1 else f"{base_url}page/{number}/"


def paginate(items: list[Any], base_url: str, size: int) -> Iterator[dict[str, Any]]:
    """Pages of at most `size` items, each with its URL and its neighbours'."""
    count = max(1, -(-len(items) // size))
    for number in range(1, count + 1):
        yield {
            "items": items[(number - 1) * size : number * size],
            "number": number,
            "count": count,
            "total": len(items),
            "first_index": (number - 1) * size + 1,
            "url": page_url(base_url, number),
            "base_url": base_url,
            "previous_url": page_url(base_url, number - 1) if number > 1 else None,
            "next_url": page_url(base_url, number + 1) if number < count else None,
        }


# --- structured data -----------------------------------------------------------------------------


def organization_jsonld(
    organization: dict[str, Any], siteurl: str, certificates: list[dict[str, Any]]
) -> dict[str, Any]:
    """schema.org Organization with hasCertification, for one organization page or certificate."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organization["name"],
        "url": f"{siteurl}/{organization['url']}",
        "address": postal_address(organization),
    }
    if organization.get("trading_names"):
        data["alternateName"] = organization["trading_names"]
    if organization.get("website"):
        data["sameAs"] = organization["website"]
    identifiers = organization.get("identifiers") or {}
    for field, prop in (("lei", "leiCode"), ("vat", "vatID"), ("duns", "duns")):
        if identifiers.get(field):
            data[prop] = identifiers[field]
    data["hasCertification"] = [certification_jsonld(cert, siteurl) for cert in certificates]
    return data


def postal_address(organization: dict[str, Any]) -> dict[str, str]:
    """schema.org PostalAddress of the main site."""
    address = {
        "@type": "PostalAddress",
        "addressLocality": organization["city"],
        "addressCountry": organization["country"],
    }
    if organization.get("address"):
        address["streetAddress"] = organization["address"]
    return address


def certification_jsonld(certificate: dict[str, Any], siteurl: str) -> dict[str, Any]:
    """schema.org Certification for one certificate."""
    active = "CertificationActive" if certificate["is_current"] else "CertificationInactive"
    return {
        "@type": "Certification",
        "name": ", ".join(ref["ref"] for ref in certificate["standard_refs"]),
        "certificationIdentification": certificate["certificate_number"],
        "certificationStatus": f"https://schema.org/{active}",
        "issuedBy": {"@type": "Organization", "name": certificate["certification_body_name"]},
        "validFrom": certificate["issued"],
        "expires": certificate["expires"],
        "description": certificate["scope"],
        "url": f"{siteurl}/{certificate['url']}",
    }


# --- sitemap and robots --------------------------------------------------------------------------


def sitemap_urls(site: Any, indexes: dict[str, Any], content_pages: Iterable[Any]) -> list[str]:
    """Every canonical page: home, details, the first page of each list, and content pages."""
    urls = [""]
    urls += [listing["url"] for listing in listings(site, indexes)]
    urls += [page.url for page in content_pages]
    urls += [organization["url"] for organization in site.organizations]
    urls += [certificate["url"] for certificate in site.certificates]
    return urls


def sitemap_files(urls: list[str], siteurl: str, build_date: date) -> Iterator[tuple[str, str]]:
    """`sitemap.xml`, or a sitemap index and numbered parts when there are over 50,000 URLs."""
    lastmod = build_date.isoformat()
    if len(urls) <= SITEMAP_MAX_URLS:
        yield "sitemap.xml", urlset(urls, siteurl, lastmod)
        return
    parts = [urls[i : i + SITEMAP_MAX_URLS] for i in range(0, len(urls), SITEMAP_MAX_URLS)]
    entries = []
    for number, part in enumerate(parts, 1):
        name = f"sitemaps/sitemap-{number}.xml"
        yield name, urlset(part, siteurl, lastmod)
        entries.append(f"<sitemap><loc>{xml_escape(f'{siteurl}/{name}')}</loc><lastmod>{lastmod}</lastmod></sitemap>")
    yield "sitemap.xml", xml_document("sitemapindex", entries)


def urlset(urls: list[str], siteurl: str, lastmod: str) -> str:
    """A sitemap `<urlset>`."""
    entries = [f"<url><loc>{xml_escape(f'{siteurl}/{url}')}</loc><lastmod>{lastmod}</lastmod></url>" for url in urls]
    return xml_document("urlset", entries)


def xml_document(root: str, entries: list[str]) -> str:
    """A sitemap XML document, one entry a line."""
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{namespace}">']
    return "\n".join([*lines, *entries, f"</{root}>", ""])


def robots_txt(siteurl: str) -> str:
    """robots.txt: everything may be crawled; where the sitemap is."""
    return f"User-agent: *\nAllow: /\nSitemap: {siteurl}/sitemap.xml\n"


# --- Jinja filters -------------------------------------------------------------------------------


def jsonld(data: Any) -> Markup:
    """JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped as \\u003c etc."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def thousands(value: int) -> str:
    """`12345` → `12,345`."""
    return f"{value:,}"


JINJA_FILTERS = {
    "longdate": long_date,
    "jsonld": jsonld,
    "thousands": thousands,
    "status_slug": status_slug,
}
