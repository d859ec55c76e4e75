"""`certreg diff --format markdown` and `certreg report` with hostile record text, rendered by a Markdown parser.

The review summary and the attention issue are read on GitHub: record text must stay literal text there,
never a link, image, heading, HTML (an unclosed `<!--` would hide the rest), an @mention, or a table cell.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from certreg.commands.main import main
from tests.commands.test_diff import TODAY
from tests.git_fixture import git, init_repo
from tests.hostile_fixture import MARKUP, NAME, SITE_FIXTURE, hostile_record, yaml_quoted

PARSER = MarkdownIt("gfm-like", {"linkify": False})
FORBIDDEN = {"html_block", "html_inline", "link_open", "image", "hr"}


def tokens(text: str) -> list[Token]:
    """Every block and inline token of a Markdown document, flattened."""
    found: list[Token] = []
    for token in PARSER.parse(text):
        found.append(token)
        found.extend(token.children or [])
    return found


def check_literal(text: str, headings: list[str], record_texts: list[str]) -> None:
    """No markup from records: only the expected headings, whole table rows, each record text shown literally."""
    found = tokens(text)
    sources = [t for t in found if t.type == "link_open" and t.markup == "autolink"]
    assert all(
        t.attrs["href"].startswith(("https://alpha-cert.example/", "https://beta-cert.example/")) for t in sources
    )
    assert not [t.type for t in found if t.type in FORBIDDEN and t not in sources], text
    shown = [plain(found[i + 1]) for i, t in enumerate(found) if t.type == "heading_open"]
    assert shown == headings
    for index, token in enumerate(found):
        if token.type == "tr_open":
            cells = 0
            for later in found[index + 1 :]:
                if later.type == "tr_close":
                    break
                cells += later.type in ("td_open", "th_open")
            assert cells == width(found, index), text
    literal = " ".join(t.content for t in found if t.type in ("code_inline", "text"))
    for record_text in record_texts:
        assert " ".join(record_text.split()) in " ".join(literal.split())


def plain(inline: Token) -> str:
    """The text a reader sees in an inline token (code spans without their backticks)."""
    return "".join(child.content for child in inline.children or [])


def width(found: list[Token], row: int) -> int:
    """The number of header cells of the table the row at `row` belongs to."""
    start = max(i for i, t in enumerate(found[:row]) if t.type == "table_open")
    end = next(i for i, t in enumerate(found[start:], start) if t.type == "tr_close")
    return sum(t.type == "th_open" for t in found[start:end])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The site fixture committed as `base`; the working tree adds the hostile organization."""
    init_repo(tmp_path, monkeypatch)
    shutil.copytree(SITE_FIXTURE, tmp_path / "registry")
    git(tmp_path, "add", "registry")
    git(tmp_path, "commit", "--quiet", "-m", "base")
    git(tmp_path, "tag", "base")
    (tmp_path / "registry" / "organizations" / "hostile-werke.yaml").write_text(hostile_record(), encoding="utf-8")
    anchor = tmp_path / "registry" / "organizations" / "anchor-valid.yaml"
    changed = anchor.read_text(encoding="utf-8").replace("\ncity: ", f"\ncity: {yaml_quoted(MARKUP)}\nold_city: ", 1)
    anchor.write_text(changed, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_diff_markdown_shows_hostile_names_and_values_as_literal_text(repo, capsys) -> None:
    assert main(["diff", "base", "--format", "markdown", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    headings = [
        "Registry changes: base → working tree",
        "Organizations added",
        "Certificates added",
        "Fields changed",
        "Notes",  # the hostile record has errors: the summary says so
    ]
    check_literal(out, headings, [MARKUP.strip(), "# Injected heading"])
    assert NAME.splitlines()[0] not in out  # the line break became a space, so the row stays one line


def test_report_shows_a_hostile_organization_name_as_literal_text(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    registry = shutil.copytree(SITE_FIXTURE, tmp_path / "registry")
    anchor = registry / "organizations" / "anchor-valid.yaml"
    text = anchor.read_text(encoding="utf-8")
    name = text.split("\n", 2)[1] if text.startswith("#") else text.splitlines()[0]
    anchor.write_text(text.replace(name, f"name: {yaml_quoted(MARKUP)}"), encoding="utf-8")
    assert main(["report", "--today", TODAY, "--within", "3650"]) == 0
    out = capsys.readouterr().out
    headings = [
        "Registry attention report, 26 November 2026",
        "Expiring within 3650 days",
        "Expired or edition withdrawn, still listed",
        "Needing re-verification",
    ]
    check_literal(out, headings, [MARKUP.strip()])
