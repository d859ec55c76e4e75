"""List pages: which paginated lists the site has, and how each is cut into pages (A-Z anchors included).

Pure functions of `Site`: the generator renders what `listings()` yields, one template per list.

Pages are cut where the rows' content says, not every `size` rows: a page ends after a row whose
stable key (a certificate's or organization's URL) hashes to a boundary, once the page holds at least
half of `size` rows, and always at twice `size`. A row that enters or leaves a list then changes the
page that holds it (rarely its neighbour), not every page after it, so a rebuild renders few pages.
Counts that change daily are shown on the first page of each list only, for the same reason.
"""

from __future__ import annotations

import bisect
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

DEFAULT_PAGE_SIZE = 100
# Record fields that hold counts: a list's later pages get its record without them.
COUNT_FIELDS = frozenset({"count", "certificate_count", "organization_count", "coverage"})


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


def ends_page(key: str, chance: int) -> bool:
    """Whether a row with this stable key may end a page: one key in `chance`, the same in every build."""
    return zlib.crc32(key.encode("utf-8")) % chance == 0


def cut(keys: Sequence[str], size: int) -> list[int]:
    """Where each page starts (row indexes) for rows with these stable keys: about `size` rows a page.

    A page holds `size // 2` to `2 * size` rows (the last one may hold fewer); past the minimum it
    ends after the first row whose key is a boundary (`ends_page`).
    """
    minimum, maximum = max(1, size // 2), max(1, 2 * size)
    chance = max(1, size - minimum)
    starts, length = [0], 0
    for index, key in enumerate(keys[:-1]):
        length += 1
        if length >= maximum or (length >= minimum and ends_page(key, chance)):
            starts.append(index + 1)
            length = 0
    return starts


def page_of(starts: list[int], index: int) -> int:
    """The number (from 1) of the page holding row `index`."""
    return bisect.bisect_right(starts, index)


def letter_links(rows: list[dict[str, Any]], base_url: str, starts: list[int]) -> list[dict[str, str]]:
    """For the A-Z bar: each letter with the URL of the page and anchor where it starts."""
    return [
        {
            "letter": row["anchor"],
            "url": f"{page_url(base_url, page_of(starts, index))}#letter-{row['anchor'].lower()}",
        }
        for index, row in enumerate(rows)
        if row["anchor"]
    ]


def without_counts(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a list's later pages show it: without the counts, which change daily."""
    return {name: value for name, value in record.items() if name not in COUNT_FIELDS}


def listing(template: str, url: str, items: list[Any], keys: list[str], first: dict[str, Any], size: int) -> dict:
    """One paginated list: its template, base URL, items, where its pages start, and what its pages print.

    `first` is what its first page prints besides the rows; its later pages print the same without counts.
    """
    later = {
        name: without_counts(value) if isinstance(value, dict) else value
        for name, value in first.items()
        if name not in COUNT_FIELDS
    }
    return {"template": template, "url": url, "items": items, "starts": cut(keys, size), "first": first, "later": later}


def status_nav(site: Any, current: Any, counts: bool) -> list[dict[str, Any]]:
    """The links to every status's list: its title, URL, whether it is this page's, and its count (first pages)."""
    return [
        {"title": page["status"].title, "url": page["url"], "current": page["status"] == current}
        | ({"count": page["count"]} if counts else {})
        for page in site.status_pages
    ]


def listings(site: Any, size: int = DEFAULT_PAGE_SIZE) -> Iterator[dict[str, Any]]:
    """Every paginated list page of the site."""
    groups = site.groups
    rows = alphabetical(site.organizations)
    keys = [row["organization"]["slug"] for row in rows]
    organizations = listing("organizations", "organizations/", rows, keys, {"count": len(rows)}, size)
    letters = letter_links(rows, "organizations/", organizations["starts"])
    organizations["first"]["letters"] = organizations["later"]["letters"] = letters
    yield organizations
    for template, url in (("standards", "standards/"), ("countries", "countries/")):
        yield listing(template, url, [], [], {}, size)
    yield listing("certification_bodies", "certification-bodies/", [], [], {"bodies": groups.bodies_by_name}, size)
    for standard in site.standards:
        certificates = groups.certificates_by_standard.get(standard["code"], [])
        yield listing("standard", standard["url"], certificates, urls(certificates), {"standard": standard}, size)
    for country in site.countries:
        members = groups.organizations_by_country[country["code"]]
        yield listing("country", country["url"], members, urls(members), {"country": country}, size)
    for body in groups.bodies_by_name:
        certificates = groups.certificates_by_body.get(body["slug"], [])
        yield listing("certification_body", body["url"], certificates, urls(certificates), {"body": body}, size)
    for status in site.status_pages:
        certificates = groups.certificates_by_status.get(status["status"].id, [])
        first = {"status": status, "status_nav": status_nav(site, status["status"], True)}
        page = listing("status", status["url"], certificates, urls(certificates), first, size)
        page["later"]["status_nav"] = status_nav(site, status["status"], False)
        yield page


def urls(records: list[dict[str, Any]]) -> list[str]:
    """The stable keys of a list's rows: their records' URLs."""
    return [record["url"] for record in records]


def paginate(list_page: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The pages of a list, each with its rows, its URL and its neighbours'.

    The number of pages and rows is given to the first page only: a later page changes when its own rows
    (or its number) change, not when a row enters or leaves another page.
    """
    items, base_url, starts = list_page["items"], list_page["url"], list_page["starts"]
    count = len(starts)
    for number, first in enumerate(starts, start=1):
        last = starts[number] if number < count else len(items)
        yield {
            "items": items[first:last],
            "number": number,
            "count": count if number == 1 else None,
            "first": number == 1,
            "paginated": count > 1,
            "total": len(items) if number == 1 else None,
            "first_row": items[first] if items else None,
            "last_row": items[last - 1] if items else None,
            "url": page_url(base_url, number),
            "base_url": base_url,
            "previous_url": page_url(base_url, number - 1) if number > 1 else None,
            "next_url": page_url(base_url, number + 1) if number < count else None,
            "show_first_link": number > 2,
        }
