"""Rules on the page addresses that record values become (REG020, REG021).

A standard's code and a certificate's number become folder names of the site (`standards/iso-9001/`,
`certificates/test-cert/tc-0002/`) through `certreg.core.fold.slugify`. Two values that become one folder,
or a folder name too long for a file system, would stop every later build; these rules say so first.
Two certificate numbers of one body that become one folder are REG008; file names are REG001.
"""

from __future__ import annotations

from collections.abc import Iterator

from certreg.core.fold import certificate_slug, slugify
from certreg.load.document import Document, FieldPath
from certreg.validate.rules.base import Context, Finding, each_certificate

MAX_ADDRESS_LENGTH = 80  # characters of a folder name made from a value; file systems allow 255 bytes


def standard_codes(ctx: Context) -> Iterator[tuple[Document, FieldPath, str]]:
    """Yield (standards document, field path, code) for every standard code in standards.yaml."""
    document = ctx.registry.standards
    if document is None or not isinstance(document.data, list):
        return
    for index, standard in enumerate(document.data):
        code = standard.get("code") if isinstance(standard, dict) else None
        if isinstance(code, str):
            yield document, (index, "code"), code


def rule_one_address_each(ctx: Context) -> Iterator[Finding]:
    """Two standard codes with one page address.

    Each standard has a page at `/standards/<code as a slug>/`: lower-case letters and digits joined by
    `-`. Codes that differ only in case, spaces or punctuation, such as `ISO 9001` and `ISO-9001`, would
    share that page, and the build stops. Write each standard once, with its code exactly as the
    standard is named; certificates cite that code.

    Passes in `standards.yaml`::

        - code: ISO 9001
          title: Quality management systems — Requirements
          system: Quality management
          editions:
            - edition: "2015"
              published: 2015-09-15
        - code: ISO 14001
          title: Environmental management systems — Requirements with guidance for use
          system: Environmental management
          editions:
            - edition: "2015"
              published: 2015-09-15

    Fails in `standards.yaml`::

        - code: ISO 9001
          title: Quality management systems — Requirements
          system: Quality management
          editions:
            - edition: "2015"
              published: 2015-09-15
        - code: ISO-9001  # <- [REG020] [1].code
          title: Quality management systems — Requirements
          system: Quality management
          editions:
            - edition: "2008"
              published: 2008-11-14
    """
    first: dict[str, str] = {}
    for document, where, code in standard_codes(ctx):
        slug = slugify(code)
        if slug in first and first[slug] != code:
            yield Finding(
                document,
                where,
                f"code {code!r} has the page address standards/{slug}/, as {first[slug]!r} does",
                f"list the standard once, as {first[slug]!r}, with all its editions",
            )
        first.setdefault(slug, code)


def rule_address_length(ctx: Context) -> Iterator[Finding]:
    """Certificate number or standard code too long for a page address.

    A certificate number and a standard code each become a folder name of the site (lower-case letters
    and digits joined by `-`), at most 80 characters long, so that every file system and web host can
    store the page. A longer value is almost always something else pasted into the field: the scope, a
    note or two numbers at once.

    Passes in `organizations/beta-werke.yaml`::

        certifications:
          - certificate_number: TC-0002

    Fails in `organizations/beta-werke.yaml`::

        certifications:
          - certificate_number: TC-0002 Machining of precision parts and assembly of hydraulic units for agricultural machinery  # <- [REG021] certifications[0].certificate_number
    """  # noqa: E501 -- the example shows one over-long line
    values = [(document, where, "code", code) for document, where, code in standard_codes(ctx)]
    for document, where, certificate in each_certificate(ctx):
        number = certificate.get("certificate_number")
        if isinstance(number, str):
            values.append((document, (*where, "certificate_number"), "certificate number", number))
    for document, where, what, value in values:
        length = len(certificate_slug(value))  # certificate_slug is slugify: one folder name for both
        if length > MAX_ADDRESS_LENGTH:
            yield Finding(
                document,
                where,
                f"{what} becomes a page address of {length} characters, over the limit of {MAX_ADDRESS_LENGTH}",
                f"write only the {what} as printed, without other text",
            )
