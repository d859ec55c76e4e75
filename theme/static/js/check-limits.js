// certreg supplier-list check: the limits of what the page reads, and the plain-words refusals when a
// list or a file goes past them (pure functions, no DOM). Every limit is checked before the work it
// bounds: a file's size before it is read, a workbook's unpacked size (from its zip directory) before
// anything is unpacked, rows, columns and cell lengths while the list is split, so a refusal comes at
// once and nothing is cut short. docs/check.md lists them.

import { _, ngettext, number } from "./i18n.js";

export const MAX_ROWS = 5000; // rows checked at a time, the column names not counted
export const MAX_COLUMNS = 200;
export const MAX_CELL = 10000; // characters in one cell
export const MAX_TEXT = 16 * 1024 * 1024; // characters pasted, or bytes of a CSV or TSV file
export const MAX_WORKBOOK = 16 * 1024 * 1024; // bytes of an .xlsx file
export const MAX_UNPACKED = 48 * 1024 * 1024; // bytes of all the parts of an .xlsx, unpacked

const count = number;

/** A size in words: "16 MB", "512 KB", "830 bytes". */
export function size(bytes) {
  if (bytes >= 1024 * 1024) return _("{size} MB", { size: count(Math.round(bytes / (1024 * 1024))) });
  if (bytes >= 1024) return _("{size} KB", { size: count(Math.round(bytes / 1024)) });
  return ngettext("{count} byte", "{count} bytes", bytes);
}

const SPLIT = _("Split it into parts of {rows} rows or fewer.", { rows: count(MAX_ROWS) });

/** The refusal of a list with more rows than MAX_ROWS (known while splitting, so not the exact count). */
export function tooManyRows() {
  return `${_("This list has more than {rows} rows; the page checks at most {rows} at a time.", { rows: count(MAX_ROWS) })} ${SPLIT}`;
}

/** The refusal of a row (0: the whole sheet) wider than MAX_COLUMNS. */
export function tooManyColumns(row) {
  const fields = { row: count(row), columns: count(MAX_COLUMNS) };
  const where = row ? _("Row {row} has more than {columns} columns; the page reads at most {columns}.", fields) : _("The sheet has more than {columns} columns; the page reads at most {columns}.", fields);
  return `${where} ${_("Keep only the columns that say who the supplier is (name, country, certificate number, standard, identifiers) and open the list again.")}`;
}

/** The refusal of a cell longer than MAX_CELL characters. */
export function cellTooLong(row, column) {
  return _("Row {row}, column {column} holds more than {characters} characters, the most one cell may hold. Check that this is the supplier list (a quote left open joins the rest of the file into one cell).", { row: count(row), column: count(column), characters: count(MAX_CELL) });
}

/** The refusal of pasted text longer than MAX_TEXT characters. */
export function pasteTooLong(length) {
  return `${_("The text in the box has {length} characters; the page reads at most {most}.", { length: count(length), most: count(MAX_TEXT) })} ${SPLIT}`;
}

/**
 * The refusal of a file before it is read, or "" when its size is within the limit for its kind
 * (`workbook` for .xlsx, else text).
 */
export function fileTooBig(name, bytes, workbook) {
  const limit = workbook ? MAX_WORKBOOK : MAX_TEXT;
  if (bytes <= limit) return "";
  return `${_("The file “{name}” is {size}; the page opens files of at most {most}.", { name, size: size(bytes), most: size(limit) })} ${SPLIT}`;
}

/** The refusal of a workbook that unpacks to more than MAX_UNPACKED bytes, or "" when it does not. */
export function unpacksTooBig(name, unpacked) {
  if (unpacked <= MAX_UNPACKED) return "";
  return _("The workbook “{name}” unpacks to {size}; the page opens workbooks of at most {most} unpacked, far more than a list of {rows} suppliers needs. Save the supplier sheet alone as CSV and open that.", { name, size: size(unpacked), most: size(MAX_UNPACKED), rows: count(MAX_ROWS) });
}

/** The refusal of a worksheet with more rows or columns than the limits, or "" when it fits. */
export function sheetTooBig(rows, columns) {
  if (columns > MAX_COLUMNS) return tooManyColumns(0);
  if (rows > MAX_ROWS + 1) return tooManyRows();
  return "";
}
