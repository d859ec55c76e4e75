// Unit tests of theme/static/js/check-parse.js and check-csv.js: `node --test tests/js/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readList, decodeBytes, detectDelimiter, splitRows, headerField, recognizeHeaders, rowValues, checkFields, MAX_ROWS } from "../../theme/static/js/check-parse.js";
import { csvCell, toCSV, FORMULA_START } from "../../theme/static/js/check-csv.js";

// The fields of a build whose identifier schemes are these (build.json's `identifiers`).
const FIELDS = checkFields(["lei", "vat", "duns", "company_register"].map((id) => ({ id, label: id })));

test("headers in English and common variants are recognized, whatever the case and punctuation", () => {
  const cases = {
    "Supplier name": "name", "ORGANISATION": "name", "Lieferant": "name", "Country/Region": "country",
    "Cert. No.": "certificate", "Certificate #": "certificate", "ISO Standard": "standard", "LEI code": "lei",
    "VAT ID": "vat", "USt-IdNr.": "vat", "D-U-N-S": "duns", "D-U-N-S Number": "duns", "Company Reg. No.": "",
    "Registration number": "company_register", "KvK-nummer": "", "Notes": "",
  };
  for (const [header, field] of Object.entries(cases)) assert.equal(headerField(header, FIELDS), field, header);
});

test("only the fields given are recognized: an import-only column or a scheme the build lacks is not", () => {
  assert.deepEqual(recognizeHeaders(["Name", "Expiry date", "City", "VAT"], FIELDS), ["name", "", "", "vat"]);
  assert.deepEqual(recognizeHeaders(["Name", "VAT"], checkFields([])), ["name", ""]);
  assert.equal(readList("VAT\nDE1", true, checkFields([])).problem, "no_columns");
});

test("a field is given to its first column only", () => {
  assert.deepEqual(recognizeHeaders(["Name", "Company", "VAT"], FIELDS), ["name", "", "vat"]);
});

test("quoted cells keep delimiters, quotes and line breaks", () => {
  const rows = splitRows('Name;Note\r\n"Smith; Sons";"He said ""hi""\nthen left"\r\n', ";");
  assert.deepEqual(rows, [["Name", "Note"], ["Smith; Sons", 'He said "hi"\nthen left']]);
});

test("the delimiter is tab, else the more frequent of semicolon and comma in the first line", () => {
  assert.equal(detectDelimiter("a\tb,c\n"), "\t");
  assert.equal(detectDelimiter("a;b;c\n1,5;2;3"), ";");
  assert.equal(detectDelimiter('"a,b";c,d,e'), ",");
});

test("UTF-8, UTF-16 and Windows-1252 bytes are decoded and named", () => {
  // Müller in Windows-1252 (Node decodes 0x80-0x9f as Latin-1; browsers map them, e.g. 0x80 to €:
  // the browser test covers that).
  const cp1252 = new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]);
  assert.deepEqual(decodeBytes(cp1252.buffer), { text: "Müller", encoding: "Windows-1252" });
  assert.deepEqual(decodeBytes(new TextEncoder().encode("\uFEFFMüller").buffer), { text: "Müller", encoding: "UTF-8" });
  const utf16 = new Uint8Array([0xff, 0xfe, 0x4d, 0x00, 0xfc, 0x00]);
  assert.deepEqual(decodeBytes(utf16.buffer), { text: "Mü", encoding: "UTF-16" });
});

test("problems are named and nothing is cut short", () => {
  assert.equal(readList("  \n ", true, FIELDS).problem, "empty");
  assert.equal(readList("Name\n", true, FIELDS).problem, "empty");
  assert.equal(readList("Foo|Bar\n1|2", true, FIELDS).problem, "no_columns");
  assert.equal(readList("Name\n" + "x\n".repeat(MAX_ROWS + 1), true, FIELDS).problem, "too_many");
  const ok = readList("Name\n" + "x\n".repeat(MAX_ROWS), true, FIELDS);
  assert.equal(ok.problem, undefined);
  assert.equal(ok.rows.length, MAX_ROWS);
});

test("short rows are padded and values trimmed", () => {
  const list = readList("Name\tCountry\tVAT\n Acme \tDE\n", true, FIELDS);
  assert.deepEqual(list.rows, [[" Acme ", "DE", ""]]);
  assert.deepEqual(rowValues(list.rows[0], list.fields), { name: "Acme", country: "DE" });
});

test("without a header row every line is data", () => {
  const list = readList("Acme\tDE\nBeta\tFR", false, FIELDS);
  assert.equal(list.rows.length, 2);
  assert.deepEqual(list.header, ["Column 1", "Column 2"]);
});

test("every cell a spreadsheet would run as a formula is neutralized", () => {
  for (const start of FORMULA_START) assert.equal(csvCell(`${start}1+1`), `"'${start}1+1"`);
  assert.equal(csvCell('Say "hi"'), '"Say ""hi"""');
  assert.equal(csvCell(null), '""');
  assert.equal(toCSV([["a", "=b"]]), '\uFEFF"a","\'=b"\r\n');
});
