// Unit tests of theme/static/js/verify-extract.js: what a certificate document's text says.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  dateOrder, documentFields, findDates, findStandards, labelledDates, linesFromItems, numberKeys, resolveDate, segments, utcDate,
} from "../../theme/static/js/verify-extract.js";

const iso = (time) => (time === null ? null : new Date(time).toISOString().slice(0, 10));
const fieldsOf = (lines) => labelledDates(lines).map((d) => [d.field, d.raw, d.parts ? d.parts : iso(d.time)]);

test("every date shape the issue lists is read", () => {
  for (const [text, expected] of [
    ["9 May 2027", "2027-05-09"],
    ["09.05.2027", "2027-05-09"],
    ["9. 5. 2027", "2027-05-09"],
    ["2027-05-09", "2027-05-09"],
    ["May 9, 2027", "2027-05-09"],
    ["9th of May 2027", "2027-05-09"],
    ["09-May-2027", "2027-05-09"],
    ["Sept. 30, 2027", "2027-09-30"],
    ["9. Mai 2027", "2027-05-09"],
    ["9 août 2027", "2027-08-09"],
    ["9 de mayo de 2027", "2027-05-09"],
    ["9 maggio 2027", "2027-05-09"],
  ]) {
    const [date] = findDates(`Valid until ${text}.`);
    assert.equal(iso(date.time), expected, text);
    assert.equal(date.raw, text);
  }
});

test("impossible dates and numbers that merely look like dates are not read", () => {
  assert.deepEqual(findDates("31.02.2027 and 2027-13-01 and 30 February 2027"), []);
  assert.deepEqual(findDates("ISO 9001:2015, page 1 of 2, 12.5.1 tolerance"), []);
  assert.equal(utcDate(2028, 2, 29) !== null, true);
  assert.equal(utcDate(2027, 2, 29), null);
});

test("09/05/2027 is read only with the country's order of day and month", () => {
  const [date] = findDates("Expires 09/05/2027");
  assert.deepEqual(date.parts, [9, 5, 2027]);
  assert.equal(iso(resolveDate(date, dateOrder("DE"))), "2027-05-09");
  assert.equal(iso(resolveDate(date, dateOrder("US"))), "2027-09-05");
  assert.equal(resolveDate(date, dateOrder("CA")), null); // Canada prints both orders
  assert.equal(resolveDate(date, dateOrder("")), null);
  assert.equal(resolveDate(findDates("Expires 25/12/2027")[0], "mdy"), null); // never swapped to fit
});

test("a date's field comes from the label before it, in several languages and layouts", () => {
  assert.deepEqual(fieldsOf(["Valid from 01.03.2025 to 28.02.2028"]), [["issued", "01.03.2025", "2025-03-01"], ["expires", "28.02.2028", "2028-02-28"]]);
  assert.deepEqual(fieldsOf(["Original issue date: 1st March 2019"]), [["original", "1st March 2019", "2019-03-01"]]);
  assert.deepEqual(fieldsOf(["Gültig bis 9. Mai 2027"]), [["expires", "9. Mai 2027", "2027-05-09"]]);
  assert.deepEqual(fieldsOf(["01.03.2025 – 28.02.2028"]), [["issued", "01.03.2025", "2025-03-01"], ["expires", "28.02.2028", "2028-02-28"]]);
  assert.deepEqual(fieldsOf(["Audit date: 2025-02-10"]), [["other", "2025-02-10", "2025-02-10"]]);
  assert.deepEqual(fieldsOf(["Issue date     Expiry date", "01.03.2025     28.02.2028"]), [["issued", "01.03.2025", "2025-03-01"], ["expires", "28.02.2028", "2028-02-28"]]);
  assert.deepEqual(fieldsOf(["Expiry date:", "28 February 2028"]), [["expires", "28 February 2028", "2028-02-28"]]);
  assert.deepEqual(fieldsOf(["Printed 2026-01-05 in Hamburg"]), [["other", "2026-01-05", "2026-01-05"]]);
  assert.deepEqual(fieldsOf(["Hamburg, 2026-01-05"]), [[null, "2026-01-05", "2026-01-05"]]);
});

test("standards in their usual spellings, with and without an edition", () => {
  const read = (text) => findStandards(text).map((s) => [s.number, s.edition]);
  assert.deepEqual(read("DIN EN ISO 9001 : 2015"), [["9001", "2015"]]);
  assert.deepEqual(read("ISO/IEC 27001:2022 and ISO 14001 (2015)"), [["27001", "2022"], ["14001", "2015"]]);
  assert.deepEqual(read("BS OHSAS 18001:2007"), [["18001", "2007"]]);
  assert.deepEqual(read("ISO9001-2015"), [["9001", "2015"]]);
  assert.deepEqual(read("ISO 27001"), [["27001", ""]]);
  assert.deepEqual(read("UNE-EN ISO 14001:2015"), [["14001", "2015"]]);
  assert.deepEqual(read("Liaison ISO 45001:2018, ISO 50001:2018"), [["45001", "2018"], ["50001", "2018"]]);
});

test("number keys: labelled ones first (letters-only too), then words with digits, never dates or standards", () => {
  const keys = numberKeys(["Certificate No.: QMS-DE-000123-2025", "Registration number ABCDEFGH", "blah QMS DE 000123/2025 ISO 9001:2015 valid until 2027-05-09"]);
  const labelled = keys.filter((k) => k.labelled).map((k) => k.key);
  assert.deepEqual(labelled.slice(0, 2), ["qmsde0001232025", "abcdefgh"]);
  assert.ok(!keys.some((k) => !k.labelled && /[a-z]/.test(k.key) && !/\d/.test(k.key)));
  const loose = keys.filter((k) => !k.labelled).map((k) => k.key);
  assert.ok(loose.includes("de0001232025"));
  assert.ok(!loose.some((k) => k.includes("9001") || k.includes("20270509")));
  assert.equal(new Set(keys.map((k) => k.key)).size, keys.length);
});

test("text items become lines top to bottom, columns kept apart", () => {
  const lines = linesFromItems([
    { str: "28.02.2028", x: 300, y: 700, width: 60, height: 10 },
    { str: "Expiry date", x: 300, y: 720, width: 60, height: 10 },
    { str: "Issue date", x: 50, y: 720, width: 50, height: 10 },
    { str: "01.03.2025", x: 50, y: 700.5, width: 60, height: 10 },
    { str: " ", x: 10, y: 500, width: 5, height: 10 },
  ]);
  assert.deepEqual(lines, ["Issue date   Expiry date", "01.03.2025   28.02.2028"]);
  assert.deepEqual(fieldsOf(lines).map(([field]) => field), ["issued", "expires"]);
});

test("organization, scope and words of a certificate's text", () => {
  const fields = documentFields([
    "This is to certify that",
    "Müller Präzisionsteile GmbH",
    "Scope:",
    "Design and manufac-",
    "ture of precision parts",
    "Certificate No.: ABCDEFGH",
  ]);
  assert.equal(fields.name, "Müller Präzisionsteile GmbH");
  assert.equal(fields.scope, "Design and manufacture of precision parts");
  assert.ok(fields.words.includes("muller") && fields.words.includes("manufacture"));
});

test("several certificates: pages split at each number; a page without one goes with the one before", () => {
  const pages = [["cover"], ["A text", "No. A-1", "A dates"], ["annex of A"], ["B head", "No. B-2", "B mid", "C head", "No. C-3", "C tail"]];
  const found = [{ page: 1, line: 1 }, { page: 3, line: 1 }, { page: 3, line: 4 }];
  assert.deepEqual(segments(pages, found), [
    ["cover", "A text", "No. A-1", "A dates", "annex of A"],
    ["B head", "No. B-2", "B mid"],
    ["C head", "No. C-3", "C tail"],
  ]);
  assert.deepEqual(segments(pages, []), []);
});
