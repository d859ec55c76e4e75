// Unit tests of theme/static/js/verify-compare.js: a document against a registry entry, and QR links.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VERDICTS, classifyLink, compare, containsPhrase, fillStatus } from "../../theme/static/js/verify-compare.js";
import { documentFields } from "../../theme/static/js/verify-extract.js";
import { effectiveStatus, parseDate } from "../../theme/static/js/status-rules.js";

const PRECEDENCE = ["withdrawn", "suspended", "expired", "edition_withdrawn", "not_yet_valid", "expiring_soon", "valid"];
const HEADLINES = {
  valid: "Valid until {expires}", expiring_soon: "Valid until {expires}, expires soon", suspended: "Suspended since {status_date}",
  expired: "Expired on {expires}", edition_withdrawn: "Not valid: edition withdrawn", withdrawn: "Withdrawn on {status_date}", not_yet_valid: "Not yet valid: valid from {issued}",
};
const bodies = [
  { name: "Alpha Cert GmbH", url: "certification-bodies/alpha-cert/", website: "https://alpha-cert.example", directory: "https://alpha-cert.example/directory", country: "DE" },
  { name: "Gamma Registrar Inc.", url: "certification-bodies/gamma/", website: "https://gamma.example", directory: "", country: "US" },
];
const registry = {
  bodies,
  manifest: { standards: ["ISO 9001", "ISO 14001", "ISO/IEC 27001"], legalForms: ["gmbh", "inc", "ltd"] },
  standardIndex: (number) => ({ 9001: 0, 14001: 1, 27001: 2 })[number],
  status(c, today) {
    const id = effectiveStatus(c, today, PRECEDENCE, 90);
    return { id, label: id, headline: HEADLINES[id], is_current: id === "valid" || id === "expiring_soon" };
  },
};
const entry = (certificate = {}, body = bodies[0]) => ({
  key: "0:0",
  organization: { name: "Anchor Valid GmbH", country: "DE", tradingNames: ["Anchor Precision"] },
  certificate: {
    number: "AC-1001", status: "active", issued: parseDate("2025-03-01"), expires: parseDate("2028-02-28"), transitionEnds: null,
    refs: ["ISO 9001:2015"], scope: "Design and manufacture of precision turned parts", source: "", originalIssue: "2019-03-01", statusDate: "", transitionEdition: "", body, ...certificate,
  },
});
const TODAY = parseDate("2026-11-27");
const document = (lines) => ({ ...documentFields(lines), number: "AC 1001" });
const FAITHFUL = [
  "This is to certify that", "Anchor Valid GmbH", "fulfils ISO 9001:2015", "Scope: Design and manufacture of precision", "turned parts",
  "Certificate No.: AC 1001", "Original issue date: 01.03.2019", "Issue date: 01.03.2025", "Expiry date: 28.02.2028", "Alpha Cert GmbH",
];
const statesOf = (result) => Object.fromEntries(result.rows.map((r) => [r.id, r.state]));

test("a faithful copy matches on every field", () => {
  const result = compare(document(FAITHFUL), entry(), TODAY, registry);
  assert.equal(result.verdict, "match");
  assert.deepEqual(statesOf(result), { number: "same", organization: "same", standards: "same", scope: "same", body: "same", original: "same", issued: "same", expires: "same", status: "same" });
  assert.equal(VERDICTS[result.verdict], "Matches the registry");
});

test("each altered field differs, alone", () => {
  const altered = (from, to) => statesOf(compare(document(FAITHFUL.map((l) => l.replace(from, to))), entry(), TODAY, registry));
  const differs = (states) => Object.keys(states).filter((k) => states[k] === "differs");
  assert.deepEqual(differs(altered("28.02.2028", "28.02.2030")), ["expires"]);
  assert.deepEqual(differs(altered("Issue date: 01.03.2025", "Issue date: 01.04.2025")), ["issued"]);
  assert.deepEqual(differs(altered("ISO 9001:2015", "ISO 9001:2008")), ["standards"]);
  assert.deepEqual(differs(altered("ISO 9001:2015", "ISO 9001:2015 and ISO 14001:2015")), ["standards"]);
  assert.deepEqual(differs(altered("Anchor Valid GmbH", "Anchor Trading Ltd")), ["organization"]);
  assert.deepEqual(differs(altered("Scope: Design and manufacture of precision", "Scope: Wholesale of")), ["scope"]);
  assert.deepEqual(differs(altered("Alpha Cert GmbH", "Gamma Registrar Inc.")), ["body"]);
});

test("a trading name or an edition left out is not a difference; a field left out is not compared", () => {
  const trading = compare(document(FAITHFUL.map((l) => l.replace("Anchor Valid GmbH", "Anchor Precision"))), entry(), TODAY, registry);
  assert.equal(statesOf(trading).organization, "same");
  const bare = compare(document(["Anchor Valid GmbH", "ISO 9001", "Certificate No.: AC 1001"]), entry(), TODAY, registry);
  assert.equal(bare.verdict, "match");
  assert.deepEqual(["standards", "scope", "body", "issued", "expires"].map((id) => statesOf(bare)[id]), ["same", "missing", "missing", "missing", "missing"]);
  assert.equal(bare.rows.find((r) => r.id === "expires").document, "Not found in the document");
});

test("the registry's status on the visitor's date: suspended, expired, withdrawn edition differ; expiring soon does not", () => {
  const status = (cert, today = TODAY) => compare(document(FAITHFUL), entry(cert), today, registry).rows.find((r) => r.id === "status");
  assert.deepEqual([status({ status: "suspended", statusDate: "2026-10-15" }).state, status({ status: "suspended", statusDate: "2026-10-15" }).registry], ["differs", "Suspended since 15 October 2026"]);
  assert.equal(status({}, parseDate("2028-02-29")).registry, "Expired on 28 February 2028");
  assert.equal(status({}, parseDate("2028-02-29")).state, "differs");
  assert.equal(status({}, parseDate("2028-02-28")).state, "same"); // valid through its expiry date
  assert.equal(status({ transitionEnds: parseDate("2025-10-31") }).state, "differs");
  assert.equal(status({}, parseDate("2028-01-01")).registry, "Valid until 28 February 2028, expires soon");
});

test("slash dates are read with the certification body's country, and left unread when it is unknown", () => {
  const lines = ["Anchor Valid GmbH", "Certificate No.: AC 1001", "Issue date: 03/01/2025", "Expiry date: 02/28/2028"];
  const us = compare(document(lines), entry({}, bodies[1]), TODAY, registry);
  assert.deepEqual([statesOf(us).issued, statesOf(us).expires], ["same", "same"]);
  const de = compare(document(lines), entry(), TODAY, registry);
  assert.deepEqual([statesOf(de).issued, statesOf(de).expires], ["differs", "unread"]); // 3 January 2025; no 28th month
  const nowhere = compare(document(lines), entry({}, { ...bodies[0], country: "CA" }), TODAY, registry);
  assert.deepEqual([statesOf(nowhere).issued, statesOf(nowhere).expires], ["unread", "unread"]);
  assert.equal(nowhere.verdict, "match");
});

test("phrases are compared without case, accents or punctuation; status templates filled with long dates", () => {
  assert.ok(containsPhrase(["design", "and", "manufacture", "of", "parts"], "Design & manufacture-of parts".replace("&", "and")));
  assert.ok(!containsPhrase(["design", "manufacture"], "design and manufacture"));
  assert.ok(!containsPhrase([], ""));
  assert.equal(fillStatus("Withdrawn on {status_date} ({edition}) {unknown}", { statusDate: "2026-03-03", transitionEdition: "2013" }), "Withdrawn on 3 March 2026 (2013) {unknown}");
});

test("QR codes: this registry, a listed body's directory or website, anything else, plain text", () => {
  const where = { origins: [new URL("https://registry.example/sub/")], bodies };
  assert.deepEqual(classifyLink("https://registry.example/sub/certificates/alpha-cert/ac-1001/", where), { kind: "registry", url: "https://registry.example/sub/certificates/alpha-cert/ac-1001/", path: "certificates/alpha-cert/ac-1001/" });
  assert.equal(classifyLink("https://registry.example/other/", where).kind, "other");
  const directory = classifyLink("https://alpha-cert.example/directory/AC-1001", where);
  assert.deepEqual([directory.kind, directory.place, directory.body.name], ["body", "directory", "Alpha Cert GmbH"]);
  assert.deepEqual([classifyLink("https://gamma.example/about", where).kind, classifyLink("https://gamma.example/about", where).place], ["body", "website"]);
  assert.equal(classifyLink("https://alpha-cert.example.evil.example/directory/AC-1001", where).kind, "other");
  assert.equal(classifyLink("https://alpha-cert.example/directoryx", where).kind, "body"); // its website still
  assert.equal(classifyLink("javascript:alert(1)", where).kind, "other");
  assert.deepEqual(classifyLink("CERT AC-1001 VALID", where), { kind: "text", text: "CERT AC-1001 VALID" });
});
