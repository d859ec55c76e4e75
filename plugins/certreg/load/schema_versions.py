"""Record schema versions: which one this certreg reads, and how to recognize a registry's older copy.

Version 1 is the schema certreg 0.1.0 shipped (an organization's `city` was required, so records
written for it may hold a placeholder such as `city: Unknown`). Version 2 makes `city` optional and
forbids placeholders. A registry says which version it is written for in certreg.yaml
(`schema_version`); a registry's own `schema/` folder holding an unchanged copy of an older version is
recognized by its digest. `certreg migrate` moves a registry from one version to the next.
"""

from __future__ import annotations

import hashlib

SCHEMA_VERSION = 2
# sha256 of organization.schema.json as shipped for each older version (the other files did not change).
OLD_ORGANIZATION_SCHEMAS = {
    "d4bcbad73cca": 1,
}


def digest(text: str) -> str:
    """The first 12 hex digits of a schema text's sha256 (line ends as written)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def old_schema_version(organization_schema_text: str) -> int | None:
    """The older version an organization schema text is an unchanged copy of, or None."""
    return OLD_ORGANIZATION_SCHEMAS.get(digest(organization_schema_text))
