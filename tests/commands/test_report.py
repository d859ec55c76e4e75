"""`certreg report`: what needs a maintainer's attention at a fixed date, exactly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from certreg.commands.main import main

FIXTURE = Path(__file__).parents[1] / "fixtures" / "maintain" / "registry-report"
EXPECTED = """\
# Registry attention report, 26 November 2026

- 1 certificate expiring within 90 days
- 2 certificates expired or edition-withdrawn and still listed
- 1 certificate needing re-verification (last checked more than 400 days ago)

## Expiring within 90 days

| expires | in | certificate | organization |
| --- | --- | --- | --- |
| 2026-11-30 | 4 days | `NC-Q-2001` (nordcert) | `Nordlys Bygg AS` (`registry/organizations/nordlys-bygg.yaml`) |

## Expired or edition withdrawn, still listed

| status | since | certificate | organization |
| --- | --- | --- | --- |
| Not valid: edition withdrawn | 2025-10-31 | `NC-I-4001` (nordcert) | `Vinter Data AS` (`registry/organizations/vinter-data.yaml`) |
| Expired | 2026-05-31 | `NC-Q-4002` (nordcert) | `Vinter Data AS` (`registry/organizations/vinter-data.yaml`) |

## Needing re-verification

| last verified | days ago | certificate | organization | source |
| --- | --- | --- | --- | --- |
| 2025-06-01 | 543 | `NC-Q-2001` (nordcert) | `Nordlys Bygg AS` (`registry/organizations/nordlys-bygg.yaml`) | \
<https://nordcert.example/sertifikater/NC-Q-2001> |
"""


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the report fixture as ./registry, so paths in the report are stable."""
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copytree(FIXTURE, tmp_path / "registry"))


def report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["report", "--today", "2026-11-26", *args])
    return code, capsys.readouterr().out


def test_markdown_at_a_fixed_date(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(capsys) == (0, EXPECTED)


def test_the_window_narrows_the_expiring_list(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = report(capsys, "--within", "3")
    assert "- 0 certificates expiring within 3 days\n" in out
    assert "## Expiring within 3 days\n\nNone.\n" in out


def test_json_has_the_same_lists(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = report(capsys, "--format", "json", "--within", "200")
    document = json.loads(out)
    assert code == 0
    assert [e["certificate_number"] for e in document["expiring"]] == ["NC-Q-2001", "NC-E-1002"]
    assert [e["certificate_number"] for e in document["expired_or_edition_withdrawn"]] == ["NC-I-4001", "NC-Q-4002"]
    assert document["needs_reverification"][0]["days_since_verified"] == 543
    assert document["notes"] == []


def test_a_broken_record_is_noted_not_fatal(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (registry / "organizations" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    code, out = report(capsys)
    assert code == 0
    assert "| 2026-11-30 | 4 days | `NC-Q-2001` (nordcert)" in out
    assert out.endswith(
        "## Notes\n\n- the registry has 1 error in 1 file (run `certreg validate`); "
        "effective statuses leave those files out\n"
    )


def test_a_bad_window_is_a_usage_error(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--within", "-5"])
    assert exit_info.value.code == 2
    assert "is not a whole number of days" in capsys.readouterr().err


CONFIG = """schema_version: 2
expiring_soon_days: {days}
site:
  name: Register
operator:
  name: Verband
  contact: mailto:register@verband.example
links:
  source_repository: https://git.verband.example/register
  report_error: mailto:fehler@verband.example
"""


def test_the_window_comes_from_the_configuration_file(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The expiring certificates are 4 and 183 days away: a window of 3 from certreg.yaml lists neither.
    (registry.parent / "certreg.yaml").write_text(CONFIG.format(days=3), encoding="utf-8")
    _, out = report(capsys)
    assert "## Expiring within 3 days\n\nNone.\n" in out
    (registry.parent / "certreg.yaml").write_text(CONFIG.format(days=200), encoding="utf-8")
    code, out = report(capsys, "--format", "json")
    assert (code, json.loads(out)["within_days"]) == (0, 200)
    assert [e["certificate_number"] for e in json.loads(out)["expiring"]] == ["NC-Q-2001", "NC-E-1002"]


def test_within_wins_over_the_configuration_file(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (registry.parent / "certreg.yaml").write_text(CONFIG.format(days=3), encoding="utf-8")
    _, out = report(capsys, "--within", "90")
    assert "| 2026-11-30 | 4 days | `NC-Q-2001` (nordcert)" in out


def test_a_broken_configuration_file_stops_the_report(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (registry.parent / "certreg.yaml").write_text(CONFIG.format(days="soon"), encoding="utf-8")
    code = main(["report", "--today", "2026-11-26"])
    captured = capsys.readouterr()
    assert (code, captured.out) == (1, "")
    assert "certreg.yaml:2" in captured.err
    assert "expiring_soon_days" in captured.err
    assert "give --within" in captured.err


def test_evidence_is_shown_beside_or_instead_of_the_source(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = registry / "organizations" / "nordlys-bygg.yaml"
    text = record.read_text(encoding="utf-8")
    source = next(line for line in text.splitlines() if line.strip().startswith("source:"))
    record.write_text(text.replace(source + "\n", '    evidence: "Letter | of 3 November `2026`"\n'), encoding="utf-8")
    _, out = report(capsys)
    assert "| evidence: `` Letter \\| of 3 November `2026` `` |\n" in out
    assert "nordcert.example/sertifikater/NC-Q-2001" not in out
