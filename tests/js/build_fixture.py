"""Write the search index of tests/fixtures/search for the engine's Node tests (tests/js/).

    .venv/bin/python tests/js/build_fixture.py OUT

writes OUT/one-shard/search/… (the index as the build writes it), OUT/many-shards/search/… (the same
registry in many small shards and frequent-term sets, as a large registry has) and OUT/expected.json
(values computed by the Python side that the JavaScript side must reproduce).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import certreg.render.search.keyed as search_keyed
import certreg.render.search.shards as search_shards
from certreg.core.fold import normalize_certificate_number
from certreg.enrich.site import enrich
from certreg.load.loader import load_registry
from certreg.render.search.encoding import encode_set, string_hash

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "search"
TODAY = date(2026, 11, 26)
HASHED = ["", "agencyamazonew", "deq2024081501", "Ålesund", "成都", "20250417"]
SETS = [[], [0], [0, 1, 2, 3], [5, 7, 11, 13]]
SMALL = {"SHARD_POSTINGS": 6, "FREQUENT_MIN_DOCS": 3, "FREQUENT_FRACTION": 1}


def write(site: object, out: Path) -> None:
    """Every search file of the site under out."""
    for name, text in search_keyed.search_files(site):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main(out: Path) -> int:
    """Build both variants and the expected values."""
    site = enrich(load_registry(FIXTURE), TODAY)
    write(site, out / "one-shard")
    saved = {name: getattr(search_shards, name) for name in SMALL}
    for name, value in SMALL.items():
        setattr(search_shards, name, value)
    try:
        write(site, out / "many-shards")
    finally:
        for name, value in saved.items():
            setattr(search_shards, name, value)
    expected = {
        "hashes": {text: string_hash(text) for text in HASHED},
        "sets": [{"ids": ids, "count": 16, "text": encode_set(ids, 16)} for ids in SETS],
        "numbers": {
            cert["certificate_number"]: normalize_certificate_number(cert["certificate_number"])
            for org in site.organizations
            for cert in org["certifications"]
        },
    }
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
