"""Organization records read tolerantly: the same certificates, keys and changed fields for rules, history and diff."""

from __future__ import annotations

from typing import Any

import pytest

from certreg.load.records import (
    FieldChange,
    certificate_key,
    certificates_by_key,
    changed_fields,
    indexed_certificates,
)

LONG_NAME = "Société Coopérative « Les Ateliers Réunis » — Fabrication, montage et maintenance\n\nDeuxième paragraphe."


@pytest.mark.parametrize("record", [None, "text", [], {}, {"certifications": None}, {"certifications": "TC-1"}])
def test_a_record_without_a_list_of_certificates_has_none(record: Any) -> None:
    assert list(indexed_certificates(record)) == []
    assert certificates_by_key(record) == {}


def test_malformed_entries_are_skipped_and_the_others_keep_their_index() -> None:
    first = {"certification_body": "nordcert", "certificate_number": "NC-1"}
    last = {"certification_body": "nordcert", "certificate_number": "NC-2"}
    record = {"certifications": [first, "NC-9", None, ["x"], last]}
    assert list(indexed_certificates(record)) == [(0, first), (4, last)]


@pytest.mark.parametrize(
    ("certificate", "key"),
    [
        ({"certification_body": "nordcert", "certificate_number": "NC-Q-1001"}, ("nordcert", "NC-Q-1001")),
        ({"certification_body": "sakura", "certificate_number": 7}, ("sakura", "7")),
        ({"certification_body": "sakura", "certificate_number": "認証-123"}, ("sakura", "認証-123")),
        ({"certificate_number": "ABC"}, ("None", "ABC")),
    ],
)
def test_the_key_is_body_and_number_as_text(certificate: dict[str, Any], key: tuple[str, str]) -> None:
    assert certificate_key(certificate) == key


def test_certificates_sharing_a_long_prefix_keep_their_own_keys() -> None:
    numbers = ["DE-12345-QM-2024-0001", "DE-12345-QM-2024-00010", "DE-12345-QM-2024-0001 "]
    record = {"certifications": [{"certification_body": "b", "certificate_number": n} for n in numbers]}
    assert list(certificates_by_key(record)) == [("b", n) for n in numbers]


def test_of_two_certificates_with_one_key_the_later_is_kept() -> None:
    record = {"certifications": [{"certification_body": "b", "certificate_number": "1", "scope": s} for s in "xy"]}
    assert certificates_by_key(record)[("b", "1")]["scope"] == "y"


def test_changed_fields_are_sorted_with_absent_as_none_and_skipped_fields_left_out() -> None:
    old = {"name": "Ærø ApS", "city": "Ærøskøbing", "website": "https://a.example", "certifications": [1]}
    new = {"name": LONG_NAME, "city": "Ærøskøbing", "address": "Vestergade 1", "certifications": [2]}
    assert changed_fields(old, new, frozenset({"certifications"})) == [
        FieldChange("address", None, "Vestergade 1"),
        FieldChange("name", "Ærø ApS", LONG_NAME),
        FieldChange("website", "https://a.example", None),
    ]


def test_values_are_compared_as_written() -> None:
    old = {"country": "NO", "sectors": ["17", "18"], "accredited": "true"}
    new = {"country": "NO", "sectors": ["18", "17"], "accredited": True}
    assert [change.field for change in changed_fields(old, new)] == ["accredited", "sectors"]


def test_an_empty_value_differs_from_an_absent_one() -> None:
    assert changed_fields({}, {"website": ""}) == [FieldChange("website", None, "")]
