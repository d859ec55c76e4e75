// The check page's limits, refused before the work they bound: the zip directory read without
// unpacking anything, and the list split with its row, column and cell limits. node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32, deflateRawSync } from "node:zlib";
import { readZipDirectory, archiveKind, inflatesAsDeclared, ZipError } from "../../theme/static/js/check-zip.js";
import { unpackedSizeProblem, zipProblem } from "../../theme/static/js/check-open.js";
import { checkFields, readList as readListFor, readListInSlices, RowSplitter, splitRows } from "../../theme/static/js/check-parse.js";
import { MAX_CELL, MAX_COLUMNS, MAX_ROWS, MAX_TEXT, MAX_UNPACKED, fileTooBig, size } from "../../theme/static/js/check-limits.js";

/** A zip archive of deflated entries, written here field by field (APPNOTE 4.3), with an optional lie. */
function zip(entries, { declare = (n) => n, comment = "" } = {}) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const body = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const fields = (header) => {
      header.writeUInt16LE(8, header.length === 30 ? 8 : 10);
      const at = header.length === 30 ? 14 : 16;
      header.writeUInt32LE(crc32(data), at);
      header.writeUInt32LE(body.length, at + 4);
      header.writeUInt32LE(declare(data.length), at + 8);
      header.writeUInt16LE(nameBytes.length, at + 12);
      return header;
    };
    const local = fields(Buffer.alloc(30));
    local.writeUInt32LE(0x04034b50, 0);
    const entry = fields(Buffer.alloc(46));
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(Buffer.byteLength(comment), 20);
  const bytes = Buffer.concat([...locals, directory, end, Buffer.from(comment)]);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
}

const FIELDS = checkFields(["lei", "vat"].map((id) => ({ id, label: id })));
const readList = (text, hasHeader = true) => readListFor(text, hasHeader, FIELDS);

const WORKBOOK_PARTS = [["[Content_Types].xml", Buffer.from("<Types/>")], ["xl/workbook.xml", Buffer.from("<workbook/>")]];

test("the zip directory gives every entry's sizes without unpacking any", () => {
  const bomb = Buffer.alloc(64 * 1024 * 1024, 0x41);
  const archive = zip([...WORKBOOK_PARTS, ["xl/worksheets/sheet1.xml", bomb]], { comment: "a comment" });
  assert.ok(archive.byteLength < 200 * 1024);
  const { entries, uncompressed } = readZipDirectory(archive);
  assert.deepEqual(entries.map((e) => e.name), ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]);
  assert.equal(entries[2].uncompressed, bomb.length);
  assert.equal(uncompressed, bomb.length + 8 + 11);
  assert.equal(archiveKind(entries), "workbook");
  assert.match(zipProblem("bomb.xlsx", archive), /^The workbook “bomb\.xlsx” unpacks to 64 MB; the page opens workbooks of at most 48 MB unpacked/);
});

test("a workbook within the unpacked limit passes; one byte over does not", () => {
  const parts = (extra) => [...WORKBOOK_PARTS, ["xl/sharedStrings.xml", Buffer.alloc(MAX_UNPACKED - 19 + extra, 0x20)]];
  assert.equal(zipProblem("ok.xlsx", zip(parts(0))), "");
  assert.match(zipProblem("over.xlsx", zip(parts(1))), /unpacks to 48 MB; the page opens workbooks of at most 48 MB/);
});

test("a zip that is not a workbook is named for what it is", () => {
  const notes = zip([["notes.txt", Buffer.from("hello")]]);
  assert.equal(zipProblem("suppliers.xlsx", notes), "“suppliers.xlsx” is a zip archive, not an Excel workbook: open an .xlsx workbook, a CSV or a TSV file.");
  const word = zip([["[Content_Types].xml", Buffer.from("<Types/>")], ["word/document.xml", Buffer.from("<w/>")]]);
  assert.match(zipProblem("list.xlsx", word), /^“list\.xlsx” is a Word document, not an Excel workbook/);
  assert.match(zipProblem("list.ods", zip([["content.xml", Buffer.from("<x/>")]])), /an OpenDocument file \(save it as \.xlsx or CSV\)/);
});

test("a damaged or Zip64 archive is refused in plain words", () => {
  const whole = zip(WORKBOOK_PARTS);
  assert.throws(() => readZipDirectory(whole.slice(0, whole.byteLength - 30)), ZipError);
  assert.match(zipProblem("cut.xlsx", whole.slice(0, 40)), /is a damaged zip archive \(its table of contents is missing\)/);
  const huge = zip(WORKBOOK_PARTS, { declare: () => 0xffffffff });
  assert.throws(() => readZipDirectory(huge), (error) => error.reason === "zip64");
  assert.match(zipProblem("huge.xlsx", huge), /unpacks to 4,096 MB/);
});

test("a file too big is refused by its size before it is read", () => {
  assert.equal(fileTooBig("a.csv", MAX_TEXT, false), "");
  assert.match(fileTooBig("a.csv", MAX_TEXT + 1, false), /^The file “a\.csv” is 16 MB; the page opens files of at most 16 MB/);
  assert.equal(size(830), "830 bytes");
  assert.equal(size(512 * 1024), "512 KB");
});

test("rows past the limit are refused as soon as the limit is passed, with no RangeError", () => {
  const huge = "Name\n" + "Acme\n".repeat(200000);
  const refused = readList(huge);
  assert.equal(refused.problem, "too_many");
  assert.match(refused.message, /more than 5,000 rows; the page checks at most 5,000 at a time/);
  assert.equal(readList("Name\n" + "Acme\n".repeat(MAX_ROWS)).rows.length, MAX_ROWS);
  assert.equal(readList("Acme\n".repeat(MAX_ROWS), false).rows.length, MAX_ROWS);
  assert.equal(readList("Acme\n".repeat(MAX_ROWS + 1), false).problem, "too_many");
});

test("columns and cells past the limits are refused with the row and column", () => {
  const wide = "Name" + "\tx".repeat(MAX_COLUMNS) + "\nAcme\n";
  assert.deepEqual([readList(wide).problem, readList(wide).message.slice(0, 40)], ["too_wide", "Row 1 has more than 200 columns; the pag"]);
  const fits = "Name" + "\tx".repeat(MAX_COLUMNS - 1) + "\nAcme\n";
  assert.equal(readList(fits).header.length, MAX_COLUMNS);
  const huge = "Name" + "\tx".repeat(20000) + "\nAcme\n";
  assert.equal(readList(huge).problem, "too_wide");
  const long = `Name\tNote\nAcme\t"${"y".repeat(MAX_CELL + 1)}"\n`;
  assert.match(readList(long).message, /^Row 2, column 2 holds more than 10,000 characters/);
  assert.equal(readList(`Name\tNote\nAcme\t${"y".repeat(MAX_CELL)}\n`).rows[0][1].length, MAX_CELL);
  const open = `Name\nAcme\n"Beta\n${"Gamma\n".repeat(3000)}`;
  assert.equal(readList(open).problem, "cell_too_long");
  assert.equal(readList("x".repeat(MAX_TEXT + 1)).problem, "too_long");
});

test("split in slices, the list is the same as split at once", async () => {
  const text = 'Name;Note\r\n"Smith; Sons";"He said ""hi""\nthen left"\r\nA"b;c\rlast;"q"tail\n\n;\n';
  const whole = splitRows(text, ";");
  assert.deepEqual(whole, [["Name", "Note"], ["Smith; Sons", 'He said "hi"\nthen left'], ['A"b', "c"], ["last", "qtail"], ["", ""]]);
  for (const slice of [1, 2, 3, 7]) {
    const splitter = new RowSplitter(text, ";");
    let steps = 0;
    while (!splitter.step(slice)) steps++;
    assert.deepEqual(splitter.rows, whole);
    assert.ok(steps > 3);
  }
  let pauses = 0;
  const read = await readListInSlices("Name\n" + "Acme Widgets\n".repeat(4000), true, FIELDS, async () => pauses++, 1000);
  assert.equal(read.rows.length, 4000);
  assert.ok(pauses >= 50);
});

test("a directory that lies about a bomb is caught by unpacking, chunk by chunk, no further than it says", async () => {
  const honest = zip([...WORKBOOK_PARTS, ["xl/worksheets/sheet1.xml", Buffer.alloc(300000, 0x41)]]);
  assert.equal(await inflatesAsDeclared(honest, readZipDirectory(honest).entries), true);
  assert.equal(await unpackedSizeProblem("ok.xlsx", honest), "");
  const lying = zip([...WORKBOOK_PARTS, ["xl/worksheets/sheet1.xml", Buffer.alloc(256 * 1024 * 1024, 0x41)]], { declare: (n) => Math.min(n, 1000) });
  assert.equal(zipProblem("bomb.xlsx", lying), "");
  assert.equal(await inflatesAsDeclared(lying, readZipDirectory(lying).entries), false);
  assert.match(await unpackedSizeProblem("bomb.xlsx", lying), /^The workbook “bomb\.xlsx” holds more than its table of contents says/);
  const bytes = new Uint8Array(honest.slice(0));
  bytes.fill(0xff, 120, 160); // over the third part's local header
  assert.match(await unpackedSizeProblem("bad.xlsx", bytes.buffer), /is a damaged zip archive \(a part of it cannot be unpacked\)/);
});
