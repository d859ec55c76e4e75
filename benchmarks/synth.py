"""Deterministic synthetic registry for benchmarks.

    python benchmarks/synth.py --orgs 100000 --out /tmp/reg [--seed 1] [--today 2026-11-26] [--one-body]

writes a complete registry to DIR: `standards.yaml`, `accreditation-bodies.yaml` and `schema/` copied
from this repository's `registry/`, about 40 synthetic certification bodies and N synthetic
organizations with one to three certificates each. The output passes `certreg validate` with the
same `--today`: it follows the schemas and the date rules, slugs and certificate numbers are unique,
and no two names fold to the same text.

Countries are weighted by the real ISO Survey 2020 counts of ISO 9001 certificates, read at run time
from ../shared/data/iso_survey/iso_survey_country_1993_2020.csv (relative to the repository root);
nothing from that data set is stored in this repository. Without the file, countries are uniform.

With `--one-body` (`one_body=True`), one certification body issues every certificate, numbered in one
scheme (`SYN-0000001-0`, `SYN-0000002-0`, …): every number shares a long prefix, as in a registry
run by one certification body.

Any existing `*.yaml` in DIR/organizations and DIR/certification-bodies is removed first.

Import it as `from benchmarks.synth import write_registry` with the repository root on sys.path.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path

from certreg.core.fold import slugify

REPO = Path(__file__).resolve().parents[1]
REGISTRY = REPO / "registry"
SHARED = REPO.parent / "shared" / "data"
SURVEY_CSV = SHARED / "iso_survey" / "iso_survey_country_1993_2020.csv"
COUNTRY_CODES_CSV = SHARED / "reference" / "country-codes.csv"
DEFAULT_TODAY = date(2026, 11, 26)
CERTIFICATION_BODIES = 40

# ISO Survey spellings that pycountry does not resolve on its own (None: no longer a country).
SURVEY_ALIASES = {
    "Czech Republic": "CZ",
    "Korea (Republic of)": "KR",
    "Korea (Democratic People's Republic of)": "KP",
    "Taiwan, Province of China": "TW",
    "Tanzania, United Republic of": "TZ",
    "Palestine, State of": "PS",
    "Macedonia (the former Yugoslav Republic of)": "MK",
    "Swaziland": "SZ",
    "Turkey": "TR",
    "Hong Kong": "HK",
    "Macao": "MO",
    "Congo (Democratic Republic of the)": "CD",
    "Netherlands Antilles (NL)": None,
}

# ---------------------------------------------------------------- word lists (written for this file)
WORDS = Path(__file__).resolve().parent / "words"


def word_list(name: str):
    """A word list from benchmarks/words/<name>.json."""
    return json.loads((WORDS / f"{name}.json").read_text(encoding="utf-8"))


# Industry: [English name, IAF sectors, scope, preferred standard codes, translations by style].
INDUSTRIES = word_list("industries")
SURNAMES = word_list("surnames")  # by name style
PLACE_WORDS = word_list("place_words")  # by name style
LEGAL = word_list("legal")  # legal forms by name style
COUNTRY_STYLE = word_list("country_style")  # country code → name style
COUNTRY_LEGAL_EN = word_list("country_legal_en")  # legal forms of English-style names by country
ZH_CITIES = word_list("zh_cities")  # [Chinese, romanized]
ZH_SYLLABLES = word_list("zh_syllables")  # [Chinese, romanized]
JA_WORDS = word_list("ja_words")  # [Japanese, romanized]
KO_WORDS = word_list("ko_words")  # [Korean, romanized]
CITIES = word_list("cities")  # country code → cities
CB_WORDS = word_list("cb_words")  # first words of certification body names
STATUS_NOTES = word_list("status_notes")  # status → notes


# ---------------------------------------------------------------- helpers
def add_years(day: date, years: int) -> date:
    """The same day `years` later; 28 February for 29 February in a year that has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


_PLAIN_UNSAFE = re.compile(
    r"(: |\s#|^[-?:,\[\]{}#&*!|>'\"%@`\s]|\s$|^$|^[0-9.+-]+$|^(true|false|null|~)$)", re.IGNORECASE
)


def scalar(text: str) -> str:
    """A block-context YAML scalar, quoted only when a plain one would not read back as this text."""
    return json.dumps(text, ensure_ascii=False) if _PLAIN_UNSAFE.search(text) else text


def quoted_list(items) -> str:
    """A YAML flow list of JSON-quoted strings."""
    return "[" + ", ".join(json.dumps(i, ensure_ascii=False) for i in items) + "]"


def plain_list(items) -> str:
    """A YAML flow list of plain scalars."""
    return "[" + ", ".join(items) + "]"


def lei(base18: str) -> str:
    """An LEI: 18 characters and their ISO 7064 MOD 97-10 check digits."""
    digits = "".join(str(int(c, 36)) for c in base18 + "00")
    return f"{base18}{98 - int(digits) % 97:02d}"


_NON_WORD = re.compile(r"[\W_]+")
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "œ": "oe",
    }
)


def fold_key(core: str) -> str:
    """Duplicate key of a name's distinctive part (legal form excluded): no case, accents or punctuation.

    Cheap on purpose (it runs once per generated name); it folds at least as much as the project's
    `fold_name`, so distinct keys give names that `certreg validate` also sees as distinct.
    """
    if not core.isascii():
        core = unicodedata.normalize("NFKD", core.translate(_SPECIAL))
        if core.isascii() or all(ord(c) < 0x2E80 for c in core):  # Latin, Greek, Cyrillic: drop marks
            core = "".join(c for c in core if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", core.casefold()).split())


# ---------------------------------------------------------------- reference data
def load_yaml(path: Path):
    """A YAML file read as strings only."""
    import yaml  # only for the two small files copied from the repository

    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def country_weights() -> tuple[list[str], list[float], dict[str, str]]:
    """Alpha-2 codes and ISO 9001 weights (ISO Survey 2020), and capital cities where known."""
    import pycountry

    capitals: dict[str, str] = {}
    if COUNTRY_CODES_CSV.exists():
        with COUNTRY_CODES_CSV.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("ISO3166-1-Alpha-2") and row.get("Capital"):
                    capitals[row["ISO3166-1-Alpha-2"]] = row["Capital"]
    weights: dict[str, float] = {}
    if SURVEY_CSV.exists():
        with SURVEY_CSV.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["year"] != "2020":
                    continue
                try:
                    count = float(row["ISO 9001 certificate"] or 0)
                except ValueError:
                    continue
                name = row["country"]
                if name in SURVEY_ALIASES:
                    code = SURVEY_ALIASES[name]
                else:
                    try:
                        code = pycountry.countries.lookup(name).alpha_2
                    except LookupError:
                        code = None
                if code and count > 0:
                    weights[code] = weights.get(code, 0.0) + count
    if not weights:
        print(f"note: {SURVEY_CSV} not found or empty; using uniform country weights", file=sys.stderr)
        weights = {c.alpha_2: 1.0 for c in pycountry.countries}
    codes = sorted(weights)
    return codes, [weights[c] for c in codes], capitals


# ---------------------------------------------------------------- generator
class Synth:
    """Generator of certification bodies and organizations, deterministic for one seed."""

    def __init__(self, seed: int, today: date, one_body: bool = False):
        """Reference data, a seeded random source, and the names and slugs used so far."""
        self.one_body = one_body
        self.rng = random.Random(seed)
        self.today = today
        self.countries, self.weights, self.capitals = country_weights()
        self.standards = load_yaml(REGISTRY / "standards.yaml")
        self.abs = load_yaml(REGISTRY / "accreditation-bodies.yaml")
        self.editions: dict[str, list[tuple[str, date, date | None]]] = {}
        for standard in self.standards:
            self.editions[standard["code"]] = [
                (
                    e["edition"],
                    date.fromisoformat(e["published"]),
                    date.fromisoformat(e["transition_ends"]) if e.get("transition_ends") else None,
                )
                for e in standard["editions"]
            ]
        # editions with the day certification bodies can start issuing to them (publication + 120 days)
        self.ready = {c: [(e, pub + timedelta(days=120), te) for e, pub, te in eds] for c, eds in self.editions.items()}
        self.replaced = {s.get("replaced_by"): s["code"] for s in self.standards if s.get("replaced_by")}
        # codes still open for new certificates
        self.active_codes = sorted(c for c, eds in self.editions.items() if any(te is None for _, _, te in eds))
        self._cum = list(itertools.accumulate(self.weights))
        self.names: set[str] = set()
        self.slugs: set[str] = set()

    # -- certification bodies
    def make_bodies(self) -> list[dict]:
        """CERTIFICATION_BODIES certification bodies; every eighth without accreditation."""
        rng = self.rng
        ab_items = sorted(self.abs.items())
        bodies = []
        for i, word in enumerate(CB_WORDS[:CERTIFICATION_BODIES]):
            slug = f"{word.lower()}-cert"
            ab_slug, ab = ab_items[i % len(ab_items)]
            accreditations = []
            if i % 8 != 7:  # every eighth body issues only non-accredited certificates
                codes = ["ISO 9001"] if "ISO 9001" in self.active_codes else self.active_codes[:1]
                codes += [c for c in self.active_codes if c not in codes and rng.random() < 0.6]
                accreditations.append(
                    dict(
                        ab=ab_slug,
                        number=f"{re.sub(r'[^A-Z]', '', ab['acronym'].upper()) or 'AB'}-{1000 + i * 37}",
                        standards=codes,
                        status="active",
                    )
                )
            bodies.append(
                dict(
                    slug=slug,
                    name=f"{word} Certification {['Ltd', 'GmbH', 'SAS', 'S.r.l.', 'Inc.'][i % 5]}",
                    country=ab["country"],
                    prefix=word[:3].upper(),
                    accreditations=accreditations,
                    covered={c for a in accreditations for c in a["standards"]},
                    counter=0,
                )
            )
        return bodies

    def single_body(self, template: dict) -> dict:
        """The only body of a one-body registry: accredited for every open standard, prefix SYN."""
        accreditation = {**template["accreditations"][0], "standards": list(self.active_codes)}
        return {
            **template,
            "slug": "synthetic-cert",
            "name": "Synthetic Certification Ltd",
            "prefix": "SYN",
            "accreditations": [accreditation],
            "covered": set(self.active_codes),
        }

    def body_text(self, body: dict) -> str:
        """The YAML file of one certification body."""
        lines = [
            "# yaml-language-server: $schema=../schema/certification-body.schema.json",
            "# Synthetic benchmark data.",
            f"name: {scalar(body['name'])}",
            f"country: {body['country']}",
            f"website: https://{body['slug']}.example",
            f"directory: https://{body['slug']}.example/directory",
        ]
        if body["accreditations"]:
            lines.append("accreditations:")
            for a in body["accreditations"]:
                lines += [
                    f"  - accreditation_body: {a['ab']}",
                    f"    number: {a['number']}",
                    f"    standards: {plain_list(a['standards'])}",
                    f"    status: {a['status']}",
                ]
        else:
            lines.append("accreditations: []")
        return "\n".join(lines) + "\n"

    # -- names
    def make_name(self, country: str, industry) -> tuple[str, list[str], str]:
        """(legal name, trading names, slug base)."""
        rng = self.rng
        en, _, _, _, tr = industry
        style = COUNTRY_STYLE.get(country, "en")
        for attempt in range(12):
            # crowded: after a few tries, add a distinguishing number
            n = f" {rng.randint(2, 999)}" if attempt >= 3 else ""
            trading: list[str] = []
            if style == "zh":
                (c_zh, c_en), (a, ar), (b, br) = (
                    rng.choice(ZH_CITIES),
                    rng.choice(ZH_SYLLABLES),
                    rng.choice(ZH_SYLLABLES),
                )
                ind_zh, ind_en = tr["zh"]
                suffix = "股份有限公司" if country == "TW" else "有限公司"
                name = f"{c_zh}{a}{b}{ind_zh}{n.strip()}{suffix}"
                latin = f"{c_en} {ar}{br.lower()} {ind_en}{n}"
                trading = [f"{latin} Co., Ltd."]
            elif style == "ja":
                (w, wr), ind = rng.choice(JA_WORDS), tr["ja"]
                name = f"株式会社{w}{ind[0]}{n.strip()}" if rng.random() < 0.6 else f"{w}{ind[0]}{n.strip()}株式会社"
                latin = f"{wr} {ind[1]}{n}"
                trading = [f"{latin} Co., Ltd."]
            elif style == "ko":
                (w, wr), ind = rng.choice(KO_WORDS), tr["ko"]
                name = f"주식회사 {w}{ind[0]}{n}"
                latin = f"{wr} {ind[1]}{n}"
                trading = [f"{latin} Co., Ltd."]
            else:
                surnames = SURNAMES.get(style, SURNAMES["en"])
                places = PLACE_WORDS.get(style, PLACE_WORDS["en"])
                term = tr.get(style, en)
                legal = rng.choice(LEGAL[style] if style != "en" else COUNTRY_LEGAL_EN.get(country, LEGAL["en"]))
                shape = rng.random()
                if shape < 0.4:
                    core = f"{rng.choice(surnames)} {term}"
                elif shape < 0.75:
                    core = f"{rng.choice(places)} {term}"
                else:
                    core = f"{rng.choice(surnames)} {rng.choice(places)} {term}"
                if style == "de" and shape < 0.4 and rng.random() < 0.3:
                    core = f"{rng.choice(surnames)} & Söhne {term}"
                latin = f"{core}{n}"
                name = f"{latin} {legal}"
                if not latin.isascii() and rng.random() < 0.3:
                    folded = latin.replace("ß", "ss").replace("ı", "i").replace("ł", "l").replace("Ł", "L")
                    trading = [unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()]
            key = fold_key(latin if style not in ("zh", "ja", "ko") else name)
            if key and key not in self.names:
                self.names.add(key)
                return name, trading, latin
        raise RuntimeError("could not find a unique name")  # pragma: no cover

    def unique_slug(self, base: str) -> str:
        """The slug of base (certreg.core.fold.slugify), numbered when already taken."""
        slug = slugify(base)[:72].strip("-") or "organization"
        candidate, n = slug, 2
        while candidate in self.slugs:
            candidate = f"{slug}-{n}"
            n += 1
        self.slugs.add(candidate)
        return candidate

    def city(self, country: str) -> str:
        """A city of the country: from the word lists, else its capital, else its code."""
        if country in CITIES:
            return self.rng.choice(CITIES[country])
        if country in ("CN", "TW", "HK", "MO"):
            return self.rng.choice(ZH_CITIES[:20] if country == "CN" else ZH_CITIES[20:])[0]
        return self.capitals.get(country) or country

    # -- certificates
    def pick_edition(self, code: str, issued: date) -> str | None:
        """An edition of the standard that could be certified on the day issued, or None."""
        eds = [
            (e, ready, te)
            for e, ready, te in self.ready.get(code, ())
            if ready <= issued and (te is None or issued <= te)
        ]
        if not eds:
            return None
        if len(eds) > 1 and self.rng.random() < 0.25:
            return self.rng.choice(eds)[0]
        return eds[-1][0]

    def certificate(self, body: dict, codes: list[str], industry, org_country: str) -> list[str]:
        """The YAML lines of one certificate."""
        rng, today = self.rng, self.today
        r = rng.random()
        if r < 0.12:
            issued = today - timedelta(days=rng.randint(3 * 365, 11 * 365))  # mostly expired, older editions
        else:
            issued = today - timedelta(days=rng.randint(0, 3 * 365))
        refs = []
        for code in codes:
            edition = self.pick_edition(code, issued)
            if edition is None:
                replaced = [self.replaced[code]] if code in self.replaced else []
                edition = self.pick_edition(replaced[0], issued) if replaced else None
                code = replaced[0] if replaced and edition else code
            if edition:
                ref = f"{code}:{edition}"
                if ref not in refs:
                    refs.append(ref)
        if not refs:
            refs = [f"ISO 9001:{self.pick_edition('ISO 9001', issued) or '2015'}"]
        expires = add_years(issued, 3) - timedelta(days=1)
        if rng.random() < 0.1:
            expires = add_years(issued, rng.choice((1, 2))) - timedelta(days=1)
        body["counter"] += 1
        if self.one_body:
            number = f"{body['prefix']}-{body['counter']:07d}-0"
        else:
            number = f"{body['prefix']}-{issued.year % 100:02d}-{body['counter']:07d}"
        accredited = all(ref.rsplit(":", 1)[0] in body["covered"] for ref in refs)
        _, sectors, scope, _, _ = industry
        lines = [
            f"  - certificate_number: {number}",
            f"    standards: {plain_list(refs)}",
            f"    certification_body: {body['slug']}",
            f"    accredited: {'true' if accredited else 'false'}",
            f"    scope: {scalar(scope)}",
            f"    sectors: {quoted_list(sectors[: rng.randint(1, len(sectors))])}",
        ]
        if rng.random() < 0.05:
            lines.append("    sites:")
            for k in range(rng.randint(1, 3)):
                lines.append(
                    f"      - {{name: Site {k + 2}, city: {json.dumps(self.city(org_country), ensure_ascii=False)}, country: {org_country}}}"
                )
        if rng.random() < 0.3:
            lines.append(f"    original_issue: {add_years(issued, -rng.randint(1, 15)).isoformat()}")
        lines += [f"    issued: {issued.isoformat()}", f"    expires: {expires.isoformat()}"]
        r = rng.random()
        if r < 0.06:
            status = "suspended" if r < 0.03 else "withdrawn"
            span = max((min(today, expires) - issued).days, 0)
            lines += [
                f"    status: {status}",
                f"    status_date: {(issued + timedelta(days=rng.randint(0, span))).isoformat()}",
                f"    status_note: {rng.choice(STATUS_NOTES[status])}",
            ]
        lines.append(f"    source: https://{body['slug']}.example/directory/{number}")
        oldest = max(issued, today - timedelta(days=450))
        lines.append(
            f"    last_verified: {(oldest + timedelta(days=rng.randint(0, (today - oldest).days))).isoformat()}"
        )
        return lines

    def organization(self, bodies: list[dict]) -> tuple[str, str]:
        """(slug, YAML text) of one organization."""
        rng = self.rng
        country = self.countries[self._pick()]
        industry = rng.choice(INDUSTRIES)
        name, trading, latin = self.make_name(country, industry)
        slug = self.unique_slug(latin)
        lines = [
            "# yaml-language-server: $schema=../schema/organization.schema.json",
            "# Synthetic benchmark data.",
            f"name: {scalar(name)}",
        ]
        if trading:
            lines.append(f"trading_names: {quoted_list(trading)}")
        lines += [f"country: {country}", f"city: {scalar(self.city(country))}", f"website: https://{slug}.example"]
        if rng.random() < 0.2:
            lines.append("identifiers:")
            lines.append(
                f"  lei: {lei(f'{rng.randrange(10**4):04d}00' + ''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789') for _ in range(12)))}"
            )
            lines.append(f"  vat: {country}{rng.randrange(10**9):09d}")
            if rng.random() < 0.5:
                lines.append(f'  duns: "{rng.randrange(10**8, 10**9)}"')
        lines.append("certifications:")
        preferred = [c for c in industry[3] if c in self.editions] or self.active_codes[:1]
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            codes = [rng.choice(preferred)]
            if rng.random() < 0.25:  # integrated certificate
                codes += [c for c in preferred if c not in codes][: rng.randint(1, 2)]
            lines += self.certificate(rng.choice(bodies), codes, industry, country)
        return slug, "\n".join(lines) + "\n"

    def _pick(self) -> int:
        """Index of a country drawn with the survey weights."""
        return bisect.bisect_right(self._cum, self.rng.random() * self._cum[-1])


def write_registry(out: Path, orgs: int, seed: int = 1, today: date = DEFAULT_TODAY, one_body: bool = False) -> None:
    """Write a complete synthetic registry with `orgs` organizations to `out`."""
    out = Path(out)
    synth = Synth(seed, today, one_body)
    for sub in ("organizations", "certification-bodies"):
        folder = out / sub
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.yaml"):
            old.unlink()
    shutil.copyfile(REGISTRY / "standards.yaml", out / "standards.yaml")
    shutil.copyfile(REGISTRY / "accreditation-bodies.yaml", out / "accreditation-bodies.yaml")
    if (REGISTRY / "schema").is_dir():
        shutil.copytree(REGISTRY / "schema", out / "schema", dirs_exist_ok=True)
    bodies = synth.make_bodies()
    if one_body:
        bodies = [synth.single_body(bodies[0])]
    org_dir = out / "organizations"
    for _ in range(orgs):
        slug, text = synth.organization(bodies)
        (org_dir / f"{slug}.yaml").write_text(text, encoding="utf-8")
    for body in bodies:
        (out / "certification-bodies" / f"{body['slug']}.yaml").write_text(synth.body_text(body), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write a registry as the command line asks."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, required=True, help="number of organizations")
    parser.add_argument("--out", type=Path, required=True, help="output registry folder")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY, help="build date YYYY-MM-DD")
    parser.add_argument("--one-body", action="store_true", help="one certification body, one numbering scheme")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    write_registry(args.out, args.orgs, seed=args.seed, today=args.today, one_body=args.one_body)
    print(f"wrote {args.orgs} organizations to {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
