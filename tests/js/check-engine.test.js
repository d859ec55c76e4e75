// Unit tests of theme/static/js/check-engine.js against a small in-memory check index.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Checker, effectiveStatus, parseDate, stringHash, decodeGaps, RULE_IDS, MATCH_MIN, REVIEW_MIN } from "../../theme/static/js/check-engine.js";

const PRECEDENCE = ["withdrawn", "suspended", "expired", "edition_withdrawn", "not_yet_valid", "expiring_soon", "valid"];
const day = (text) => parseDate(text);
const cert = (fields) => ({ status: "active", issued: day("2025-01-01"), expires: day("2027-01-31"), transitionEnds: null, ...fields });

test("every status of the precedence has a rule, and an unknown one is an error", () => {
  assert.deepEqual([...RULE_IDS].sort(), [...PRECEDENCE].sort());
  assert.throws(() => effectiveStatus(cert({}), day("2026-01-01"), ["revoked", ...PRECEDENCE], 90), /revoked/);
});

test("statuses follow the precedence, at the visitor's date", () => {
  const at = (c, d) => effectiveStatus(c, day(d), PRECEDENCE, 90);
  assert.equal(at(cert({}), "2026-01-01"), "valid");
  assert.equal(at(cert({}), "2026-11-02"), "expiring_soon");
  assert.equal(at(cert({}), "2027-01-31"), "expiring_soon"); // valid through its expiry date
  assert.equal(at(cert({}), "2027-02-01"), "expired");
  assert.equal(at(cert({ status: "suspended" }), "2027-02-01"), "suspended");
  assert.equal(at(cert({ transitionEnds: day("2025-10-31") }), "2026-01-01"), "edition_withdrawn");
  assert.equal(at(cert({ issued: day("2026-02-01") }), "2026-01-01"), "not_yet_valid");
});

test("FNV-1a over code points, gaps in base 36", () => {
  assert.equal(stringHash(""), 0x811c9dc5);
  assert.equal(stringHash("a"), 0xe40c292c);
  assert.deepEqual(decodeGaps("0,1,a"), [-1, 0, 10]);
});

// A registry of three organizations, written as check_index.py writes it (one bucket per family).
const STATUSES = PRECEDENCE.map((id) => ({ id, label: id, slug: id, is_current: id === "valid" || id === "expiring_soon" }));
const certificate = (number, standard, expires) => [number, `certificates/x/${number.toLowerCase()}/`, [standard], "active", "2025-01-01", expires, "", "X Cert"];
const FILES = {
  "../build.json": { build_date: "2026-11-26", expiring_soon_days: 90, statuses: STATUSES },
  "index.json": {
    buckets: { c: 1, i: 1, n: 1 }, block: 16, count: 3,
    precedence: PRECEDENCE, standards: ["ISO 9001", "ISO 14001"],
    countries: [["DE", "DEU", "Germany", ""], ["FR", "FRA", "France", ""]], legalForms: ["gmbh", "sa"],
  },
  "c/0.json": { qms0001: [[0, 0]] },
  "i/0.json": { "vat:de123456789": [1] },
  "n/0.json": {
    "=acme tools": [0], "=acme tools nord": [1], "=blue river": [2],
    acme: [2, "1,1"], tools: [2, "1,1"], nord: [1, "2"], blue: [1, "3"], river: [1, "3"],
  },
  "o/0.json": [
    ["Acme Tools GmbH", "DE", "organizations/acme/", [1.9], [certificate("QMS-0001", 0, "2028-01-01"), certificate("E-1", 1, "2026-01-01")], []],
    ["Acme Tools Nord GmbH", "DE", "organizations/acme-nord/", [2.5], [certificate("QMS-0002", 0, "2028-01-01")], []],
    ["Blue River SA", "FR", "organizations/blue/", [2.8], [certificate("QMS-0003", 0, "2028-01-01")], ["Rivière Bleue"]],
  ],
};

async function checker() {
  return new Checker(async (path) => structuredClone(FILES[path])).load();
}
const TODAY = day("2026-11-27");

test("a certificate number matches exactly, ignoring case and punctuation", async () => {
  const r = await (await checker()).check({ certificate: "qms 0001", name: "Acme Tools" }, TODAY);
  assert.equal(r.outcome, "number");
  assert.deepEqual(r.certificates.map((c) => c.number), ["QMS-0001"]);
  assert.equal(r.attention, false);
});

test("an identifier matches exactly; a different name is noted", async () => {
  const r = await (await checker()).check({ vat: "DE 123 456 789", name: "Someone else" }, TODAY);
  assert.equal(r.outcome, "identifier");
  assert.equal(r.organization.name, "Acme Tools Nord GmbH");
  assert.match(r.notes[0], /differs from the registry/);
  assert.equal(r.attention, true);
});

test("a name matches without its legal form; the standard asked for is flagged when not valid", async () => {
  const r = await (await checker()).check({ name: "ACME tools", country: "Germany", standard: "ISO 14001:2015" }, TODAY);
  assert.equal(r.outcome, "name");
  assert.equal(r.score, 1);
  assert.deepEqual(r.missing, ["ISO 14001"]);
  assert.deepEqual(r.certificates.map((c) => [c.number, c.status.id]), [["E-1", "expired"]]);
  assert.equal(r.attention, true);
});

test("close names are for review, never guessed; unknown names are not listed", async () => {
  const c = await checker();
  const review = await c.check({ name: "Acme" }, TODAY);
  assert.equal(review.outcome, "review");
  assert.deepEqual(review.candidates.map((x) => x.organization.name), ["Acme Tools GmbH", "Acme Tools Nord GmbH"]);
  assert.ok(review.candidates.every((x) => x.score >= REVIEW_MIN && x.score < MATCH_MIN));
  assert.equal((await c.check({ name: "Green Meadow" }, TODAY)).outcome, "not_listed");
  assert.equal((await c.check({ country: "DE" }, TODAY)).outcome, "empty");
});

test("a trading name matches, and a country that differs is not a match", async () => {
  const c = await checker();
  const r = await c.check({ name: "Blue River", country: "DE" }, TODAY);
  assert.equal(r.outcome, "review");
  assert.equal((await c.check({ name: "Blue River S.A.", country: "FRA" }, TODAY)).outcome, "name");
});
