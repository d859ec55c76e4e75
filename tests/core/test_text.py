"""Values shown as written in YAML terms, and counted nouns: what diff, history and report print."""

from __future__ import annotations

import pytest

from certreg.core.text import plural, show


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        ("", ""),
        ("NO", "NO"),
        ("007", "007"),
        ('Smith, "Quality" & Sons\nLtd', 'Smith, "Quality" & Sons\nLtd'),
        (["ISO 9001:2015", "ISO/IEC 27001:2022"], '["ISO 9001:2015", "ISO/IEC 27001:2022"]'),
        ({"vat": "DE123", "名前": "東京"}, '{"vat": "DE123", "名前": "東京"}'),
        ([None, True, 3], "[null, true, 3]"),
    ],
)
def test_show_writes_text_as_is_and_other_values_in_yaml_words(value: object, expected: str) -> None:
    assert show(value) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 certificates"), (1, "1 certificate"), (2, "2 certificates"), (1000, "1000 certificates")],
)
def test_plural_counts_with_the_right_noun(count: int, expected: str) -> None:
    assert plural(count, "certificate") == expected
