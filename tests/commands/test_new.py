"""`certreg new`: a record that validates, made from flags or answers, never over an existing file."""

from __future__ import annotations

import builtins
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from certreg.commands.main import build_parser, main
from certreg.load.loader import load_registry
from certreg.validate.validator import validate

FIXTURE = Path(__file__).parents[1] / "fixtures" / "maintain" / "registry-a"
TODAY = "2026-11-26"
FLAGS = [
    "--name",
    "Kvitfjell Verksted AS",
    "--country",
    "NO",
    "--city",
    "Hammerfest",
    "--certificate-number",
    "NC-Q-5001",
    "--standard",
    "ISO 9001:2015",
    "--standard",
    "ISO 14001:2015",
    "--certification-body",
    "nordcert",
    "--accredited",
    "yes",
    "--scope",
    "Repair of fishing vessels: hulls & engines",
    "--issued",
    "2026-01-15",
    "--expires",
    "2029-01-14",
    "--source",
    "https://nordcert.example/sertifikater/NC-Q-5001",
]
EXPECTED = """\
# yaml-language-server: $schema=../schema/organization.schema.json
name: Kvitfjell Verksted AS
country: NO
city: Hammerfest
certifications:
  - certificate_number: NC-Q-5001
    standards: ["ISO 9001:2015", "ISO 14001:2015"]
    certification_body: nordcert
    accredited: true
    scope: "Repair of fishing vessels: hulls & engines"
    issued: 2026-01-15
    expires: 2029-01-14
    source: https://nordcert.example/sertifikater/NC-Q-5001
    last_verified: 2026-11-26
"""


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A copy of the small fixture registry."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "registry"))


def run_new(registry: Path, *extra: str) -> int:
    return main(["new", "--registry", str(registry), "--today", TODAY, "--no-interactive", *extra])


def test_new_writes_a_record_that_validates(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_new(registry, *FLAGS) == 0
    created = registry / "organizations" / "kvitfjell-verksted.yaml"
    assert created.read_text(encoding="utf-8") == EXPECTED
    assert f"certreg: created {created}" in capsys.readouterr().err
    assert validate(load_registry(registry), date(2026, 11, 26)) == []
    assert main(["validate", "--registry", str(registry), "--today", TODAY]) == 0


def test_new_refuses_to_overwrite(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = registry / "organizations" / "fjord-fisk.yaml"
    before = existing.read_bytes()
    assert run_new(registry, *FLAGS, "--slug", "fjord-fisk") == 1
    assert existing.read_bytes() == before
    assert "fjord-fisk.yaml already exists" in capsys.readouterr().err


def test_new_without_a_terminal_names_the_missing_flags(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_new(registry, "--name", "Half Done AS", "--country", "NO") == 2
    err = capsys.readouterr().err
    assert err.startswith("certreg: missing values: --city --certificate-number --standard")
    assert sorted(path.name for path in (registry / "organizations").iterdir()) == [
        "fjord-fisk.yaml",
        "nordlys-bygg.yaml",
    ]


def test_new_leaves_no_record_that_breaks_the_registry(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flags = [*FLAGS]
    flags[flags.index("NC-Q-5001")] = "NC-Q-2001"  # already used by nordlys-bygg
    assert run_new(registry, *flags) == 1
    assert not (registry / "organizations" / "kvitfjell-verksted.yaml").exists()
    err = capsys.readouterr().err
    assert "[REG008]" in err
    assert "was not created" in err


def test_new_rejects_a_malformed_flag(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flags = [*FLAGS]
    flags[flags.index("2029-01-14")] = "14.01.2029"
    assert run_new(registry, *flags) == 2
    assert "certreg: --expires '14.01.2029': write a date as YYYY-MM-DD" in capsys.readouterr().err


def test_new_asks_for_missing_values_interactively(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(
        [
            "Nordkapp Turisme AS",  # name
            "no",  # country: rejected, asked again
            "NO",
            "Honningsvåg",  # city
            "",  # website: optional
            "NC-Q-6001",  # certificate number
            "ISO 9001:2015",  # standards, until an empty line
            "",
            "nordcert",
            "yes",
            "Guided tours",
            "2025-05-01",
            "2028-04-30",
            "https://nordcert.example/sertifikater/NC-Q-6001",
        ]
    )
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    assert main(["new", "--registry", str(registry), "--today", TODAY, "--interactive"]) == 0
    text = (registry / "organizations" / "nordkapp-turisme.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/organization.schema.json"
    assert "city: Honningsvåg\n" in text
    assert "website" not in text


def test_new_adds_a_second_certificate_with_a_status_to_an_existing_organization(
    registry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = registry / "organizations" / "kvitfjell-verksted.yaml"
    assert run_new(registry, *FLAGS) == 0
    second = ["--add-to", "kvitfjell-verksted", "--certificate-number", "NC-E-5002", "--standard", "ISO 14001:2015"]
    second += ["--certification-body", "nordcert", "--accredited", "no", "--scope", "Repair: hulls", "--issued"]
    second += ["2026-02-01", "--expires", "2029-01-31", "--source", "https://nordcert.example/s/NC-E-5002"]
    second += ["--status", "suspended", "--status-date", "2026-10-01", "--status-note", "Audit: overdue #2"]
    assert run_new(registry, *second) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith(EXPECTED)  # the first certificate and everything before it as written
    assert text[len(EXPECTED) :] == (
        "  - certificate_number: NC-E-5002\n"
        '    standards: ["ISO 14001:2015"]\n'
        "    certification_body: nordcert\n"
        "    accredited: false\n"
        '    scope: "Repair: hulls"\n'
        "    issued: 2026-02-01\n"
        "    expires: 2029-01-31\n"
        "    status: suspended\n"
        "    status_date: 2026-10-01\n"
        '    status_note: "Audit: overdue #2"\n'
        "    source: https://nordcert.example/s/NC-E-5002\n"
        "    last_verified: 2026-11-26\n"
    )
    assert f"added the certificate to {path}" in capsys.readouterr().err
    assert validate(load_registry(registry), date(2026, 11, 26)) == []


def test_adding_a_certificate_that_breaks_the_registry_restores_the_record(
    registry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = registry / "organizations" / "fjord-fisk.yaml"
    before = path.read_bytes()
    flags = [*FLAGS[FLAGS.index("--certificate-number") :], "--add-to", "fjord-fisk"]
    flags[flags.index("NC-Q-5001")] = "NC-Q-2001"  # already used by nordlys-bygg
    assert run_new(registry, *flags) == 1
    assert path.read_bytes() == before
    assert "was not changed" in capsys.readouterr().err


def test_new_with_identifiers(registry: Path) -> None:
    assert run_new(registry, *FLAGS, "--lei", "5299001ABCDEF1234567", "--vat", "NO123456789MVA") == 0
    text = (registry / "organizations" / "kvitfjell-verksted.yaml").read_text(encoding="utf-8")
    assert (
        "city: Hammerfest\nidentifiers:\n  lei: 5299001ABCDEF1234567\n  vat: NO123456789MVA\ncertifications:\n" in text
    )


def test_an_unknown_body_or_edition_is_refused_at_its_prompt(
    registry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from certreg.commands.new import command_new

    answers = iter(["Polar AS", "NO", "Alta", "", "P-1", "ISO 9001:2099", "ISO 9001:2015", "", "no-such-body"])
    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)  # asked again after the unknown body, then StopIteration ends the test

    args = build_parser().parse_args(["new", "--registry", str(registry), "--today", TODAY])
    with pytest.raises(StopIteration):
        command_new(args, read)
    err = capsys.readouterr().err
    assert (
        "'ISO 9001:2099' is not in" in err
        and "known: ISO 9001:1994, ISO 9001:2000, ISO 9001:2008, ISO 9001:2015" in err
    )
    assert "no certification body 'no-such-body'" in err
    assert [p.startswith("Certification body slug") for p in asked[-2:]] == [True, True] and len(asked) == 10


def test_end_of_input_stops_new_without_a_traceback(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from certreg.commands.new import command_new

    def read(prompt: str) -> str:
        raise EOFError

    args = build_parser().parse_args(["new", "--registry", str(registry), "--today", TODAY])
    assert command_new(args, read) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert sorted(p.name for p in (registry / "organizations").iterdir()) == ["fjord-fisk.yaml", "nordlys-bygg.yaml"]


LETTER = 'Written confirmation from nordcert: letter of 3 November 2026, "on file" #7'


def test_new_records_evidence_instead_of_a_source(registry: Path) -> None:
    flags = [*FLAGS[:-2], "--evidence", LETTER]
    assert run_new(registry, *flags) == 0
    text = (registry / "organizations" / "kvitfjell-verksted.yaml").read_text(encoding="utf-8")
    assert "source" not in text
    assert yaml.safe_load(text)["certifications"][0]["evidence"] == LETTER
    assert main(["validate", "--registry", str(registry), "--today", TODAY]) == 0


def test_new_records_evidence_beside_the_source(registry: Path) -> None:
    assert run_new(registry, *FLAGS, "--evidence", LETTER) == 0
    text = (registry / "organizations" / "kvitfjell-verksted.yaml").read_text(encoding="utf-8")
    certificate = yaml.safe_load(text)["certifications"][0]
    assert (certificate["source"], certificate["evidence"]) == (
        "https://nordcert.example/sertifikater/NC-Q-5001",
        LETTER,
    )
    assert list(certificate)[-3:] == ["source", "evidence", "last_verified"]


def test_new_without_source_or_evidence_names_both_flags(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_new(registry, *FLAGS[:-2]) == 2
    assert (
        capsys.readouterr().err
        == "certreg: missing values: --source (or --evidence) (or run in a terminal to be asked)\n"
    )


def test_a_source_flag_must_still_be_an_address(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_new(registry, *FLAGS[:-1], "a letter") == 2
    assert "certreg: --source 'a letter': write the full address" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("answers", "field", "value"),
    [
        (["https://nordcert.example/s/NC-Q-6001"], "source", "https://nordcert.example/s/NC-Q-6001"),
        (["htps://nordcert.example/s", "www.nordcert.example", LETTER], "evidence", LETTER),
    ],
    ids=["an address is the source", "a mistyped address is asked again, words are evidence"],
)
def test_the_source_prompt_takes_an_address_or_evidence(
    registry: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], answers, field, value
) -> None:
    first = ["Nordkapp Turisme AS", "NO", "Honningsvåg", "", "NC-Q-6001", "ISO 9001:2015", "", "nordcert", "yes"]
    given = iter([*first, "Guided tours", "2025-05-01", "2028-04-30", *answers])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(given))
    assert main(["new", "--registry", str(registry), "--today", TODAY, "--interactive"]) == 0
    text = (registry / "organizations" / "nordkapp-turisme.yaml").read_text(encoding="utf-8")
    certificate = yaml.safe_load(text)["certifications"][0]
    assert certificate[field] == value
    assert {"source", "evidence"} - set(certificate) == {"source", "evidence"} - {field}
    assert capsys.readouterr().err.count("write the full address") == len(answers) - 1
