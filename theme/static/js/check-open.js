// certreg supplier-list check: opening a file (no DOM but the spreadsheet reader's script tag). Tells
// an old Excel file, a zip and text apart by their first bytes, refuses what is past the limits before
// reading or unpacking it (check-limits.js), names a zip that is not a workbook, and says in plain words
// why a file cannot be read. docs/check.md.
// A Zip64 directory (parts of 4 GB or more) is refused as unpacking to at least 4 GB.

import { decodeBytes, hasText } from "./check-parse.js";
import { archiveKind, inflatesAsDeclared, readZipDirectory, ZipError } from "./check-zip.js";
import { fileTooBig, unpacksTooBig } from "./check-limits.js";
import { readWorkbook, ReaderUnavailable, SheetTooBig, WorkbookUnreadable } from "./check-xlsx.js";
import { _, number } from "./i18n.js";

/** True for a zip archive (an .xlsx workbook is one). */
export function isZip(bytes) {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** True for an Excel 97-2003 workbook (.xls, an OLE compound file), which is not read. */
export function isOldExcel(bytes) {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

/**
 * Open a File: `{ text, note }` (the list, and a sentence saying how it was read), or `{ problem }`,
 * a sentence saying why it is refused and what to do.
 */
export async function openList(file) {
  const name = file.name;
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (isOldExcel(head)) return { problem: _("“{name}” is an Excel 97–2003 workbook (.xls), which this page cannot read: save it as .xlsx or CSV.", { name }) };
  const tooBig = fileTooBig(name, file.size, isZip(head));
  if (tooBig) return { problem: tooBig };
  const buffer = await file.arrayBuffer();
  if (isZip(head)) return openWorkbook(name, buffer);
  const { text, encoding } = decodeBytes(buffer);
  if (!hasText(text)) return { problem: _("The file “{name}” is empty: nothing to check.", { name }) };
  const how = encoding === "Windows-1252" ? _("{encoding} (it is not UTF-8)", { encoding }) : encoding;
  return { text, note: _("Opened “{name}”, read as {encoding}.", { name, encoding: how }) };
}

/** The refusal of a zip from its directory alone, or "" when it is a workbook within the limits. */
export function zipProblem(name, buffer) {
  let directory;
  try {
    directory = readZipDirectory(buffer);
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    if (error.reason === "zip64") return unpacksTooBig(name, 4 * 1024 ** 3);
    return _("“{name}” is a damaged zip archive (its table of contents is missing): open the workbook in Excel and save it again.", { name });
  }
  const kind = archiveKind(directory.entries);
  if (kind !== "workbook") return _("“{name}” is {kind}, not an Excel workbook: open an .xlsx workbook, a CSV or a TSV file.", { name, kind });
  return unpacksTooBig(name, directory.uncompressed);
}

/** The refusal of a zip whose parts unpack to more than its directory says, or "" when none does. */
export async function unpackedSizeProblem(name, buffer) {
  try {
    if (await inflatesAsDeclared(buffer, readZipDirectory(buffer).entries)) return "";
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    return _("“{name}” is a damaged zip archive (a part of it cannot be unpacked): open the workbook in Excel and save it again.", { name });
  }
  return _("The workbook “{name}” holds more than its table of contents says, as a damaged or deliberately crafted file does; it was not opened. Open it in Excel and save it again.", { name });
}

async function openWorkbook(name, buffer) {
  const problem = zipProblem(name, buffer) || (await unpackedSizeProblem(name, buffer));
  if (problem) return { problem };
  let book;
  try {
    book = await readWorkbook(buffer);
  } catch (error) {
    if (error instanceof SheetTooBig || error instanceof ReaderUnavailable) return { problem: error.message };
    if (error instanceof WorkbookUnreadable) {
      return { problem: _("“{name}” could not be read as an Excel workbook: it may be damaged, or protected with a password. Open it in Excel and save it again as .xlsx or CSV.", { name }) };
    }
    throw error;
  }
  if (!hasText(book.text)) return { problem: _("The workbook “{name}” has no sheet with data: nothing to check.", { name }) };
  const fields = { name, sheet: book.sheet };
  if (book.sheets > 1) return { text: book.text, note: _("Opened the Excel workbook “{name}”, sheet “{sheet}” (the first of {count} sheets with data).", { ...fields, count: number(book.sheets) }) };
  return { text: book.text, note: _("Opened the Excel workbook “{name}”, sheet “{sheet}”.", fields) };
}
