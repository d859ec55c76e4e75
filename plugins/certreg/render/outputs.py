"""Every output of a build, declared once: the pages and files it writes and what they are made from.

`OUTPUTS` is the table the generator loops over, in order (`CertregGenerator.generate_output`). Each
`Output` gives, from the build (`Build`: the site and the settings that shape it):
- `pages`: templated pages, as `Page(save_as, template, values)`; `values` is called only when the
  page is written, and the page cache keeps a page whose template and values are unchanged (or, for
  a page with `inputs`, whose template and inputs are unchanged: then its values are not made);
- `files`: data files, as (path under output, chunks), made lazily;
- `inputs`: what the files are made from. When given, the files are one page-cache group: kept whole
  while the inputs are unchanged, and then not even computed. Without, they are written in every build
  (their unchanged bytes still keep their inode: `build/output_sync.py`);
- `groups`: many such groups (`FileGroup(name, inputs, files)`), e.g. one per organization, each kept
  or made on its own; their names start with the output's name and a colon;
- `whole`: what all its groups together are made from: while it is unchanged (and every file intact)
  they are all kept without even being listed (`PageCache.keep_all`);
- `scripts`: files of npm packages the pages load, as (path under output, source file), written in
  every build (the code fingerprint does not cover `node_modules`);
- `forked`: how many pages it has, counted without making them, for an output whose pages are shared
  among forked render processes when there are many (each process makes them all and writes its share);
- `stage`: the progress line's stage that starts with it.
The theme's own files are copied after the table, fingerprinted (`build/assets.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import certreg.render.check_keyed as check_keyed
import certreg.render.document_check as document_check
import certreg.render.list_check as list_check
import certreg.render.opendata.bulk as opendata_bulk
import certreg.render.opendata.files as opendata
import certreg.render.search.index as search_index
import certreg.render.search.keyed as search_keyed
from certreg.build.bundle import site_root
from certreg.core.i18n import N_, N_plural, plural_forms
from certreg.core.kept import Kept
from certreg.render.follow.follow import FileGroup, Follow, digested, one_file
from certreg.render.listings import paginate
from certreg.render.opendata.fields import OpenDataSettings, api_page_context
from certreg.render.structured_data import organization_jsonld, robots_txt, sitemap_files, sitemap_urls

PROJECT_ROOT = site_root()  # the source checkout, or the copy of its site files inside the installed package
BUILD_DATA = "build.json"
# The Site fields the search index and the list check's index are made from (render/search/,
# render/list_check.py): each is kept whole while they are unchanged. tests/build/test_incremental.py
# checks that those modules read no other.
SEARCH_INPUTS = ("organizations", "standards", "certification_bodies", "statuses")
# The Site fields the open data is made from (render/opendata/), checked the same way.
OPENDATA_INPUTS = (
    "build_date",
    "expiring_soon_days",
    "organizations",
    "certificates",
    "certification_bodies",
    "accreditation_bodies",
    "standards",
    "counts",
    "totals",
    "provenance",
)
File = tuple[str, Iterable[str]]


class Build(Protocol):
    """What the outputs read from the generator: the site and the settings that shape its pages."""

    site: Any
    siteurl: str
    settings: dict[str, Any]
    context: dict[str, Any]
    follow: Follow
    list_pages: list[dict[str, Any]]


class Page(NamedTuple):
    """One templated page: where it goes, its template's name, and its values (made when it is written).

    A page with `inputs` is keyed by them instead of its values, so a kept page costs no values at all:
    `inputs` gives everything its values are made from (besides code and settings), and `own` names
    the values it gives (the generator checks them when it renders the page).
    """

    save_as: str
    template: str
    values: Callable[[], dict[str, Any]] = dict
    inputs: Callable[[], Any] | None = None
    own: tuple[str, ...] = ()


def no_pages(build: Build) -> list[Page]:
    """No templated page."""
    return []


def no_files(build: Build) -> list[File]:
    """No data file."""
    return []


class Output(NamedTuple):
    """One output of the build (see the module docstring)."""

    name: str
    pages: Callable[[Build], Iterable[Page]] = no_pages
    files: Callable[[Build], Iterable[File]] = no_files
    inputs: Callable[[Build], Any] | None = None
    groups: Callable[[Build], Iterable[FileGroup]] = no_files
    whole: Callable[[Build], Any] | None = None
    scripts: Callable[[Build], Iterable[tuple[str, Path]]] = no_files
    forked: Callable[[Build], int] | None = None
    stage: str = ""


def whole(files: Iterable[tuple[str, str]]) -> Iterator[File]:
    """Files made as one text each, as (path, chunks)."""
    return ((name, [text]) for name, text in files)


def site_fields(names: tuple[str, ...]) -> Callable[[Build], list[Any]]:
    """Give the values of these Site fields, as a group's inputs."""
    return lambda build: [getattr(build.site, name) for name in names]


# The values of an organization and of a certificate page (`organization_values`, `certificate_values`).
ORGANIZATION_VALUES = ("organization", "jsonld", "follow", "history")
CERTIFICATE_VALUES = ("certificate", "organization", "body", "jsonld", "follow", "history", "embed", "qr")


def detail_pages(build: Build) -> Iterator[Page]:
    """Every organization and certificate page, keyed by the records and history they show.

    With a page cache, a page's inputs are its records' keys (each made once per build) and its
    history's digest: a kept page costs no pickling of its records.
    """
    cache = getattr(build, "page_cache", None)
    key = cache.record_key if cache else None
    bodies = body_keys(build)
    for organization in build.site.organizations:
        values = partial(organization_values, build, organization)
        inputs = partial(organization_inputs, build, organization, key)
        yield Page(organization["url"] + "index.html", "organization", values, inputs, ORGANIZATION_VALUES)
    for certificate in build.site.certificates:
        values = partial(certificate_values, build, certificate)
        inputs = partial(certificate_inputs, build, certificate, key, bodies)
        yield Page(certificate["url"] + "index.html", "certificate", values, inputs, CERTIFICATE_VALUES)


def detail_count(build: Build) -> int:
    """How many pages `detail_pages` makes: one per organization and one per certificate."""
    return len(build.site.organizations) + len(build.site.certificates)


def organization_inputs(build: Build, organization: dict[str, Any], key: Callable[[Any], str] | None) -> Any:
    """What an organization page is made from: the organization and its history (as digests, given `key`)."""
    if key is None:
        return build.follow.organization_inputs(organization)
    return build.follow.organization_key(organization, key)


def body_keys(build: Build) -> dict[str, Any]:
    """The digest of each certification body's `body_contact`, by slug, when pages are keyed (a page cache)."""
    if not getattr(build, "page_cache", None):
        return {}
    return {slug: digested(body_contact(body)) for slug, body in build.site.certification_bodies.items()}


def certificate_inputs(
    build: Build, certificate: dict[str, Any], key: Callable[[Any], str] | None, bodies: dict[str, Any]
) -> Any:
    """What a certificate page is made from: the certificate, its organization, body contact and history.

    Given `key` (a record's key), as a tuple of digests, the body contact's from `bodies` (`body_keys`).
    """
    organization = build.site.groups.organizations_by_slug[certificate["organization_slug"]]
    if key is None:
        body = body_contact(build.site.certification_bodies[certificate["certification_body"]])
        return [organization, body, build.follow.certificate_inputs(certificate)]
    body_key = bodies[certificate["certification_body"]]
    return (key(organization), body_key, *build.follow.certificate_key(certificate, key))


def body_contact(body: dict[str, Any]) -> dict[str, Any]:
    """What a certificate page shows of its certification body: where to confirm the certificate.

    Not the body's counts, which change whenever one of its certificates changes status: keyed by
    them, every certificate page of the body would be rendered again on such a day.
    """
    return {"website": body["website"], "directory": body.get("directory")}


def organization_values(build: Build, organization: dict[str, Any]) -> dict[str, Any]:
    """What an organization page shows: the record, its structured data, follow links and history."""
    return {
        "organization": organization,
        "jsonld": organization_jsonld(organization, build.siteurl, organization["certifications"]),
        **build.follow.organization_page(organization),
    }


def certificate_values(build: Build, certificate: dict[str, Any]) -> dict[str, Any]:
    """What a certificate page shows: the record, its organization and body, structured data, follow data."""
    organization = build.site.groups.organizations_by_slug[certificate["organization_slug"]]
    return {
        "certificate": certificate,
        "organization": organization,
        "body": body_contact(build.site.certification_bodies[certificate["certification_body"]]),
        "jsonld": organization_jsonld(organization, build.siteurl, [certificate]),
        **build.follow.certificate_page(certificate),
    }


def site_pages(build: Build) -> Iterator[Page]:
    """The home page, the 404 page, every page of every list, and the open data's /api/ page."""
    yield Page("index.html", "index", build.follow.home_page)
    yield Page("404.html", "404")
    for list_page in build.list_pages:
        follow = {}
        if list_page["template"] == "certification_body":  # a body's page: its feed link
            follow = build.follow.body_page(list_page["first"]["body"])
        for pagination in paginate(list_page):
            extra = list_page["first"] if pagination["first"] else list_page["later"]
            values = partial(dict, pagination=pagination, **extra, **follow)
            yield Page(pagination["url"] + "index.html", list_page["template"], values)
    yield Page("api/index.html", "api", partial(api_page_context, build.site.expiring_soon_days, build.site.translator))


def opendata_groups(build: Build) -> Iterator[FileGroup]:
    """The bulk open data files, from each record's kept text; each organization's file, kept while unchanged."""
    options = OpenDataSettings.from_settings(build.settings)
    cache = getattr(build, "page_cache", None)
    kept = fragments(build, "opendata")
    yield from opendata_bulk.bulk_groups(build.site, options, kept, cache.record_key if cache else None, cache)
    meta = opendata.checked_meta(build.site, options)
    envelope = opendata.record_meta(meta)  # what the file holds of `meta`: no date, no commit
    shared = digested(envelope) if cache else None
    for organization in build.site.organizations:
        made = partial(
            one_file, opendata.organization_path(organization), opendata.organization_json, organization, meta
        )
        keyed = cache is not None and isinstance(shared, str)  # else pickled whole: an unkeyable one is made again
        inputs = (shared, cache.record_key(organization)) if keyed else [envelope, organization]
        yield FileGroup(f"opendata:{organization['url']}", inputs, made)


def opendata_inputs(build: Build) -> list[Any]:
    """What the open data is made from: its Site fields and its settings."""
    return [*site_fields(OPENDATA_INPUTS)(build), OpenDataSettings.from_settings(build.settings)]


def search_page(build: Build) -> list[Page]:
    """The search page, with its filters."""
    return [Page("search/index.html", "search", lambda: {"search_filters": search_index.filter_options(build.site)})]


def fragments(build: Build, prefix: str) -> Kept | None:
    """Where the outputs named `prefix` keep the values they assemble files from (None: a build without cache)."""
    return build.page_cache.fragments(prefix) if getattr(build, "page_cache", None) else None


def search_groups(build: Build) -> Iterator[FileGroup]:
    """The search index (render/search/), one group per file, each keyed by what it is made from."""
    cache = getattr(build, "page_cache", None)
    return search_keyed.search_groups(build.site, fragments(build, "search"), cache.record_key if cache else None)


def check_groups(build: Build) -> Iterator[FileGroup]:
    """The list check's index (render/check_keyed.py), one group per file, each keyed by what it is made from."""
    cache = getattr(build, "page_cache", None)
    return check_keyed.check_groups(build.site, fragments(build, "check"), cache.record_key if cache else None)


def document_check_files(build: Build) -> Iterator[File]:
    """The document check's index (render/document_check.py)."""
    return whole(document_check.document_check_files(build.site))


def follow_groups(build: Build) -> Iterator[FileGroup]:
    """Feeds, calendars, badges and change files (render/follow/), per organization and body."""
    cache = getattr(build, "page_cache", None)
    return build.follow.groups(cache.record_key if cache else None)


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


def build_data_files(build: Build) -> Iterator[File]:
    """`build.json`, compact, with sorted keys."""
    yield BUILD_DATA, [json.dumps(build_data(build.site), sort_keys=True, separators=(",", ":")) + "\n"]


def sitemap(build: Build) -> Iterator[File]:
    """The sitemap files: every page's URL, list pages included."""
    list_urls = [list_page["url"] for list_page in build.list_pages]
    urls = sitemap_urls(build.site, list_urls, build.context.get("pages", []))
    languages = getattr(build, "languages", None)
    if languages is not None and languages.several:  # every language's pages, each with its versions
        urls, alternates = languages.sitemap(urls)
        return whole(sitemap_files(urls, build.siteurl, alternates))
    return whole(sitemap_files(urls, build.siteurl))


def robots(build: Build) -> Iterator[File]:
    """`robots.txt`, naming the sitemap when the site has an absolute address."""
    yield "robots.txt", [robots_txt(build.siteurl)]


OUTPUTS: tuple[Output, ...] = (
    Output("details", pages=detail_pages, forked=detail_count, stage=N_("render")),
    Output("pages", pages=site_pages, stage=N_("lists, search and open data")),
    Output(
        "search",
        pages=search_page,
        groups=search_groups,
        whole=site_fields(SEARCH_INPUTS),
        scripts=lambda build: [("search/lunr.min.js", search_index.lunr_js_source(PROJECT_ROOT))],
    ),
    Output(
        "check",
        pages=lambda build: [Page("check/index.html", "check")],
        groups=check_groups,
        whole=site_fields(("organizations", "standards")),
        scripts=lambda build: [("check/exceljs.min.js", list_check.exceljs_source(PROJECT_ROOT))],
    ),
    Output(
        "document",
        pages=lambda build: [Page("check/document/index.html", "verify")],
        files=document_check_files,
        inputs=site_fields(SEARCH_INPUTS),
        scripts=lambda build: document_check.script_sources(PROJECT_ROOT),
    ),
    Output("opendata", groups=opendata_groups, whole=opendata_inputs),
    Output("build data", files=build_data_files),
    Output("sitemap", files=sitemap),
    Output("robots", files=robots),
    Output("follow", groups=follow_groups),
)
