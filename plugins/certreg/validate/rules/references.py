"""Rules on references between files: standards, certification bodies and accreditations (REG002-004, REG014, REG016).

Each rule's docstring is its user documentation (`certreg rules REGnnn`, CONTRIBUTING.md): a title, why it
matters, then an example that passes and one that fails (see `docs` for the format).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from certreg.load.document import Document, FieldPath
from certreg.validate.rules.base import Context, Finding, data_of, each_certificate, each_text


def rule_standard_refs(ctx: Context) -> Iterator[Finding]:
    """Unknown standard or edition.

    A certificate names the exact edition it was issued against (`ISO 9001:2015`): the edition decides
    whether the certificate is still valid once a transition ends, and links to the standard's page.

    Passes in `organizations/beta-werke.yaml`::

        certifications:
          - standards: [ISO 9001:2015, ISO 14001:2015]

    Fails in `organizations/beta-werke.yaml`::

        certifications:
          - standards: [ISO 9001:2016]  # <- [REG002] certifications[0].standards[0]
    """
    for document, where, certificate in each_certificate(ctx):
        for index, ref in each_text(certificate.get("standards")):
            if ref not in ctx.editions:
                code = ref.rsplit(":", 1)[0]
                known = sorted(r for r in ctx.editions if r.startswith(f"{code}:"))
                hint = (
                    f"known editions: {', '.join(known)}"
                    if known
                    else "use `<code>:<edition>` from registry/standards.yaml, e.g. ISO 9001:2015"
                )
                message = f"standard {ref!r} is not in registry/standards.yaml"
                yield Finding(document, (*where, "standards", index), message, hint)


def rule_certification_body_ref(ctx: Context) -> Iterator[Finding]:
    """Unknown certification body.

    A certificate's `certification_body` is the slug of a file in `certification-bodies/`, which says who
    issued it, where its public directory is and which accreditations back it.

    Passes in `organizations/beta-werke.yaml`::

        certifications:
          - certification_body: test-cert

    Fails in `organizations/beta-werke.yaml`::

        certifications:
          - certification_body: Test Cert GmbH  # <- [REG003] certifications[0].certification_body
    """
    for document, where, certificate in each_certificate(ctx):
        slug = certificate.get("certification_body")
        if isinstance(slug, str) and slug not in ctx.certification_bodies:
            yield Finding(
                document,
                (*where, "certification_body"),
                f"certification body {slug!r} has no file in certification-bodies/",
                f"use an existing slug or add certification-bodies/{slug}.yaml",
            )


def accreditations(document: Document) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    """Yield (field path, accreditation) for every well-formed accreditation of a certification body."""
    listed = data_of(document).get("accreditations")
    for index, accreditation in enumerate(listed if isinstance(listed, list) else []):
        if isinstance(accreditation, dict):
            yield ("accreditations", index), accreditation


def rule_accreditation_refs(ctx: Context) -> Iterator[Finding]:
    """Unknown accreditation body or standard code.

    An accreditation names its accreditation body by its key in `accreditation-bodies.yaml` and the
    standards it covers by code, without edition, as in `standards.yaml`.

    Passes in `certification-bodies/nordcert.yaml`::

        accreditations:
          - accreditation_body: norsk-akkreditering
            number: NA-C-0042
            standards: [ISO 9001, ISO 14001]
            status: active

    Fails in `certification-bodies/nordcert.yaml`::

        accreditations:
          - accreditation_body: NA  # <- [REG004] accreditations[0].accreditation_body
            number: NA-C-0042
            standards: [ISO 9001, ISO 9002]  # <- [REG004] accreditations[0].standards[1]
            status: active
    """
    for document in ctx.registry.certification_bodies:
        for where, accreditation in accreditations(document):
            body = accreditation.get("accreditation_body")
            if isinstance(body, str) and body not in ctx.accreditation_body_slugs:
                message = f"accreditation body {body!r} is not in accreditation-bodies.yaml"
                yield Finding(document, (*where, "accreditation_body"), message, "use one of its keys or add it there")
            for position, code in each_text(accreditation.get("standards")):
                if code not in ctx.standard_codes:
                    message = f"standard code {code!r} is not in registry/standards.yaml"
                    hint = "write the code without edition, e.g. ISO 9001"
                    yield Finding(document, (*where, "standards", position), message, hint)


def rule_accredited_scope(ctx: Context) -> Iterator[Finding]:
    """Accredited certificate outside the body's accreditation.

    `accredited: true` tells a visitor that an accreditation body vouches for the certificate. That is
    only so when the certification body holds an active accreditation for each of its standards (here
    `test-cert` is accredited for ISO 9001, ISO 14001 and ISO/IEC 27001, not ISO 45001).

    Passes in `organizations/beta-werke.yaml`::

        certifications:
          - standards: [ISO 45001:2018]
            accredited: false

    Fails in `organizations/beta-werke.yaml`::

        certifications:
          - standards: [ISO 9001:2015, ISO 45001:2018]  # <- [REG014] certifications[0].standards[1]
            accredited: true
    """
    for document, where, certificate in each_certificate(ctx):
        body = ctx.certification_bodies.get(certificate.get("certification_body"))
        if certificate.get("accredited") is not True or body is None:
            continue
        active = (a for _, a in accreditations(body) if a.get("status") == "active")
        covered = {code for accreditation in active for _, code in each_text(accreditation.get("standards"))}
        for index, ref in each_text(certificate.get("standards")):
            code = ref.rsplit(":", 1)[0]
            if code not in covered:
                yield Finding(
                    document,
                    (*where, "standards", index),
                    f"accredited is true but {body.slug} lists no active accreditation for {code}",
                    f"check the certificate; add the accreditation to {body.path.name} or set accredited: false",
                )


def edition_refs(document: Document) -> Iterator[tuple[FieldPath, str]]:
    """Yield (field path, `code:edition`) for every edition listed in standards.yaml."""
    for index, standard in enumerate(document.data if isinstance(document.data, list) else []):
        editions = standard.get("editions") if isinstance(standard, dict) else None
        for position, edition in enumerate(editions if isinstance(editions, list) else []):
            name = edition.get("edition") if isinstance(edition, dict) else edition
            yield (index, "editions", position), f"{standard.get('code')}:{name}"


def rule_unique_editions(ctx: Context) -> Iterator[Finding]:
    """Edition listed twice.

    Each edition is listed once, so its dates have one source. The example is the whole `standards.yaml`.

    Passes in `standards.yaml`::

        - code: ISO 9001
          title: Quality management systems — Requirements
          system: Quality management
          editions:
            - edition: "2008"
              published: 2008-11-15
            - edition: "2015"
              published: 2015-09-15

    Fails in `standards.yaml`::

        - code: ISO 9001
          title: Quality management systems — Requirements
          system: Quality management
          editions:
            - edition: "2015"
              published: 2015-09-15
            - edition: "2015"  # <- [REG016] [0].editions[1]
              published: 2015-09-15
    """
    document, seen = ctx.registry.standards, set()
    for where, ref in edition_refs(document) if document else ():
        if ref in seen:
            yield Finding(document, where, f"{ref} is listed twice", "keep one entry per edition")
        seen.add(ref)
