"""List pages: which paginated lists the site has, and how each is cut into pages (A-Z anchors included).

Pure functions of `Site`: the generator renders what `listings()` yields, one template per list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

DEFAULT_PAGE_SIZE = 100


def initial(slug: str) -> str:
    """The A-Z letter of a slug; digits and others file under `0-9`."""
    first = slug[:1].upper()
    return first if "A" <= first <= "Z" else "0-9"


def alphabetical(organizations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A-Z rows: each organization, with an anchor on the first one of each letter."""
    rows, seen = [], set()
    for organization in organizations:
        letter = initial(organization["slug"])
        rows.append({"organization": organization, "anchor": None if letter in seen else letter})
        seen.add(letter)
    return rows


def page_url(base_url: str, number: int) -> str:
    """`organizations/` for page 1, `organizations/page/2/` for page 2."""
    return base_url if number == 1 else f"{base_url}page/{number}/"


def letter_links(rows: list[dict[str, Any]], base_url: str, page_size: int) -> list[dict[str, str]]:
    """For the A-Z bar: each letter with the URL of the page and anchor where it starts."""
    return [
        {
            "letter": row["anchor"],
            "url": f"{page_url(base_url, index // page_size + 1)}#letter-{row['anchor'].lower()}",
        }
        for index, row in enumerate(rows)
        if row["anchor"]
    ]


def listing(template: str, url: str, items: list[Any], **extra: Any) -> dict[str, Any]:
    """One paginated list: its template, base URL, items and what else its template prints."""
    return {"template": template, "url": url, "items": items, "extra": extra}


def listings(site: Any, page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[dict[str, Any]]:
    """Every paginated list page of the site."""
    groups = site.groups
    rows = alphabetical(site.organizations)
    yield listing("organizations", "organizations/", rows, letters=letter_links(rows, "organizations/", page_size))
    yield listing("standards", "standards/", [])
    yield listing("countries", "countries/", [])
    yield listing("certification_bodies", "certification-bodies/", [])
    for standard in site.standards:
        certificates = groups.certificates_by_standard.get(standard["code"], [])
        yield listing("standard", standard["url"], certificates, standard=standard)
    for country in site.countries:
        yield listing("country", country["url"], groups.organizations_by_country[country["code"]], country=country)
    for body in groups.bodies_by_name:
        yield listing("certification_body", body["url"], groups.certificates_by_body.get(body["slug"], []), body=body)
    for status in site.status_pages:
        certificates = groups.certificates_by_status.get(status["status"].id, [])
        yield listing("status", status["url"], certificates, status=status)


def paginate(items: list[Any], base_url: str, size: int) -> Iterator[dict[str, Any]]:
    """Pages of at most `size` items, each with its URL and its neighbours'."""
    count = max(1, -(-len(items) // size))
    for number in range(1, count + 1):
        first = (number - 1) * size
        page_items = items[first : first + size]
        yield {
            "items": page_items,
            "number": number,
            "count": count,
            "total": len(items),
            "first_index": first + 1,
            "last_index": first + len(page_items),
            "url": page_url(base_url, number),
            "base_url": base_url,
            "previous_url": page_url(base_url, number - 1) if number > 1 else None,
            "next_url": page_url(base_url, number + 1) if number < count else None,
            "show_first_link": number > 2,
        }
