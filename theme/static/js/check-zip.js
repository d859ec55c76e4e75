// certreg supplier-list check: what a zip archive holds, read from its central directory alone (pure
// functions, no DOM, nothing inflated). Used before a workbook is handed to the spreadsheet reader, so
// that a zip bomb or a zip that is not a workbook is refused at once; then a bounded check that no
// entry unpacks to more than the directory says. docs/check.md.

import { _ } from "./i18n.js";

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_MARK = 0xffffffff;

/** A zip that cannot be read: `reason` is "truncated" (no directory found) or "zip64" (too large a format). */
export class ZipError extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

function findEndRecord(view) {
  const last = view.byteLength - END_RECORD_SIZE;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
  }
  throw new ZipError("truncated");
}

/**
 * The entries of a zip archive from its central directory: name, method, compressed and uncompressed
 * size, where its local header starts, and the sum of the uncompressed sizes. Throws ZipError when there is no readable directory or it
 * uses Zip64 (sizes over 4 GB or more than 65,535 entries, which no workbook within the limits needs).
 */
export function readZipDirectory(buffer) {
  const view = new DataView(buffer instanceof ArrayBuffer ? buffer : buffer.buffer, buffer.byteOffset || 0, buffer.byteLength);
  const end = findEndRecord(view);
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || size === ZIP64_MARK || offset === ZIP64_MARK) throw new ZipError("zip64");
  if (offset + size > end) throw new ZipError("truncated");
  const decoder = new TextDecoder("utf-8");
  const entries = [];
  let total = 0;
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== DIRECTORY_ENTRY) throw new ZipError("truncated");
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const uncompressed = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (compressed === ZIP64_MARK || uncompressed === ZIP64_MARK) throw new ZipError("zip64");
    if (at + 46 + nameLength > end) throw new ZipError("truncated");
    const name = decoder.decode(new Uint8Array(view.buffer, view.byteOffset + at + 46, nameLength));
    entries.push({ name, method, compressed, uncompressed, offset: view.getUint32(at + 42, true) });
    total += uncompressed;
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, uncompressed: total };
}

/**
 * True when every entry unpacks to no more than its directory says: each is inflated as a stream
 * (DecompressionStream, fed a kilobyte at a time) and dropped chunk by chunk, stopping at the first
 * byte past its declared size, so a directory that lies about a zip bomb costs neither memory nor time. Throws
 * ZipError("truncated") when an entry's data is missing or is not valid deflate data.
 */
export async function inflatesAsDeclared(buffer, entries) {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  for (const entry of entries) {
    if ((await inflatedSize(bytes, entry, entry.uncompressed + 1)) > entry.uncompressed) return false;
  }
  return true;
}

async function inflatedSize(bytes, entry, stop) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.offset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_ENTRY) throw new ZipError("truncated");
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressed > bytes.length) throw new ZipError("truncated");
  const data = bytes.subarray(start, start + entry.compressed);
  if (entry.method === 0) return data.length;
  if (entry.method !== 8) throw new ZipError("truncated");
  const { readable, writable } = new DecompressionStream("deflate-raw");
  const pump = feed(writable.getWriter(), data);
  const reader = readable.getReader();
  let total = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      total += chunk.value.length;
      if (total >= stop) {
        await reader.cancel();
        break;
      }
    }
  } catch {
    throw new ZipError("truncated");
  }
  await pump;
  return total;
}

// The inflater unpacks each written chunk whole, so it is fed FEED_BYTES at a time (at most about a
// megabyte out), yielding to the event loop every YIELD_BYTES; a cancelled read ends the feeding.
const FEED_BYTES = 1024;
const YIELD_BYTES = 64 * 1024;

async function feed(writer, data) {
  try {
    for (let at = 0; at < data.length; at += FEED_BYTES) {
      if (at && at % YIELD_BYTES === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      await writer.write(data.subarray(at, at + FEED_BYTES));
    }
    await writer.close();
  } catch {
    // the read side was cancelled (past the declared size) or failed (bad data): it says which
  }
}

// What a zip that is not an Excel workbook probably is, by a part it holds.
const OTHER_KINDS = [
  ["word/document.xml", _("a Word document")],
  ["ppt/presentation.xml", _("a PowerPoint presentation")],
  ["content.xml", _("an OpenDocument file (save it as .xlsx or CSV)")],
];

/**
 * What the archive is: "workbook" when it holds an Excel workbook's parts, else a few words saying
 * what it seems to be ("a Word document", "a zip archive").
 */
export function archiveKind(entries) {
  const names = new Set(entries.map((entry) => entry.name.toLowerCase()));
  if (names.has("[content_types].xml") && names.has("xl/workbook.xml")) return "workbook";
  for (const [part, kind] of OTHER_KINDS) if (names.has(part)) return kind;
  return _("a zip archive");
}
