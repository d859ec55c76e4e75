"""The search index: folded terms, certificate numbers, shards, sets, and findability by name."""
# ruff: noqa: RUF001 -- names with look-alike letters are what these tests are about

from __future__ import annotations

import base64
import dataclasses
import json
import random
import shutil
import subprocess
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from lunr.builder import Builder

import certreg.enrich.status as status
import certreg.render.search.index as search_index
import certreg.render.search.shards as search_shards
from certreg.core.fold import name_terms, normalize_certificate_number, tokenize
from certreg.core.i18n import translator
from certreg.enrich.site import enrich
from certreg.enrich.status import STATUS_TABLE
from certreg.load.loader import load_registry
from certreg.render.search.encoding import encode_set, string_hash
from certreg.render.search.index import (
    certificate_terms,
    document_terms,
    filter_options,
    lunr_js_source,
    ordered_organizations,
)
from certreg.render.search.keyed import search_files

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "tests" / "fixtures" / "search"
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def fixture_site() -> Any:
    return enrich(load_registry(FIXTURE), TODAY)


@pytest.fixture
def tiny_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many small shards and many frequent-term sets, as a large registry has."""
    monkeypatch.setattr(search_shards, "SHARD_POSTINGS", 12)
    monkeypatch.setattr(search_shards, "FREQUENT_MIN_DOCS", 3)
    monkeypatch.setattr(search_shards, "FREQUENT_FRACTION", 1)


def synthetic_site(count: int, seed: int = 7, number: str = "QC-{i:05d}/{r}") -> SimpleNamespace:
    """A site of `count` organizations built from the enriched-data contract by hand.

    `number` formats certificate numbers from `i` (the organization) and `r` (random, 10-99).
    """
    rng = random.Random(seed)
    words = [
        "Müller",
        "Société",
        "Générale",
        "Ålesund",
        "Straße",
        "Øster",
        "Łódź",
        "İzmir",
        "Þór",
        "Nord",
        "Süd",
        "Alpha",
        "Beta",
    ]
    words += [
        "Zürich",
        "Çelik",
        "Ærø",
        "Dvořák",
        "Peña",
        "Kraków",
        "Gdańsk",
        "Citroën",
        "Škoda",
        "Bjørn",
        "Håkon",
        "Tiếng",
    ]
    forms = ["GmbH", "S.A.", "Ltd", "A/S", "Sp. z o.o.", "AG", ""]
    cities = ["München", "São Paulo", "Genève", "Reykjavík", "Istanbul"]
    statuses = ["valid", "expired", "suspended", "expiring_soon", "withdrawn"]
    standards = [("ISO 9001", "iso-9001"), ("ISO 14001", "iso-14001"), ("ISO/IEC 27001", "iso-iec-27001")]
    organizations = []
    for i in range(count):
        name = f"{rng.choice(words)} {rng.choice(words)} {i:04d}x {rng.choice(forms)}".strip()
        code, slug = rng.choice(standards)
        status = rng.choice(statuses)
        cert = {
            "certificate_number": number.format(i=i, r=rng.randint(10, 99)),
            "certification_body": "test-cert",
            "certification_body_name": "Test Cert GmbH",
            "scope": rng.choice(["Design of hydraulic pumps", "Welding of steel", "Baking of bread"]),
            "standard_refs": [{"code": code, "edition": "2015", "ref": code, "code_slug": slug}],
            "effective_status": status,
            "status_label": status,
            "url": f"certificates/test-cert/qc-{i:05d}/",
            "slug": f"qc-{i:05d}",
        }
        organizations.append(
            {
                "slug": f"org-{i:05d}",
                "name": name,
                "trading_names": [f"Trade {i:04d}y"] if i % 5 == 0 else [],
                "city": rng.choice(cities),
                "country": "DE",
                "country_name": "Germany",
                "url": f"organizations/org-{i:05d}/",
                "certifications": [cert],
            }
        )
    return SimpleNamespace(
        organizations=organizations,
        certification_bodies={"test-cert": {"name": "Test Cert GmbH"}},
        standards=[{"code": code, "code_slug": slug, "title": code} for code, slug in standards],
        statuses=STATUS_TABLE,
    )


def build(site: Any) -> dict[str, str]:
    return dict(search_files(site))


def shards(files: dict[str, str]) -> list[dict[str, Any]]:
    manifest = json.loads(files["search/manifest.json"])
    return [json.loads(files[f"search/shards/{i}.json"]) for i in range(len(manifest["shards"]))]


def decode_set(text: str, count: int) -> set[int]:
    text = text.split("\n")[0]
    if text[0] == "b":
        raw = base64.b64decode(text[1:])
        return {i for i in range(count) if raw[i >> 3] & (1 << (i & 7))}
    ids, current = set(), -1
    for gap in filter(None, text[1:].split(",")):
        current += int(gap, 36)
        ids.add(current)
    return ids


class Lookup:
    """Finds whole words in built search files as search.js does: shard postings or a set."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files
        self.manifest = json.loads(files["search/manifest.json"])
        self.shards = shards(files)
        self.sets: dict[int, set[int]] = {}

    def __call__(self, term: str) -> set[int]:
        starts = self.manifest["shards"]
        shard = self.shards[max(i for i, start in enumerate(starts) if start <= term)]
        found: set[int] = set()
        for word, posting in shard["invertedIndex"]:
            if word == term:
                for field, refs in posting.items():
                    if field != "_index":
                        found |= {int(ref) for ref in refs}
        for word, _, set_id in shard["certreg"]:
            if word == term:
                found |= self.frequent(set_id)
        return found

    def frequent(self, set_id: int) -> set[int]:
        if set_id not in self.sets:
            text = self.files[f"search/sets/t{set_id}.txt"]
            self.sets[set_id] = decode_set(text, self.manifest["count"])
        return self.sets[set_id]


# --- terms ---------------------------------------------------------------------------------------


def test_certificate_number_terms_are_the_whole_number_and_its_long_digit_parts() -> None:
    assert certificate_terms("DE-Q 2024/0815.01") == ["deq2024081501", "2024", "0815"]
    assert certificate_terms("NC-1002") == ["nc1002", "1002"]
    assert certificate_terms("12345") == ["12345"]


def test_pasted_certificate_number_normalizes_like_the_record() -> None:
    assert normalize_certificate_number(" de-q-2024 / 0815.01 ") == "deq2024081501"


def test_document_terms_fold_names_and_drop_legal_forms(fixture_site: Any) -> None:
    org = next(o for o in fixture_site.organizations if o["slug"] == "mueller-praezision")
    terms = document_terms(org, fixture_site.certification_bodies)
    assert terms["n"] == ["muller", "prazisionstechnik", "mueller", "precision"]
    assert terms["k"] == ["deq2024081501", "2024", "0815"]
    assert {"munchen", "de", "germany", "nordic", "cert", "zertifizierung"} <= set(terms["o"])
    assert {"machining", "hydraulic", "valve", "bodies"} <= set(terms["s"])
    assert "of" not in terms["s"]


def test_standards_and_statuses_are_filters_not_terms(fixture_site: Any) -> None:
    words = {word for shard in shards(build(fixture_site)) for word, _ in shard["invertedIndex"]}
    assert not {"iso", "9001", "45001", "valid", "suspended", "withdrawn", "gmbh", "sa"} & words
    assert {"muller", "societe", "hydraulic", "deq2024081501"} <= words


def test_certificate_numbers_of_every_shape_are_one_term(fixture_site: Any) -> None:
    cases = {
        "AGENCYAMAZONEW": "agencyamazonew",
        "20250417": "20250417",
        "QMS 2024 117 A": "qms2024117a",
        "DE/QM/4411": "deqm4411",
        "Q.2024.0093": "q20240093",
    }
    for number, whole in cases.items():
        assert certificate_terms(number)[0] == whole
        assert normalize_certificate_number(number.lower().replace(" ", "-")) == whole


def test_an_organization_without_a_city_shows_and_indexes_no_city() -> None:
    site = synthetic_site(40)
    for org in site.organizations[:5]:
        del org["city"]
    files = build(site)
    assert not any("None" in text or "none" in text.split('"') for text in files.values())
    rows = [row for path, text in files.items() if path.startswith("search/data/") for row in json.loads(text)]
    cityless = [row for row in rows if row[0] in {org["name"] for org in site.organizations[:5]}]
    assert len(cityless) == 5 and all(row[1] == "" for row in cityless)


def test_status_labels_in_the_index_come_from_the_status_table(
    fixture_site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tuple(
        dataclasses.replace(s, label="Currently valid") if s.id == "valid" else s for s in status.STATUS_TABLE
    )
    monkeypatch.setattr(status, "STATUS_TABLE", table)
    monkeypatch.setattr(fixture_site, "statuses", table)  # the site's table, as enrich words it
    manifest = json.loads(build(fixture_site)["search/manifest.json"])
    assert manifest["statuses"] == [[s.id, s.label, s.slug] for s in table]
    assert {"value": "valid", "label": "Currently valid"} in filter_options(fixture_site)["statuses"]


def test_status_labels_in_the_index_are_in_the_sites_language(
    fixture_site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    german = translator("de")
    monkeypatch.setattr(fixture_site, "statuses", tuple(reversed(status.localized_table(german))))
    manifest = json.loads(build(fixture_site)["search/manifest.json"])
    # In the order of STATUS_TABLE, whatever order the site holds them in: rows number statuses by it.
    assert [row[0] for row in manifest["statuses"]] == [s.id for s in status.STATUS_TABLE]
    labels = {row[0]: row[1] for row in manifest["statuses"]}
    assert labels["suspended"] == "Ausgesetzt" and labels["withdrawn"] == "Zurückgezogen"


# --- sharding ------------------------------------------------------------------------------------


def shard_postings(shard: dict[str, Any]) -> int:
    """lunr postings in one serialized shard: (term, field, document) triples."""
    return sum(
        len(refs) for _, posting in shard["invertedIndex"] for field, refs in posting.items() if field != "_index"
    )


@pytest.mark.parametrize("number", ["QC-{i:05d}/{r}", "SYN-{i:07d}-0", "CERTIFICATE-OF-REGISTRATION-{i:07d}"])
def test_every_shard_is_bounded_whatever_prefix_the_numbers_share(number: str, tiny_shards: None) -> None:
    """One certification body's numbering: every number shares a long prefix, yet no shard holds them all."""
    files = build(synthetic_site(300, number=number))
    for shard in shards(files):
        # a shard over the bound is one term (below the frequent-term threshold, so itself bounded)
        assert shard_postings(shard) <= search_shards.SHARD_POSTINGS or len(shard["invertedIndex"]) == 1
    numbers = [word for shard in shards(files) for word, posting in shard["invertedIndex"] if posting["k"]]
    assert len(numbers) >= 300


def test_terms_are_sharded_by_leading_characters(tiny_shards: None) -> None:
    files = build(synthetic_site(300))
    starts = json.loads(files["search/manifest.json"])["shards"]
    assert len(starts) > 10
    assert starts == sorted(starts) and starts[0] == ""
    for number, shard in enumerate(shards(files)):
        upper = starts[number + 1] if number + 1 < len(starts) else None
        for word, _ in shard["invertedIndex"]:
            assert starts[number] <= word and (upper is None or word < upper)


def test_shards_stay_small_and_frequent_terms_become_sets(tiny_shards: None) -> None:
    files = build(synthetic_site(300))
    sizes = [len(json.dumps(shard["invertedIndex"])) for shard in shards(files)]
    frequent = [entry for shard in shards(files) for entry in shard["certreg"]]
    assert frequent, "frequent terms go to sets"
    assert max(sizes) < 20 * sorted(sizes)[len(sizes) // 2]
    assert all(f"search/sets/t{set_id}.txt" in files for _, _, set_id in frequent)


def test_output_is_deterministic_and_compact(fixture_site: Any) -> None:
    first, second = build(fixture_site), build(fixture_site)
    assert first == second
    assert all("\n" not in text for path, text in first.items() if path.endswith(".json"))
    assert all(text.count("\n") == 1 for path, text in first.items() if path.endswith(".txt"))
    assert all(not path.startswith("/") and path.startswith("search/") for path in first)


class RoundedBuilder(Builder):
    """lunr.py's own builder, with each field's average length rounded as the shards round it."""

    def _calculate_average_field_lengths(self) -> None:
        super()._calculate_average_field_lengths()
        for field, average in self.average_field_length.items():
            self.average_field_length[field] = float(f"{average:.{search_shards.AVERAGE_DIGITS}g}")


def unsharded_scores(docs: list[dict[str, list[str]]], builder: Builder) -> dict[tuple[str, str], float]:
    """Every (document, term) score of one lunr.py index over every document."""
    builder.pipeline.reset()
    builder.ref("id")
    for field, boost in search_shards.FIELDS:
        builder.field(field, boost=boost)
    for doc_id, doc in enumerate(docs):
        builder.add({"id": doc_id, **doc})
    whole = builder.build().serialize()
    index_to_term = {posting["_index"]: word for word, posting in whole["invertedIndex"]}
    return {
        (ref, index_to_term[vector[i]]): vector[i + 1]
        for ref, vector in whole["fieldVectors"]
        for i in range(0, len(vector), 2)
    }


def test_shard_scores_equal_those_of_one_unsharded_lunr_index(
    fixture_site: Any, tiny_shards: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_shards, "FREQUENT_MIN_DOCS", 10**9)
    organizations = ordered_organizations(fixture_site.organizations)
    docs = [document_terms(org, fixture_site.certification_bodies) for org in organizations]
    expected, exact = unsharded_scores(docs, RoundedBuilder()), unsharded_scores(docs, Builder())
    actual = {}
    for shard in shards(build(fixture_site)):
        index_to_term = {posting["_index"]: word for word, posting in shard["invertedIndex"]}
        for ref, vector in shard["fieldVectors"]:
            for i in range(0, len(vector), 2):
                actual[(ref, index_to_term[vector[i]])] = vector[i + 1]
    assert len(shards(build(fixture_site))) > 1
    assert actual == expected
    # the rounded averages move no score by more than 0.1% (lunr.py rounds scores to 3 decimals)
    assert expected.keys() == exact.keys() and expected != exact
    assert all(abs(expected[key] - exact[key]) <= max(0.001 * exact[key], 0.0015) for key in exact)


def test_a_word_added_to_one_name_keeps_the_statistics_and_most_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_shards, "SHARD_POSTINGS", 200)
    site = synthetic_site(2000)
    before = shard_keys(site)
    renamed = next(org for org in site.organizations if org["name"].startswith("Nord"))
    renamed["name"] += " Holding"  # one more word: the exact average name length changes
    after = shard_keys(site)
    assert len(before) == len(after) > 20
    # only the shards holding its words: its name's length scores its postings in each
    assert 0 < len(set(after) - set(before)) <= 8


def shard_keys(site: Any) -> list[str]:
    """The key of each shard's lunr index: the digest of all it is made from, statistics included."""
    organizations = ordered_organizations(site.organizations)
    docs = [document_terms(org, site.certification_bodies) for org in organizations]
    plan = search_shards.IndexPlan(docs)
    return [key for key, _, _ in search_shards.Shape.of(plan, docs).shards]


# --- findability ---------------------------------------------------------------------------------


@pytest.mark.parametrize("small", [False, True], ids=["default", "tiny-shards"])
def test_every_organization_is_findable_by_every_word_of_its_name(small: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if small:
        monkeypatch.setattr(search_shards, "SHARD_POSTINGS", 12)
        monkeypatch.setattr(search_shards, "FREQUENT_MIN_DOCS", 3)
        monkeypatch.setattr(search_shards, "FREQUENT_FRACTION", 1)
    site = synthetic_site(400)
    lookup = Lookup(build(site))
    for doc_id, org in enumerate(ordered_organizations(site.organizations)):
        for name in [org["name"], *org["trading_names"]]:
            for term in name_terms(name):
                assert doc_id in lookup(term), (org["name"], term)


def test_every_fixture_organization_is_findable_by_name(fixture_site: Any) -> None:
    lookup = Lookup(build(fixture_site))
    for doc_id, org in enumerate(ordered_organizations(fixture_site.organizations)):
        found = set.intersection(*(lookup(term) for term in name_terms(org["name"])))
        assert doc_id in found, org["name"]


def test_result_blocks_hold_names_as_written(fixture_site: Any) -> None:
    files = build(fixture_site)
    rows = json.loads(files["search/data/0.json"])
    names = [row[0] for row in rows]
    assert "<img src=x onerror=alert(1)>" in names
    assert names[:2] == ["Acme Widgets Ltd", "Æble & Øl ApS"]
    assert [tokenize(n) for n in names] == sorted(tokenize(n) for n in names)


def test_rows_of_name_matches_travel_with_their_shard(fixture_site: Any, tiny_shards: None) -> None:
    files = build(fixture_site)
    lookup = Lookup(files)
    rows = [row for i in range(4) for row in json.loads(files.get(f"search/data/{i}.json", "[]"))]
    for doc_id in lookup("muller"):
        shard = lookup.shards[max(i for i, s in enumerate(lookup.manifest["shards"]) if s <= "muller")]
        assert shard["rows"][str(doc_id)] == rows[doc_id]
    valid = files["search/sets/status-valid.txt"].split("\n")
    members = sorted(decode_set(valid[0], len(rows)))
    assert json.loads(valid[1]) == {str(i): rows[i] for i in members[:10]}


def test_certificate_buckets_find_a_number_by_its_normalized_form(fixture_site: Any) -> None:
    files = build(fixture_site)
    manifest = json.loads(files["search/manifest.json"])
    number = normalize_certificate_number("de q 2024-0815-01")
    bucket = json.loads(files[f"search/certs/{string_hash(number) % manifest['certBuckets']}.json"])
    [match] = bucket[number]
    assert match[0] == "DE-Q 2024/0815.01"
    assert match[1] == "Müller Präzisionstechnik GmbH"
    assert manifest["statuses"][match[4]][0] == "valid"


def test_filter_sets_combine_status_and_standard_per_certificate(fixture_site: Any) -> None:
    files = build(fixture_site)
    count = json.loads(files["search/manifest.json"])["count"]
    names = [row[0] for row in json.loads(files["search/data/0.json"])]
    members = decode_set(files["search/sets/status-valid--standard-iso-14001.txt"], count)
    assert {names[i] for i in members} == {"Łódź Textiles Sp. z o.o.", "İstanbul Işık Elektrik A.Ş."}
    suspended = decode_set(files["search/sets/status-suspended.txt"], count)
    assert [names[i] for i in suspended] == ["Æble & Øl ApS"]


def test_sets_round_trip_in_both_encodings() -> None:
    dense, sparse = list(range(0, 1000, 2)), [3, 500, 999]
    assert encode_set(dense, 1000)[0] == "b"
    assert encode_set(sparse, 1000)[0] == "d"
    assert decode_set(encode_set(dense, 1000), 1000) == set(dense)
    assert decode_set(encode_set(sparse, 1000), 1000) == set(sparse)
    assert decode_set(encode_set([], 1000), 1000) == set()


def test_filter_options_list_values_in_use(fixture_site: Any) -> None:
    options = filter_options(fixture_site)
    assert [o["value"] for o in options["statuses"]][:2] == ["valid", "expiring_soon"]
    assert "not_yet_valid" not in [o["value"] for o in options["statuses"]]
    assert {"value": "iso-14001", "label": "ISO 14001"} in options["standards"]
    assert {"value": "TR", "label": "Türkiye"} in options["countries"]


# --- lunr.js -------------------------------------------------------------------------------------


def test_missing_lunr_js_says_to_run_npm_ci(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="npm ci"):
        lunr_js_source(tmp_path)


def test_lunr_js_loads_a_shard_built_by_lunr_py(fixture_site: Any) -> None:
    node = shutil.which("node")
    assert node, "Node.js is required"
    lunr = lunr_js_source(ROOT)
    files = build(fixture_site)
    shard = files["search/shards/0.json"]
    script = (
        f"const lunr = require({json.dumps(str(lunr))});"
        "const index = lunr.Index.load(JSON.parse(require('fs').readFileSync(0, 'utf8')));"
        "const hits = index.query(q => q.term('mull', {usePipeline: false,"
        " wildcard: lunr.Query.wildcard.TRAILING}));"
        "console.log(JSON.stringify(hits.map(h => +h.ref)));"
    )
    result = subprocess.run(
        [node, "--input-type=commonjs", "-e", script],
        input=shard,
        capture_output=True,
        text=True,
        check=True,
    )
    names = [row[0] for row in json.loads(files["search/data/0.json"])]
    assert sorted(names[i] for i in json.loads(result.stdout)) == [
        "Café Müller KG",
        "Müller Präzisionstechnik GmbH",
    ]


def test_the_site_build_fails_clearly_without_lunr_js(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from certreg.build.staging import build_site

    monkeypatch.setattr(search_index, "LUNR_JS", "node_modules/missing/lunr.min.js")
    with pytest.raises(Exception, match=r"npm ci") as caught:
        build_site(FIXTURE, tmp_path / "output", TODAY)
    assert "lunr.min.js" in str(caught.value)
    assert not (tmp_path / "output").exists()
