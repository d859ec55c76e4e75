"""The registry's site configuration, `certreg.yaml`: read strictly, checked against its JSON Schema.

The file sits beside the registry folder (`<repository>/certreg.yaml` next to `<repository>/registry/`).
It is read by the same strict loader as the records, so every value arrives as written and every
problem names the file, line, key and fix; an unknown key is an error with a "did you mean". The
schema is `validate/config.schema.json`; docs/configuration.md documents every key.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from certreg.core.problems import Problem, has_errors
from certreg.load.loader import Document, load_document
from certreg.load.schema_versions import SCHEMA_VERSION
from certreg.validate.schema import check_document, validator_for

CONFIG_NAME = "certreg.yaml"
CONFIG_KIND = "config"
CONFIG_SCHEMA = "config.schema.json"
DEFAULT_EXPIRING_SOON_DAYS = 90
FILE_KEYS = (("site", "logo"), ("site", "favicon"))


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """A valid configuration: its values as written, and the folder relative paths are read from."""

    path: Path
    data: dict[str, Any]

    @property
    def folder(self) -> Path:
        """The folder holding the configuration file: the registry repository."""
        return self.path.parent

    def get(self, section: str, key: str, default: Any = None) -> Any:
        """A value of a section (`site`, `operator`, `links`), or `default` when it is not set."""
        return self.data.get(section, {}).get(key, default)

    @property
    def schema_version(self) -> int:
        """The record schema version the registry says it is written for."""
        return int(self.data["schema_version"])

    @property
    def expiring_soon_days(self) -> int:
        """The expiring-soon window in days."""
        return int(self.data.get("expiring_soon_days", DEFAULT_EXPIRING_SOON_DAYS))


def config_path(registry: Path, given: Path | None = None) -> Path:
    """The configuration file: `given`, else `certreg.yaml` beside the registry folder."""
    if given is not None:
        return Path(given)
    return Path(registry).resolve().parent / CONFIG_NAME


def config_schema_text() -> str:
    """The JSON Schema of the configuration file, as shipped with certreg."""
    return (resources.files("certreg.validate") / CONFIG_SCHEMA).read_text(encoding="utf-8")


def read_config(path: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """Read and check a configuration file; None and the problems when it has any error."""
    document, problems = load_document(Path(path), CONFIG_KIND)
    if document.data is not None and not problems:
        if not isinstance(document.data, dict):
            problems.append(document.problem((), "SCH001", "expected a mapping of keys", "start from `certreg init`"))
        else:
            problems.extend(check_document(document, validator_for(config_schema_text())))
            problems.extend(missing_files(document))
            problems.extend(version_problems(document))
    if has_errors(problems) or document.data is None:
        return None, sorted(problems, key=lambda problem: problem.sort_key)
    return SiteConfig(Path(path).resolve(), document.data), problems


def missing_files(document: Document) -> list[Problem]:
    """A logo or favicon the configuration names that is not there."""
    problems = []
    for section, key in FILE_KEYS:
        value = (document.data.get(section) or {}).get(key)
        if isinstance(value, str) and not (document.path.parent / value).is_file():
            problems.append(
                document.problem(
                    (section, key),
                    "CFG001",
                    f"file {value!r} does not exist",
                    f"put the file at {document.path.parent / value}, or fix the path (relative to this file)",
                )
            )
    return problems


def version_problems(document: Document) -> list[Problem]:
    """A registry written for another record schema version than this certreg reads."""
    written = document.data.get("schema_version")
    if not isinstance(written, str) or not written.isdigit() or int(written) == SCHEMA_VERSION:
        return []
    if int(written) < SCHEMA_VERSION:
        message = f"the registry is written for record schema version {written}; this certreg reads {SCHEMA_VERSION}"
        hint = "run `certreg migrate`: it rewrites the records and this file for the current version"
    else:
        message = f"the registry is written for record schema version {written}, newer than this certreg reads"
        hint = f"upgrade certreg (`pip install --upgrade certreg`); this one reads version {SCHEMA_VERSION}"
    return [document.problem(("schema_version",), "CFG002", message, hint)]
