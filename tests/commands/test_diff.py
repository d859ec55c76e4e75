"""`certreg diff`: two fixture registries committed in a temporary git repository, compared exactly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from certreg.commands.main import main
from tests.git_fixture import git, init_repo

FIXTURES = Path(__file__).parents[1] / "fixtures" / "maintain"
TODAY = "2026-11-26"
EXPECTED_MARKDOWN = """\
## Registry changes: `base` → `working tree`

Statuses at 2026-11-26. 1 organization added, 0 removed · 1 certificate added, 1 removed · 4 fields changed · \
1 status change.

### Organizations added

| organization | name | country | certificates |
| --- | --- | --- | --- |
| `polar-maskin` | `Polar Maskin AS` | `NO` | 1 |

### Certificates added

| certification body | certificate | organization | standards | status | source |
| --- | --- | --- | --- | --- | --- |
| `nordcert` | `NC-Q-3001` | `polar-maskin` | `ISO 9001:2015` | Valid | `https://nordcert.example/sertifikater/NC-Q-3001` |

### Certificates removed

| certification body | certificate | organization | standards | status before | source |
| --- | --- | --- | --- | --- | --- |
| `nordcert` | `NC-E-1002` | `fjord-fisk` | `ISO 14001:2015` | Valid | `https://nordcert.example/sertifikater/NC-E-1002` |

### Fields changed

| record | field | old | new |
| --- | --- | --- | --- |
| organization `nordlys-bygg` | `city` | `Tromsø` | `Bodø` |
| certificate `nordcert NC-Q-1001` | `last_verified` | `2026-10-01` | `2026-11-20` |
| certificate `nordcert NC-Q-1001` | `status` | *absent* | `suspended` |
| certificate `nordcert NC-Q-1001` | `status_date` | *absent* | `2026-11-02` |

### Sources of the changed certificates

| certificate | source |
| --- | --- |
| `nordcert` `NC-Q-1001` | `https://nordcert.example/sertifikater/NC-Q-1001` |

### Status changes at 2026-11-26

| certificate | organization | before | after |
| --- | --- | --- | --- |
| `nordcert` `NC-Q-1001` | `fjord-fisk` | Valid | Suspended |
"""


def put(repo: Path, fixture: str) -> None:
    """Make `repo/registry` an exact copy of a fixture registry."""
    shutil.rmtree(repo / "registry", ignore_errors=True)
    shutil.copytree(FIXTURES / fixture, repo / "registry")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose commit tagged `base` holds registry A and whose working tree holds registry B."""
    init_repo(tmp_path, monkeypatch)
    put(tmp_path, "registry-a")
    git(tmp_path, "add", "registry")
    git(tmp_path, "commit", "--quiet", "-m", "registry A")
    git(tmp_path, "tag", "base")
    put(tmp_path, "registry-b")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args, "--today", TODAY])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_markdown_against_the_working_tree(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_diff(capsys, "base", "--format", "markdown")
    assert code == 0
    assert out == EXPECTED_MARKDOWN


def test_two_revisions_give_the_same_markdown(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "add", "--all", "registry")
    git(repo, "commit", "--quiet", "-m", "registry B")
    code, out, _ = run_diff(capsys, "base", "HEAD", "--format", "markdown")
    assert code == 0
    assert out == EXPECTED_MARKDOWN.replace("`working tree`", "`HEAD`")


def test_json_lists_the_same_changes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_diff(capsys, "base", "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert document["certificates"]["removed"] == [
        {
            "certification_body": "nordcert",
            "certificate_number": "NC-E-1002",
            "organization": "fjord-fisk",
            "standards": ["ISO 14001:2015"],
            "effective_status": "valid",
            "source": "https://nordcert.example/sertifikater/NC-E-1002",
            "evidence": None,
        }
    ]
    assert document["changed_sources"] == [
        {
            "certification_body": "nordcert",
            "certificate_number": "NC-Q-1001",
            "source": "https://nordcert.example/sertifikater/NC-Q-1001",
            "evidence": None,
        }
    ]
    assert document["status_changes"] == [
        {
            "certification_body": "nordcert",
            "certificate_number": "NC-Q-1001",
            "organization": "fjord-fisk",
            "before": "valid",
            "after": "suspended",
        }
    ]
    assert {"record": "organization", "key": "nordlys-bygg", "field": "city", "old": "Tromsø", "new": "Bodø"} in (
        document["changes"]
    )


def test_a_deleted_file_shows_its_certificates_as_removed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "registry" / "organizations" / "nordlys-bygg.yaml").unlink()
    _, out, _ = run_diff(capsys, "base")
    assert "- organization nordlys-bygg: Nordlys Bygg AS\n" in out
    assert (
        "- certificate nordcert NC-Q-2001 (nordlys-bygg), source https://nordcert.example/sertifikater/NC-Q-2001\n"
        in out
    )
    assert "  source of nordcert NC-Q-1001: https://nordcert.example/sertifikater/NC-Q-1001\n" in out


def test_a_broken_side_is_still_compared(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "registry" / "organizations" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    code, out, _ = run_diff(capsys, "base", "--format", "markdown")
    assert code == 0
    assert "| `nordcert` `NC-Q-1001` | `fjord-fisk` | Valid | Suspended |" in out
    assert out.endswith(
        "### Notes\n\n- working tree: the registry has 1 error in 1 file (run `certreg validate`); "
        "effective statuses leave those files out\n"
    )


def test_no_changes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(repo, "registry-a")
    _, out, _ = run_diff(capsys, "base", "--format", "markdown")
    assert out == (
        "## Registry changes: `base` → `working tree`\n\nNo changes to organizations, certificates or "
        "certification bodies.\n"
    )


def test_an_unknown_revision_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_diff(capsys, "no-such-revision")
    assert (code, out) == (2, "")
    assert err.startswith("certreg: 'no-such-revision' is not a commit")


def test_a_registry_outside_git_is_a_usage_error_naming_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FIXTURES / "registry-a", tmp_path / "registry")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    code, out, err = run_diff(capsys, "HEAD")
    assert (code, out) == (2, "")
    assert err.startswith("certreg: git rev-parse failed: ") and "not a git repository" in err


NASTY_EVIDENCE = "Letter | of `3` November <b>2026</b>"


def give_evidence(repo: Path, slug: str, number: str, keep_source: bool) -> None:
    """Give a certificate of the working tree an evidence line, with or without its source."""
    path = repo / "registry" / "organizations" / f"{slug}.yaml"
    source = f"    source: https://nordcert.example/sertifikater/{number}\n"
    evidence = f"    evidence: {json.dumps(NASTY_EVIDENCE)}\n"
    text = path.read_text(encoding="utf-8")
    assert source in text
    path.write_text(text.replace(source, (source if keep_source else "") + evidence), encoding="utf-8")


def test_evidence_is_shown_like_the_source(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    give_evidence(repo, "polar-maskin", "NC-Q-3001", keep_source=False)
    give_evidence(repo, "fjord-fisk", "NC-Q-1001", keep_source=True)
    _, out, _ = run_diff(capsys, "base", "--format", "markdown")
    cell = "``Letter \\| of `3` November <b>2026</b>``"
    assert "| `nordcert` | `NC-Q-3001` | `polar-maskin` | `ISO 9001:2015` | Valid | *absent* | " + cell + " |\n" in out
    assert "| certification body | certificate | organization | standards | status before | source |\n" in out
    assert "| `nordcert` `NC-Q-1001` | `https://nordcert.example/sertifikater/NC-Q-1001` | " + cell + " |\n" in out
    assert "| certificate | source | evidence |\n" in out
    _, out, _ = run_diff(capsys, "base", "--format", "json")
    document = json.loads(out)
    assert document["certificates"]["added"][0]["evidence"] == NASTY_EVIDENCE
    assert document["certificates"]["added"][0]["source"] is None
    assert document["changed_sources"][0]["evidence"] == NASTY_EVIDENCE
    assert {
        "record": "certificate",
        "key": "nordcert NC-Q-1001",
        "field": "evidence",
        "old": None,
        "new": NASTY_EVIDENCE,
    } in (document["changes"])
    _, out, _ = run_diff(capsys, "base")
    assert f"+ certificate nordcert NC-Q-3001 (polar-maskin), evidence {NASTY_EVIDENCE}\n" in out
    assert (
        f"  source of nordcert NC-Q-1001: https://nordcert.example/sertifikater/NC-Q-1001; evidence: {NASTY_EVIDENCE}\n"
        in out
    )
