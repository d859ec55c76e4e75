"""Rules on names, numbers, codes and addresses (REG001, REG008-010, REG012).

Each rule's docstring is its user documentation (`certreg rules REGnnn`, CONTRIBUTING.md): a title, why it
matters, then an example that passes and one that fails (see `docs` for the format).
"""

# ruff: noqa: RUF002 -- the look-alike letters in the documentation are the point

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pycountry

from certreg.core.fold import LEGAL_FORMS, certificate_slug, fold, slugify, tokenize
from certreg.load.document import Document, FieldPath
from certreg.load.loader import SLUG_PATTERN
from certreg.validate.rules.base import Context, Finding, certificates, data_of, each_certificate
from certreg.validate.rules.characters import skeleton, without_invisible

MAX_SLUG_LENGTH = 80
URL_FIELDS = ("website", "source", "directory")
URL_UNSAFE = frozenset('<>"`{}|\\^ ')
COUNTRY_CODES = frozenset(country.alpha_2 for country in pycountry.countries)


def fold_name(name: str) -> str:
    """Reduce a name for duplicate detection: no case, accents, punctuation or legal form."""
    return " ".join(word for word in tokenize(fold(name)) if word not in LEGAL_FORMS)


def look_alike_keys(name: str) -> tuple[str, str]:
    """Reduce a name to what it looks like (UTS #39 skeletons of its folded words, lower and upper case).

    Invisible characters are left out. Both cases count: a Cyrillic `АСМЕ` looks like `ACME` in capitals,
    a Cyrillic `аре` like `ape` in small letters.
    """
    words = [word for word in tokenize(without_invisible(name)) if word not in LEGAL_FORMS]
    return " ".join(skeleton(word) for word in words), " ".join(skeleton(word.upper()) for word in words)


def name_keys(name: str) -> tuple[str, ...]:
    """The keys under which two names count as one: folded, and what it looks like in either case."""
    same, looks = fold_name(name), look_alike_keys(name)
    return tuple([f"={same}"] * bool(same) + [f"{case}~{key}" for case, key in enumerate(looks) if key])


def rule_slug(ctx: Context) -> Iterator[Finding]:
    """File name that is not a slug.

    The file name is the record's permanent address: `organizations/beta-werke.yaml` is published at
    `/organizations/beta-werke/`. Lower-case letters and digits joined by single hyphens, at most 80
    characters, read the same on every host and never need escaping.

    Passes in `organizations/beta-werke.yaml`::

        name: Beta Werke GmbH

    Fails in `organizations/Beta_Werke.yaml`::

        name: Beta Werke GmbH  # <- [REG001]
    """
    for document in [*ctx.registry.organizations, *ctx.registry.certification_bodies]:
        if not SLUG_PATTERN.match(document.slug) or len(document.slug) > MAX_SLUG_LENGTH:
            yield Finding(
                document,
                (),
                f"file name {document.path.name!r} is not a valid slug",
                f"rename it to lower-case words joined by '-', at most {MAX_SLUG_LENGTH} "
                f"characters, e.g. {slugify(document.slug)[:MAX_SLUG_LENGTH].strip('-')}.yaml",
            )


def rule_unique_certificate_numbers(ctx: Context) -> Iterator[Finding]:
    """Certificate number used twice.

    A number identifies one certificate of its certification body: two entries with one number are the
    same certificate recorded twice, or a typing mistake. Case, spaces and punctuation are ignored, as
    numbers are printed inconsistently. The problem is reported at the second entry.

    Passes in `organizations/beta-werke.yaml`::

        certifications:
          - certificate_number: TC-0002
          - certificate_number: TC-0003

    Fails in `organizations/beta-werke.yaml`::

        certifications:
          - certificate_number: TC-0002
          - certificate_number: tc 0002  # <- [REG008] certifications[1].certificate_number
    """
    first_seen: dict[tuple[str, str], tuple[Document, str]] = {}
    for document, where, certificate in each_certificate(ctx):
        body, number = certificate.get("certification_body"), certificate.get("certificate_number")
        if not (isinstance(body, str) and isinstance(number, str)):
            continue
        key = (body, certificate_slug(number))
        if key not in first_seen:
            first_seen[key] = (document, number)
            continue
        other, other_number = first_seen[key]
        yield Finding(
            document,
            (*where, "certificate_number"),
            f"certificate number {number!r} of {body} is already used by {other_number!r} in {other.path}",
            "each certificate number appears once per certification body (ignoring case and "
            "punctuation); fix the number or merge the two records",
        )


def country_fields(document: Document) -> Iterator[tuple[FieldPath, Any]]:
    """Yield (field path, value) for every country code in a document."""
    data = data_of(document)
    if document.kind == "accreditation_bodies":
        for slug, body in data.items():
            if isinstance(body, dict):
                yield (slug, "country"), body.get("country")
        return
    if "country" in data:
        yield ("country",), data.get("country")
    for where, certificate in certificates(document):
        for index, site in enumerate(certificate.get("sites") or []):
            if isinstance(site, dict) and "country" in site:
                yield (*where, "sites", index, "country"), site.get("country")


def rule_country_codes(ctx: Context) -> Iterator[Finding]:
    """Unknown country code.

    Countries are ISO 3166-1 alpha-2 codes, so pages can name the country in full and group by it. The
    United Kingdom is `GB`, not `UK`.

    Passes in `organizations/beta-werke.yaml`::

        country: GB

    Fails in `organizations/beta-werke.yaml`::

        country: UK  # <- [REG009] country
    """
    for document in ctx.registry.documents():
        for where, code in country_fields(document):
            if isinstance(code, str) and len(code) == 2 and code.isupper() and code not in COUNTRY_CODES:
                yield Finding(
                    document,
                    where,
                    f"{code!r} is not an ISO 3166-1 alpha-2 country code",
                    "use the two-letter code, e.g. DE for Germany, GB for the United Kingdom",
                )


def url_fields(document: Document) -> Iterator[tuple[FieldPath, Any]]:
    """Yield (field path, value) for every URL in a document."""
    data = data_of(document)
    if document.kind == "accreditation_bodies":
        for slug, body in data.items():
            if isinstance(body, dict) and "website" in body:
                yield (slug, "website"), body["website"]
        return
    for key in URL_FIELDS:
        if key in data:
            yield (key,), data[key]
    for where, certificate in certificates(document):
        if "source" in certificate:
            yield (*where, "source"), certificate["source"]


def url_problem(url: str) -> str | None:
    """Say why `url` is not an absolute http(s) address a page can link to, or return None when it is one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http(s) address"
    bad = sorted({ch for ch in url if ch in URL_UNSAFE or ord(ch) < 0x21 or ord(ch) == 0x7F})
    if bad:
        return f"{url!r} contains {' '.join(repr(ch) for ch in bad)}, which must be percent-encoded in a URL"
    return None


def rule_urls(ctx: Context) -> Iterator[Finding]:
    """Web address that is not a full http(s) URL.

    Pages link to `website`, `directory` and `source`. Only a full `http://` or `https://` address,
    with no character that must be percent-encoded, is safe and works from every page.

    Passes in `organizations/beta-werke.yaml`::

        website: https://www.beta-werke.example/en/

    Fails in `organizations/beta-werke.yaml`::

        website: www.beta-werke.example  # <- [REG010] website
        certifications:
          - source: https://test-cert.example/search?q=<TC-0002>  # <- [REG010] certifications[0].source
    """
    for document in ctx.registry.documents():
        for where, url in url_fields(document):
            message = url_problem(url) if isinstance(url, str) else None
            if message:
                hint = "write the full address starting with https://, copied from the browser's address bar"
                yield Finding(document, where, message, hint)


def rule_duplicate_names(ctx: Context) -> Iterator[Finding]:
    """Two organizations with one name.

    Two files whose names differ only in case, accents, punctuation or legal form are usually one
    organization added twice; its certificates belong in one file. Names that only look alike count too:
    a Cyrillic `А` for a Latin `A`, a `0` for an `O`, or an invisible zero-width space or soft hyphen
    (Unicode's confusable skeletons, UTS #39). This is a warning: two different organizations may share
    a name. The warning is on the file that sorts later; here `acme-gmbh.yaml` is named Acme Präzision
    GmbH.

    Passes in `organizations/acme-werkzeugbau.yaml`::

        name: Acme Werkzeugbau GmbH

    Fails in `organizations/acme-prazision.yaml`::

        name: ACME Prazision AG  # <- [REG012] name
    """
    first_seen: dict[str, Document] = {}
    for document in ctx.registry.organizations:
        name = data_of(document).get("name")
        if not isinstance(name, str):
            continue
        keys = (ctx.name_keys or name_keys)(name)
        other = next((first_seen[key] for key in keys if key in first_seen), None)
        if other is not None:
            yield Finding(
                document,
                ("name",),
                f"name is the same as {other.path} once case, accents, legal form, look-alike letters and "
                "invisible characters are ignored",
                "if both are one organization, merge the files; if not, this warning can stay",
            )
        for key in keys:
            first_seen.setdefault(key, document)
