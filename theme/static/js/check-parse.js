// certreg supplier-list check: reading a pasted or opened list (pure functions, no DOM).
// Decodes bytes (UTF-8, UTF-16 with a byte-order mark, else Windows-1252), finds the delimiter,
// splits quoted CSV/TSV (RFC 4180) and recognizes column headers. docs/check.md.

import { tokenize } from "./fold.js";
import { HEADER_ALIASES } from "./check-headers.js";

export const MAX_ROWS = 5000;
// The list's own fields; after them come the identifier schemes, whose ids and labels the page
// takes from build.json (certreg.enrich.identifiers), the one place they are worded.
export const LIST_FIELDS = ["name", "country", "certificate", "standard"];
export const LIST_FIELD_LABELS = {
  name: "Name",
  country: "Country",
  certificate: "Certificate number",
  standard: "Standard",
};
const NARROWING = ["country", "standard"]; // fields that only narrow a match, never make one
const DELIMITERS = { "\t": "tabs", ";": "semicolons", ",": "commas" };

/** The fields a list's columns can hold: the list's own, then each identifier scheme of the build. */
export function checkFields(identifiers) {
  return [...LIST_FIELDS, ...identifiers.map((scheme) => scheme.id)];
}

// Folded header text → field, for `fields` only, from the one list `certreg import` reads too
// (core/column_headers.json), which also names fields the check does not match on.
function headerMap(fields) {
  const map = new Map();
  for (const field of fields) for (const name of HEADER_ALIASES[field] || []) map.set(name, field);
  return map;
}

/** The field of `fields` a header names, or "" when it is not recognized. */
export function headerField(header, fields) {
  return headerMap(fields).get(tokenize(header).join(" ")) || "";
}

/** One field of `fields` per column from the header row; a field is given to its first column only. */
export function recognizeHeaders(header, fields) {
  const map = headerMap(fields);
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

function firstLine(text) {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) return text.slice(0, i);
  }
  return text;
}

/** Split delimited text into rows of cells (RFC 4180 quotes; CRLF, LF or CR line ends). */
export function splitRows(text, delimiter) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === delimiter) row.push(cell), (cell = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell), rows.push(row), (row = []), (cell = "");
    } else cell += c;
  }
  if (cell !== "" || row.length) row.push(cell), rows.push(row);
  return rows.filter((r) => r.some((value) => value.trim() !== "") || r.length > 1);
}

/**
 * Read a list: its header, data rows, the delimiter and the fields of `fields` recognized, or a problem
 * (`empty`, `too_many`, `no_columns`) with a message. Every non-blank line is a row.
 */
export function readList(text, hasHeader, fields) {
  if (!text || !text.trim()) return { problem: "empty", message: "The list is empty: paste cells from a spreadsheet or open a CSV or TSV file." };
  const delimiter = detectDelimiter(text);
  const all = splitRows(text.replace(/^\uFEFF/, ""), delimiter);
  const width = Math.max(...all.map((r) => r.length));
  const header = hasHeader ? padded(all[0], width) : Array.from({ length: width }, (_, i) => `Column ${i + 1}`);
  const rows = (hasHeader ? all.slice(1) : all).map((r) => padded(r, width));
  const found = hasHeader ? recognizeHeaders(header, fields) : header.map(() => "");
  const result = { header, rows, delimiter, delimiterName: DELIMITERS[delimiter], fields: found, hasHeader };
  if (rows.length > MAX_ROWS) {
    return { ...result, problem: "too_many", message: `This list has ${rows.length.toLocaleString("en")} rows; the page checks at most ${MAX_ROWS.toLocaleString("en")} at a time. Split it into parts of ${MAX_ROWS.toLocaleString("en")} rows or fewer.` };
  }
  if (!rows.length) return { ...result, problem: "empty", message: "The list has column names but no rows to check." };
  if (!canMatch(found)) return { ...result, problem: "no_columns", message: noColumnsMessage(result) };
  return result;
}

/** True when the fields chosen let a row be matched at all: a name, a certificate number or an identifier. */
export function canMatch(fields) {
  return fields.some((f) => f && !NARROWING.includes(f));
}

function noColumnsMessage({ header, delimiterName, hasHeader }) {
  if (header.length === 1) {
    return `Only one column was found (“${header[0].slice(0, 60)}”). Columns must be separated by tabs (as copied from a spreadsheet), commas or semicolons. Or say below which column holds what.`;
  }
  const start = hasHeader ? "No column name was recognized" : "No column is assigned yet";
  return `${start} among ${header.length} columns separated by ${delimiterName}. Say below which column holds the name, certificate number or an identifier.`;
}

function padded(row, width) {
  return row.length >= width ? row : [...row, ...Array(width - row.length).fill("")];
}

/** The values of one row by field, trimmed; fields not assigned are absent. */
export function rowValues(row, fields) {
  const values = {};
  fields.forEach((field, i) => {
    if (field && row[i] !== undefined && row[i].trim() !== "") values[field] = row[i].trim();
  });
  return values;
}
