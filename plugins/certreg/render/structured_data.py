"""Structured data for machines that read the pages: schema.org JSON-LD, the sitemap and robots.txt.

Absolute URLs need `SITEURL`: without it the sitemap's location is not announced in robots.txt (a
relative `Sitemap:` line is invalid) and pages carry no canonical link.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from markupsafe import Markup

SITEMAP_MAX_URLS = 50_000
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
# A page's language versions in the sitemap: (hreflang, absolute address) for each.
Alternates = Callable[[str], list[tuple[str, str]]]
IDENTIFIER_PROPERTIES = (("lei", "leiCode"), ("vat", "vatID"), ("duns", "duns"))


def organization_jsonld(organization: dict[str, Any], siteurl: str, certificates: list[dict]) -> dict[str, Any]:
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
    for field, prop in IDENTIFIER_PROPERTIES:
        if identifiers.get(field):
            data[prop] = identifiers[field]
    data["hasCertification"] = [certification_jsonld(certificate, siteurl) for certificate in certificates]
    return data


def postal_address(organization: dict[str, Any]) -> dict[str, str]:
    """schema.org PostalAddress of the main site; no locality when the record names no city."""
    address = {"@type": "PostalAddress"}
    if organization.get("city"):
        address["addressLocality"] = organization["city"]
    address["addressCountry"] = organization["country"]
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


def jsonld(data: Any) -> Markup:
    r"""JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped as \u003c etc."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def sitemap_urls(site: Any, list_urls: Iterable[str], content_pages: Iterable[Any]) -> list[str]:
    """Every canonical page: home, search, the two checks, the first page of each list, content and detail pages."""
    urls = ["", "search/", "check/", "check/document/", *list_urls]
    urls += [page.url for page in content_pages]
    urls += [organization["url"] for organization in site.organizations]
    urls += [certificate["url"] for certificate in site.certificates]
    return urls


def sitemap_files(urls: list[str], siteurl: str, alternates: Alternates | None = None) -> Iterator[tuple[str, str]]:
    """`sitemap.xml`, or a sitemap index and numbered parts when there are over 50,000 URLs.

    No `lastmod`: a page's bytes change only when what it shows changes, which the build date does not
    tell, so the sitemap itself stays the same from one day's build to the next. With `alternates`
    (a site of several languages), each URL lists its language versions as `xhtml:link` elements.
    """
    if len(urls) <= SITEMAP_MAX_URLS:
        yield "sitemap.xml", urlset(urls, siteurl, alternates)
        return
    entries = []
    for number, start in enumerate(range(0, len(urls), SITEMAP_MAX_URLS), 1):
        name = f"sitemaps/sitemap-{number}.xml"
        yield name, urlset(urls[start : start + SITEMAP_MAX_URLS], siteurl, alternates)
        entries.append(f"<sitemap><loc>{xml_escape(f'{siteurl}/{name}')}</loc></sitemap>")
    yield "sitemap.xml", xml_document("sitemapindex", entries)


def urlset(urls: list[str], siteurl: str, alternates: Alternates | None = None) -> str:
    """A sitemap `<urlset>`, each URL with its language versions when `alternates` gives them."""
    if alternates is None:
        return xml_document("urlset", [f"<url><loc>{xml_escape(f'{siteurl}/{url}')}</loc></url>" for url in urls])
    entries = []
    for url in urls:
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang={quoteattr(code)} href={quoteattr(href)}/>'
            for code, href in alternates(url)
        )
        entries.append(f"<url><loc>{xml_escape(f'{siteurl}/{url}')}</loc>{links}</url>")
    return xml_document("urlset", entries, f' xmlns:xhtml="{XHTML_NAMESPACE}"')


def xml_document(root: str, entries: list[str], namespaces: str = "") -> str:
    """A sitemap XML document, one entry a line."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{SITEMAP_NAMESPACE}"{namespaces}>']
    return "\n".join([*lines, *entries, f"</{root}>", ""])


def robots_txt(siteurl: str) -> str:
    """robots.txt: everything may be crawled; the sitemap's absolute URL when the site has one."""
    lines = ["User-agent: *", "Allow: /"]
    if siteurl.startswith(("http://", "https://")):
        lines.append(f"Sitemap: {siteurl}/sitemap.xml")
    return "\n".join(lines) + "\n"
