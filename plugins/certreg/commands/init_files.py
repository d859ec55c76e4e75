"""The text of the files `certreg init` writes into a new registry repository, filled from the answers.

Every value put into YAML is written as a JSON string (valid YAML, quoted, escaped), so an answer with
a colon, a quote or a `#` stays the text it was. Markdown gets the answers with its special characters
escaped. The workflows use certreg's action pinned to this certreg's own version.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from certreg import __version__

ACTION = "certreg/certreg"
REPOSITORY = "https://github.com/certreg/certreg"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|])")


def q(value: str) -> str:
    """A YAML scalar holding exactly `value`."""
    return json.dumps(value, ensure_ascii=False)


def md(value: str) -> str:
    """`value` as literal Markdown text."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", value)


def config_text(answers: dict[str, Any], schema_version: int) -> str:
    """certreg.yaml: every key the answers give, and the optional ones as comments."""
    lines = [
        "# The site's configuration: every key is documented in certreg's docs/configuration.md.",
        f"schema_version: {schema_version}  # the record schemas this registry is written for (certreg migrate)",
        "site:",
        f"  name: {q(answers['name'])}",
    ]
    if answers.get("description"):
        lines.append(f"  description: {q(answers['description'])}")
    if answers.get("url"):
        lines.append(f"  url: {q(answers['url'])}")
    lines += [
        "  language: en",
        "  # logo: overrides/logo.svg",
        "  # favicon: overrides/favicon.svg",
        '  # colors: {brand: "#0b5394", brand_dark: "#9fc5e8"}',
        '  credit: true  # "Made with certreg" in the footer',
        "operator:",
        f"  name: {q(answers['operator'])}",
        f"  contact: {q(answers['contact'])}",
        "links:",
        f"  source_repository: {q(answers['repository'])}",
        f"  report_error: {q(answers['report_error'])}",
        "  # footer:",
        "  #   - {text: Privacy, url: /privacy/}",
        "data_licence:",
        "  id: CC-BY-4.0",
        "  name: Creative Commons Attribution 4.0 International",
        "  url: https://creativecommons.org/licenses/by/4.0/",
        "expiring_soon_days: 90",
    ]
    return "\n".join(lines) + "\n"


def example_body_text() -> str:
    """An example certification body, marked as one."""
    return (
        "# EXAMPLE written by `certreg init`: replace it with a real certification body, or delete it.\n"
        "name: Example Certification Ltd\n"
        "country: GB\n"
        "website: https://certification.example\n"
        "directory: https://certification.example/directory\n"
        "accreditations:\n"
        "  - accreditation_body: ukas\n"
        '    number: "0000"\n'
        "    standards: [ISO 9001, ISO 14001]\n"
        "    status: active\n"
    )


def example_organization_text(today: date) -> str:
    """An example organization with one valid certificate, marked as one; dated from `today`."""
    issued = today - timedelta(days=30)
    expires = issued + timedelta(days=3 * 365)
    return (
        "# EXAMPLE written by `certreg init`: replace it with a real organization, or delete it.\n"
        "name: Example Manufacturing Ltd\n"
        "country: GB\n"
        "city: Leeds\n"
        "certifications:\n"
        "  - certificate_number: EX-0001\n"
        "    standards: [ISO 9001:2015]\n"
        "    certification_body: example-certification\n"
        "    accredited: true\n"
        "    scope: Example scope. Replace this record with a real one.\n"
        f"    issued: {issued.isoformat()}\n"
        f"    expires: {expires.isoformat()}\n"
        "    source: https://certification.example/directory/EX-0001\n"
        f"    last_verified: {today.isoformat()}\n"
    )


def readme_text(answers: dict[str, Any]) -> str:
    """README.md for the registry's contributors."""
    return f"""# {md(answers["name"])}

The records of this registry, run by {md(answers["operator"])}. The site is built from them with
[certreg]({REPOSITORY}) {__version__}.

- `registry/`: one YAML file per organization (`organizations/`) and certification body
  (`certification-bodies/`), the standards and the accreditation bodies.
- `certreg.yaml`: the site's name, links, licence and look.
- `pages/`: extra Markdown pages (optional); `overrides/templates/` and `overrides/static/` replace
  certreg's templates and static files by name (optional).

## Work on a record

```sh
python -m venv .venv && .venv/bin/pip install "certreg=={__version__}"
.venv/bin/certreg new                 # a new organization, from prompts
.venv/bin/certreg validate            # every problem, with file, line and fix
.venv/bin/certreg build --today 2026-01-01 && python -m http.server --directory output
```

Every pull request is validated; `main` is built and published every day. See CONTRIBUTING.md for the
rules every record follows.
"""


def contributing_text(answers: dict[str, Any], rules: str) -> str:
    """CONTRIBUTING.md: how to propose a change, and every rule (from `certreg rules --format markdown`)."""
    return f"""# Contributing to {md(answers["name"])}

Every change is a pull request that a maintainer reviews. For each certificate you add or change,
`source` is the page where you checked it (normally the certification body's public directory) and
`last_verified` the day you checked it. Run `certreg validate` before you open the pull request.

## Rules

{rules}"""


def check_workflow_text() -> str:
    """.github/workflows/check.yml: pull requests are validated and summarized."""
    return f"""# Pull requests: problems inline on the diff, a summary of the change, and the built site as an artifact.
name: Check

on:
  pull_request:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # certreg diff reads the registry at the base commit; History reads the log
      - uses: {ACTION}@v{__version__}
        with:
          mode: check
          diff-base: ${{{{ github.event.pull_request.base.sha }}}}
      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: output/
          retention-days: 7
"""


# The workflow `certreg init` writes; `{action}` and `{version}` are filled in, `{{{{` stays `{{`.
PUBLISH_WORKFLOW = """# Publish: on every push to main, every day (statuses change with the date) and by hand.
# To publish to object storage instead of GitHub Pages, replace the last two steps and the deploy job by
#   - run: certreg publish REMOTE   (rclone remote; see certreg's docs/deploy.md)
name: Publish

on:
  push:
    branches: [main]
  schedule:
    - cron: "17 3 * * *"
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # History sections and feeds read the registry's git history
      - uses: actions/configure-pages@v5
        id: pages
      - uses: {action}@v{version}
        with:
          mode: build
          siteurl: ${{{{ steps.pages.outputs.base_url }}}}
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output/

  deploy:
    needs: build
    runs-on: ubuntu-latest
    timeout-minutes: 10
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"""


def publish_workflow_text() -> str:
    """.github/workflows/publish.yml: main and a daily schedule build with today's date and deploy."""
    return PUBLISH_WORKFLOW.format(action=ACTION, version=__version__)


def pre_commit_text() -> str:
    """.pre-commit-config.yaml: certreg's validator on every commit that changes a record."""
    return f"""# `pre-commit install` once; then every commit that changes a record is validated.
repos:
  - repo: {REPOSITORY}
    rev: v{__version__}
    hooks:
      - id: certreg-validate
        args: [--registry, registry]
"""


GITIGNORE = "output/\n.certreg-cache/\n.cache/\n.venv/\n"
