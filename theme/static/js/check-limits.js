// certreg supplier-list check: the limits of what the page reads, and the plain-words refusals when a
// list or a file goes past them (pure functions, no DOM). Every limit is checked before the work it
// bounds: a file's size before it is read, a workbook's unpacked size (from its zip directory) before
// anything is unpacked, rows, columns and cell lengths while the list is split, so a refusal comes at
// once and nothing is cut short. docs/check.md lists them.

export const MAX_ROWS = 5000; // rows checked at a time, the column names not counted
export const MAX_COLUMNS = 200;
export const MAX_CELL = 10000; // characters in one cell
export const MAX_TEXT = 16 * 1024 * 1024; // characters pasted, or bytes of a CSV or TSV file
export const MAX_WORKBOOK = 16 * 1024 * 1024; // bytes of an .xlsx file
export const MAX_UNPACKED = 48 * 1024 * 1024; // bytes of all the parts of an .xlsx, unpacked

const count = (n) => n.toLocaleString("en");

/** A size in words: "16 MB", "512 KB", "830 bytes". */
export function size(bytes) {
  if (bytes >= 1024 * 1024) return `${count(Math.round(bytes / (1024 * 1024)))} MB`;
  if (bytes >= 1024) return `${count(Math.round(bytes / 1024))} KB`;
  return `${count(bytes)} bytes`;
}

const SPLIT = `Split it into parts of ${count(MAX_ROWS)} rows or fewer.`;

/** The refusal of a list with more rows than MAX_ROWS (known while splitting, so not the exact count). */
export function tooManyRows() {
  return `This list has more than ${count(MAX_ROWS)} rows; the page checks at most ${count(MAX_ROWS)} at a time. ${SPLIT}`;
}

/** The refusal of a row (0: the whole sheet) wider than MAX_COLUMNS. */
export function tooManyColumns(row) {
  const where = row ? `Row ${count(row)}` : "The sheet";
  return `${where} has more than ${count(MAX_COLUMNS)} columns; the page reads at most ${count(MAX_COLUMNS)}. Keep only the columns that say who the supplier is (name, country, certificate number, standard, identifiers) and open the list again.`;
}

/** The refusal of a cell longer than MAX_CELL characters. */
export function cellTooLong(row, column) {
  return `Row ${count(row)}, column ${count(column)} holds more than ${count(MAX_CELL)} characters, the most one cell may hold. Check that this is the supplier list (a quote left open joins the rest of the file into one cell).`;
}

/** The refusal of pasted text longer than MAX_TEXT characters. */
export function pasteTooLong(length) {
  return `The text in the box has ${count(length)} characters; the page reads at most ${count(MAX_TEXT)}. ${SPLIT}`;
}

/**
 * The refusal of a file before it is read, or "" when its size is within the limit for its kind
 * (`workbook` for .xlsx, else text).
 */
export function fileTooBig(name, bytes, workbook) {
  const limit = workbook ? MAX_WORKBOOK : MAX_TEXT;
  if (bytes <= limit) return "";
  return `The file “${name}” is ${size(bytes)}; the page opens files of at most ${size(limit)}. ${SPLIT}`;
}

/** The refusal of a workbook that unpacks to more than MAX_UNPACKED bytes, or "" when it does not. */
export function unpacksTooBig(name, unpacked) {
  if (unpacked <= MAX_UNPACKED) return "";
  return `The workbook “${name}” unpacks to ${size(unpacked)}; the page opens workbooks of at most ${size(MAX_UNPACKED)} unpacked, far more than a list of ${count(MAX_ROWS)} suppliers needs. Save the supplier sheet alone as CSV and open that.`;
}

/** The refusal of a worksheet with more rows or columns than the limits, or "" when it fits. */
export function sheetTooBig(rows, columns) {
  if (columns > MAX_COLUMNS) return tooManyColumns(0);
  if (rows > MAX_ROWS + 1) return tooManyRows();
  return "";
}
