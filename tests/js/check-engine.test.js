// Unit tests of theme/static/js/check-engine.js against a small in-memory check index.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Checker, stringHash, decodeGaps, MATCH_MIN, REVIEW_MIN } from "../../theme/static/js/check-engine.js";
import { parseDate } from "../../theme/static/js/status-rules.js";

const PRECEDENCE = ["withdrawn", "suspended", "expired", "edition_withdrawn", "not_yet_valid", "expiring_soon", "valid"];
const day = (text) => parseDate(text);

test("FNV-1a over code points, gaps in base 36", () => {
  assert.equal(stringHash(""), 0x811c9dc5);
  assert.equal(stringHash("a"), 0xe40c292c);
  assert.deepEqual(decodeGaps("0,1,a"), [-1, 0, 10]);
});

// A registry of three organizations, written as check_index.py writes it (one bucket per family).
const STATUSES = PRECEDENCE.map((id) => ({ id, label: id, slug: id, is_current: id === "valid" || id === "expiring_soon" }));
const IDENTIFIERS = [{ id: "lei", label: "LEI" }, { id: "vat", label: "VAT number" }, { id: "duns", label: "D-U-N-S number" }];
const certificate = (number, standard, expires, status = "active") => [number, `certificates/x/${number.toLowerCase()}/`, [standard], status, "2025-01-01", expires, "", "X Cert"];
const BUILD = { build_date: "2026-11-26", expiring_soon_days: 90, statuses: STATUSES, precedence: PRECEDENCE, identifiers: IDENTIFIERS };
const FILES = {
  "../build.json": BUILD,
  "index.json": {
    buckets: { c: 1, i: 1, n: 1 }, block: 16, count: 3,
    standards: ["ISO 9001", "ISO 14001"],
    countries: [["DE", "DEU", "Germany", ""], ["FR", "FRA", "France", ""]], legalForms: ["gmbh", "sa"],
  },
  "c/0.json": { qms0001: [[0, 0]], qms0003: [[2, 0]] },
  "i/0.json": { "vat:de123456789": [1] },
  "n/0.json": {
    "=acme tools": [0], "=acme tools nord": [1], "=blue river": [2],
    acme: [2, "1,1"], tools: [2, "1,1"], nord: [1, "2"], blue: [1, "3"], river: [1, "3"],
  },
  "o/0.json": [
    ["Acme Tools GmbH", "DE", "organizations/acme/", [1.9], [certificate("QMS-0001", 0, "2028-01-01"), certificate("E-1", 1, "2026-01-01")], []],
    ["Acme Tools Nord GmbH", "DE", "organizations/acme-nord/", [2.5], [certificate("QMS-0002", 0, "2028-01-01")], []],
    ["Blue River SA", "FR", "organizations/blue/", [2.8], [certificate("QMS-0003", 0, "2026-01-01", "suspended")], ["Rivière Bleue"]],
  ],
};

async function checker(build = BUILD) {
  return new Checker(async (path) => structuredClone({ ...FILES, "../build.json": build }[path])).load();
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

test("statuses are decided in build.json's precedence", async () => {
  const asIs = await (await checker()).check({ certificate: "QMS-0003" }, TODAY);
  assert.deepEqual(asIs.certificates.map((c) => c.status.id), ["suspended"]); // suspended, and expired since January
  const expiredFirst = { ...BUILD, precedence: ["expired", ...PRECEDENCE.filter((id) => id !== "expired")] };
  const reordered = await (await checker(expiredFirst)).check({ certificate: "QMS-0003" }, TODAY);
  assert.deepEqual(reordered.certificates.map((c) => c.status.id), ["expired"]);
});

test("identifier schemes and their labels are build.json's", async () => {
  const missing = await (await checker()).check({ duns: "123456789", lei: "5299001ABCDEF1234567" }, TODAY);
  assert.deepEqual(missing.notes, [
    "LEI “5299001ABCDEF1234567” is not in the registry.",
    "D-U-N-S number “123456789” is not in the registry.",
  ]);
  const relabelled = { ...BUILD, identifiers: [{ id: "vat", label: "Tax number" }] };
  const c = await checker(relabelled);
  assert.deepEqual((await c.check({ vat: "XX 1" }, TODAY)).notes, ["Tax number “XX 1” is not in the registry."]);
  assert.equal((await c.check({ duns: "123456789" }, TODAY)).outcome, "empty"); // a scheme the build has not
});
