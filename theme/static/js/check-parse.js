// certreg supplier-list check: reading a pasted or opened list (pure functions, no DOM).
// Decodes bytes (UTF-8, UTF-16 with a byte-order mark, else Windows-1252), finds the delimiter,
// splits quoted CSV/TSV (RFC 4180) and recognizes column headers. docs/check.md.

import { tokenize } from "./fold.js";
import { HEADER_ALIASES } from "./check-headers.js";
import { MAX_CELL, MAX_COLUMNS, MAX_ROWS, MAX_TEXT, cellTooLong, pasteTooLong, tooManyColumns, tooManyRows } from "./check-limits.js";
import { _, ngettext } from "./i18n.js";

export { MAX_ROWS };
// The list's own fields; after them come the identifier schemes, whose ids and labels the page
// takes from build.json (certreg.enrich.identifiers), the one place they are worded.
export const LIST_FIELDS = ["name", "country", "certificate", "standard"];
export const LIST_FIELD_LABELS = {
  name: _("Name"),
  country: _("Country"),
  certificate: _("Certificate number"),
  standard: _("Standard"),
};
const NARROWING = ["country", "standard"]; // fields that only narrow a match, never make one
const DELIMITERS = { "\t": _("tabs"), ";": _("semicolons"), ",": _("commas") };

/** The fields a list's columns can hold: the list's own, then each identifier scheme of the build. */
export function checkFields(identifiers) {
  return [...LIST_FIELDS, ...identifiers.map((scheme) => scheme.id)];
}

// Folded header text → field, for `fields` only, from the one list `certreg import` reads too
// (core/column_headers.json), which also names fields the check does not match on, and from each
// field's label in the site's language (`labels`: "Zertifikatsnummer", "Numéro de TVA"), so a list
// headed in the site's language is read as well as one headed in English.
function headerMap(fields, labels) {
  const map = new Map();
  for (const field of fields) for (const name of HEADER_ALIASES[field] || []) map.set(name, field);
  for (const field of fields) {
    const name = labels[field] ? tokenize(labels[field]).join(" ") : "";
    if (name && !map.has(name)) map.set(name, field);
  }
  return map;
}

/** The field of `fields` a header names, or "" when it is not recognized. */
export function headerField(header, fields, labels = LIST_FIELD_LABELS) {
  return headerMap(fields, labels).get(tokenize(header).join(" ")) || "";
}

/** One field of `fields` per column from the header row; a field is given to its first column only. */
export function recognizeHeaders(header, fields, labels = LIST_FIELD_LABELS) {
  const map = headerMap(fields, labels);
  const taken = new Set();
  return header.map((cell) => {
    const field = map.get(tokenize(cell).join(" ")) || "";
    if (!field || taken.has(field)) return "";
    taken.add(field);
    return field;
  });
}

/** Decode a file's bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252; names the encoding. */
export function decodeBytes(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "UTF-16" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "UTF-16" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "UTF-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "Windows-1252" };
  }
}

/** The delimiter of a list: tab if its first line has one, else the more frequent of ; and ,. */
export function detectDelimiter(text) {
  const first = firstLine(text);
  if (first.includes("\t")) return "\t";
  const count = (c) => first.split(c).length - 1;
  if (count(";") === 0 && count(",") === 0) return "\t";
  return count(";") >= count(",") ? ";" : ",";
}

// Jumps from quote to quote and line end to line end (a megabyte-long first line is not walked char by char).
function firstLine(text) {
  const special = /["\r\n]/g;
  let quoted = false;
  for (let found = special.exec(text); found; found = special.exec(text)) {
    if (found[0] === '"') quoted = !quoted;
    else if (!quoted) return text.slice(0, found.index);
  }
  return text;
}

/** A list past a limit while it is split: `problem` names which ("too_many", "too_wide", "cell_too_long"). */
export class ListTooBig extends Error {
  constructor(problem, message) {
    super(message);
    this.problem = problem;
  }
}

/**
 * Splits delimited text into rows of cells (RFC 4180 quotes; CRLF, LF or CR line ends) a slice at a
 * time, so that a caller can yield between slices; throws ListTooBig as soon as a limit is passed
 * (`rows` counts the column names' row too), so a list far over a limit costs no more than one at it.
 */
export class RowSplitter {
  constructor(text, delimiter, { rows = Infinity, columns = Infinity, cell = Infinity } = {}) {
    this.text = text;
    this.delimiter = delimiter;
    this.limits = { rows, columns, cell };
    this.special = new RegExp(`[${delimiter === "\t" ? "\\t" : delimiter}"\\r\\n]`, "g");
    this.at = 0;
    this.rows = [];
    this.row = [];
    this.width = 0;
  }

  get done() {
    return this.at > this.text.length;
  }

  /** Split about `budget` more characters (at least one cell); true when the text is done. */
  step(budget = Infinity) {
    const stop = this.at + budget;
    while (this.at <= this.text.length && this.at < stop) this.nextCell();
    return this.done;
  }

  nextCell() {
    const { text } = this;
    let cell;
    if (text[this.at] === '"') cell = this.quotedCell();
    else {
      this.special.lastIndex = this.at;
      const found = this.special.exec(text);
      const end = found && text[found.index] !== '"' ? found.index : this.plainEnd(found);
      cell = text.slice(this.at, end);
      this.at = end;
    }
    this.push(cell);
  }

  // A quote inside an unquoted cell is kept as text, as before: look on to the delimiter or line end.
  plainEnd(found) {
    if (!found) return this.text.length;
    this.special.lastIndex = found.index + 1;
    for (let next = this.special.exec(this.text); next; next = this.special.exec(this.text)) {
      if (this.text[next.index] !== '"') return next.index;
    }
    return this.text.length;
  }

  quotedCell() {
    const { text } = this;
    let cell = "";
    let from = this.at + 1;
    for (;;) {
      const quote = text.indexOf('"', from);
      if (quote < 0) {
        cell += text.slice(from);
        this.at = text.length;
        return this.checkLength(cell);
      }
      cell += text.slice(from, quote);
      this.checkLength(cell);
      if (text[quote + 1] !== '"') {
        this.at = quote + 1;
        return cell + this.plainTail();
      }
      cell += '"';
      from = quote + 2;
    }
  }

  // Text after a closing quote, up to the delimiter or line end, is kept as part of the cell.
  plainTail() {
    this.special.lastIndex = this.at;
    const found = this.special.exec(this.text);
    const end = found ? (this.text[found.index] === '"' ? this.plainEnd(found) : found.index) : this.text.length;
    const tail = this.text.slice(this.at, end);
    this.at = end;
    return tail;
  }

  checkLength(cell) {
    if (cell.length > this.limits.cell) throw new ListTooBig("cell_too_long", cellTooLong(this.rows.length + 1, this.row.length + 1));
    return cell;
  }

  push(cell) {
    const { text } = this;
    this.checkLength(cell);
    if (this.row.length >= this.limits.columns) throw new ListTooBig("too_wide", tooManyColumns(this.rows.length + 1));
    this.row.push(cell);
    const c = text[this.at];
    if (c === this.delimiter) return void this.at++;
    if (c === "\r" && text[this.at + 1] === "\n") this.at++;
    this.at++;
    this.endRow(c === undefined);
  }

  endRow(last) {
    const row = this.row;
    this.row = [];
    if (last && row.length === 1 && row[0] === "") return;
    if (!row.some((value) => value.trim() !== "") && row.length <= 1) return;
    if (this.rows.length >= this.limits.rows) throw new ListTooBig("too_many", tooManyRows());
    this.rows.push(row);
    if (row.length > this.width) this.width = row.length;
  }
}

/** Split delimited text into rows of cells (RFC 4180 quotes; CRLF, LF or CR line ends), in one go. */
export function splitRows(text, delimiter) {
  const splitter = new RowSplitter(text, delimiter);
  splitter.step();
  return splitter.rows;
}

/**
 * Read a list: its header, data rows, the delimiter and the fields of `fields` recognized, or a problem
 * (`empty`, `too_long`, `too_many`, `too_wide`, `cell_too_long`, `no_columns`) with a message. Every
 * non-blank line is a row.
 */
export function readList(text, hasHeader, fields, labels = LIST_FIELD_LABELS) {
  const start = beginList(text, hasHeader);
  if (start.problem) return start;
  try {
    start.splitter.step();
  } catch (error) {
    return refusal(error);
  }
  return finishList(start, hasHeader, fields, labels);
}

/** readList, splitting SLICE characters at a time and awaiting `pause()` between slices. */
export async function readListInSlices(text, hasHeader, fields, pause, slice = SLICE, labels = LIST_FIELD_LABELS) {
  const start = beginList(text, hasHeader);
  if (start.problem) return start;
  try {
    while (!start.splitter.step(slice)) await pause();
  } catch (error) {
    return refusal(error);
  }
  return finishList(start, hasHeader, fields, labels);
}

/** True when the text holds anything but white space (without copying megabytes as trim() would). */
export function hasText(text) {
  return Boolean(text) && /\S/.test(text);
}

export const SLICE = 64 * 1024; // characters split between two yields: a few milliseconds

function beginList(text, hasHeader) {
  if (!hasText(text)) return { problem: "empty", message: _("The list is empty: paste cells from a spreadsheet or open a CSV or TSV file.") };
  if (text.length > MAX_TEXT) return { problem: "too_long", message: pasteTooLong(text.length) };
  const delimiter = detectDelimiter(text);
  const limits = { rows: MAX_ROWS + (hasHeader ? 1 : 0), columns: MAX_COLUMNS, cell: MAX_CELL };
  return { delimiter, splitter: new RowSplitter(text.startsWith("\uFEFF") ? text.slice(1) : text, delimiter, limits) };
}

function refusal(error) {
  if (error instanceof ListTooBig) return { problem: error.problem, message: error.message };
  throw error;
}

function finishList({ delimiter, splitter }, hasHeader, fields, labels) {
  const all = splitter.rows;
  const width = splitter.width;
  const header = hasHeader ? padded(all[0], width) : Array.from({ length: width }, (cell, i) => _("Column {number}", { number: i + 1 }));
  const rows = (hasHeader ? all.slice(1) : all).map((r) => padded(r, width));
  const found = hasHeader ? recognizeHeaders(header, fields, labels) : header.map(() => "");
  const result = { header, rows, delimiter, delimiterName: DELIMITERS[delimiter], fields: found, hasHeader };
  if (!rows.length) return { ...result, problem: "empty", message: _("The list has column names but no rows to check.") };
  if (!canMatch(found)) return { ...result, problem: "no_columns", message: noColumnsMessage(result) };
  return result;
}

/** True when the fields chosen let a row be matched at all: a name, a certificate number or an identifier. */
export function canMatch(fields) {
  return fields.some((f) => f && !NARROWING.includes(f));
}

function noColumnsMessage({ header, delimiterName, hasHeader }) {
  if (header.length === 1) {
    return _("Only one column was found (“{header}”). Columns must be separated by tabs (as copied from a spreadsheet), commas or semicolons. Or say below which column holds what.", { header: header[0].slice(0, 60) });
  }
  const fields = { separated: delimiterName };
  const start = hasHeader
    ? ngettext("No column name was recognized among {count} column separated by {separated}.", "No column name was recognized among {count} columns separated by {separated}.", header.length, fields)
    : ngettext("No column is assigned yet among {count} column separated by {separated}.", "No column is assigned yet among {count} columns separated by {separated}.", header.length, fields);
  return `${start} ${_("Say below which column holds the name, certificate number or an identifier.")}`;
}

function padded(row, width) {
  while (row.length < width) row.push("");
  return row;
}

/** The values of one row by field, trimmed; fields not assigned are absent. */
export function rowValues(row, fields) {
  const values = {};
  fields.forEach((field, i) => {
    if (field && row[i] !== undefined && row[i].trim() !== "") values[field] = row[i].trim();
  });
  return values;
}
