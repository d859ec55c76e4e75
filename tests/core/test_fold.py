"""Folding: what users type without accents finds names with them, the same in Python and JS."""

# ruff: noqa: RUF001 -- the look-alike letters are the point of these tests

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from certreg.core.fold import LEGAL_FORMS, fold, name_terms, normalize_certificate_number, slugify, tokenize

ROOT = Path(__file__).resolve().parents[2]
FOLD_JS = ROOT / "theme" / "static" / "js" / "fold.js"

# Real organization and place names in many scripts and languages.
REAL_NAMES = [
    "Müller Maschinenbau GmbH",
    "Société Générale S.A.",
    "Bäckerei Straße & Söhne KG",
    "GROSSHANDEL STRAẞE",
    "Ålesund Fiskeri AS",
    "Café de l'Opéra",
    "Øresundsbro Konsortiet",
    "Æbeltoft Glasværk A/S",
    "Kraków Zakłady Łódź Sp. z o.o.",
    "Türk Hava Yolları A.O.",
    "İstanbul Iğdır Işık Şirketi",
    "DIYARBAKIR İNŞAAT",
    "Þórsmörk ehf.",
    "Đà Nẵng Điện lực",
    "Œuvres Hospitalières Françaises",
    "Saint-Étienne Métropole",
    "Škoda Auto a.s.",
    "Fundação Calouste Gulbenkian",
    "Nestlé España S.A.",
    "Hyundai Motor Company (현대자동차)",
    "Toyota Jidōsha Kabushiki-gaisha トヨタ自動車",
    "Ελληνικά Πετρέλαια Α.Ε.",
    "ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ",
    "Газпром нефть ПАО",
    "Ёлка Групп",
    "O’Brien & Sons Ltd.",
    "McDonald's Deutschland Inc.",
    "Ørsted A/S",
    "Dansk Ølbryggeri",
    "Sørlandet Sykehus HF",
    "Citroën Automobiles",
    "Zürich Versicherungs-Gesellschaft AG",
    "Björn Borg AB",
    "Łukasiewicz Instytut",
    "Tiếng Việt Công ty TNHH",
    "S.p.A. Ferrari N.V.",
    "Ħal Far Industrial Estate",
    "ﬁnanz & Co",
    "Ｆｕｌｌｗｉｄｔｈ Ｃｏｒｐ",
    "Vingt-et-un ½ Café",
]


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("muller", "Müller"),
        ("societe generale", "Société Générale"),
        ("strasse", "Straße"),
        ("strasse", "STRAẞE"),
        ("aebeltoft", "Æbeltoft"),
        ("orsted", "Ørsted"),
        ("lodz", "Łódź"),
        ("istanbul", "İstanbul"),
        ("igdir", "Iğdır"),
        ("diyarbakir", "DIYARBAKIR"),
        ("thorsmork", "Þórsmörk"),
        ("da nang", "Đà Nẵng"),
        ("oeuvres", "Œuvres"),
        ("alesund", "Ålesund"),
        ("cafe", "Café"),
    ],
)
def test_unaccented_query_folds_like_the_name(typed: str, name: str) -> None:
    assert tokenize(typed) == tokenize(name)


def test_fold_keeps_non_latin_letters_and_drops_their_marks() -> None:
    assert tokenize("Ёлка ΟΔΟΣ") == ["елка", "οδοσ"]


def test_legal_forms_join_and_drop_from_names() -> None:
    assert tokenize("Société Générale S.A.") == ["societe", "generale", "sa"]
    assert tokenize("Ørsted A/S") == ["orsted", "as"]
    assert name_terms("Müller Maschinenbau GmbH") == ["muller", "maschinenbau"]
    assert name_terms("S.p.A. Ferrari N.V.") == ["ferrari"]
    assert {"gmbh", "ltd", "inc", "sa", "ag", "srl", "spa", "bv", "llc", "plc"} <= LEGAL_FORMS


def test_name_of_only_legal_forms_keeps_its_words() -> None:
    assert name_terms("AG & Co. KG") == ["ag", "co", "kg"]


def test_apostrophes_join_words() -> None:
    assert tokenize("O’Brien & Sons, McDonald's") == ["obrien", "sons", "mcdonalds"]


@pytest.mark.parametrize(
    ("written", "pasted"),
    [
        ("DE-QM 123/2024.01", "de qm 123 2024 01"),
        ("Q1 123 456", "q1-123-456"),
        ("ABC/12.345", "abc 12 345"),
    ],
)
def test_certificate_numbers_ignore_case_and_separators(written: str, pasted: str) -> None:
    assert normalize_certificate_number(written) == normalize_certificate_number(pasted)


def test_fold_is_idempotent() -> None:
    for name in REAL_NAMES:
        assert fold(fold(name)) == fold(name)


def test_python_and_javascript_fold_agree_on_real_names() -> None:
    node = shutil.which("node")
    assert node, "Node.js is required (it also runs `npm ci`)"
    script = (
        f"import {{fold, tokenize, normalizeCertificateNumber}} from {json.dumps(FOLD_JS.as_uri())};"
        "import {readFileSync} from 'node:fs';"
        "const names = JSON.parse(readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(names.map("
        "n => [fold(n), tokenize(n), normalizeCertificateNumber(n)])));"
    )
    result = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=json.dumps(REAL_NAMES),
        capture_output=True,
        text=True,
        check=True,
    )
    expected = [[fold(n), tokenize(n), normalize_certificate_number(n)] for n in REAL_NAMES]
    assert json.loads(result.stdout) == expected


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Dreßler & Łódź Sp. z o.o.", "dressler-lodz-sp-z-o-o"),
        ("Ærø Vindenergi ApS", "aero-vindenergi-aps"),
        ("İzmir Işık Elektrik", "izmir-isik-elektrik"),
        ("DE-12345/QM", "de-12345-qm"),
    ],
)
def test_slugs_transliterate_letters_without_a_decomposition(text: str, slug: str) -> None:
    assert slugify(text) == slug
