"""The one list of column headers: Python reads it, the list check imports the generated module."""

from pathlib import Path

from certreg.core.headers import header_field, header_lists, headers_js

ROOT = Path(__file__).resolve().parents[2]


def test_the_check_pages_module_is_generated_from_the_json_file():
    committed = (ROOT / "theme/static/js/check-headers.js").read_text(encoding="utf-8")
    assert committed == headers_js(), "run: python -m certreg.core.headers > theme/static/js/check-headers.js"


def test_headers_are_folded_like_names():
    assert header_field("Cert. No.") == "certificate"
    assert header_field("Date d'émission") == "issued"
    assert header_field("GÜLTIG BIS") == "expires"
    assert header_field("Certification body") == "certification_body"
    assert header_field("Certification") == "standard"
    assert header_field("Notes") == ""


def test_no_header_names_two_fields():
    seen: dict[str, str] = {}
    for field, names in header_lists().items():
        for name in names:
            assert seen.setdefault(name, field) == field, name
            assert header_field(name) == field
