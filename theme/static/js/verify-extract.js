// certreg certificate-document check: what a document's text says (no DOM, no network, no state).
// Lines of text → certificate-number keys to look up, dates with the label before them, standards
// and editions, the organization's and the scope's labelled text. Nothing here decides whether a key
// is a certificate number: the registry's index does (verify-lookup.js). docs/verify.md.

import { normalizeCertificateNumber, tokenize } from "./fold.js";

export const MAX_KEYS = 160; // unlabelled keys looked up per document, at most
const WINDOW = 3; // unlabelled keys join up to this many adjacent words ("QMS DE 000123/2025")
const LABELLED_WORDS = 6; // a labelled number is looked up with up to this many of the words after it

// --- lines ------------------------------------------------------------------------------------------

/** pdf.js text items ({str, x, y, height, hasEOL}) as lines, top to bottom and left to right. */
export function linesFromItems(items) {
  const kept = items.filter((item) => item.str && item.str.trim());
  const rows = [];
  for (const item of [...kept].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const tolerance = Math.max(2, (item.height || 10) / 2);
    const row = rows.find((r) => Math.abs(r.y - item.y) <= tolerance);
    if (row) row.items.push(item);
    else rows.push({ y: item.y, items: [item] });
  }
  return rows
    .sort((a, b) => b.y - a.y)
    .map((row) => joinRow(row.items.sort((a, b) => a.x - b.x)))
    .filter(Boolean);
}

function joinRow(items) {
  let text = "";
  let end = null;
  for (const item of items) {
    const gap = end === null ? 0 : item.x - end;
    const size = item.height || 10;
    if (text && gap > size * 1.5) text += "   "; // a column gap: kept wide, so a label stays apart
    else if (text && gap > size * 0.15 && !/\s$/.test(text) && !/^\s/.test(item.str)) text += " ";
    text += item.str;
    end = item.x + (item.width || 0);
  }
  return text.replace(/\s+$/, "");
}

// --- dates ------------------------------------------------------------------------------------------

const MONTH_NAMES = [
  ["january", "jan", "januar", "jänner", "janvier", "enero", "gennaio"],
  ["february", "feb", "februar", "février", "fevrier", "febrero", "febbraio"],
  ["march", "mar", "märz", "maerz", "marz", "mars", "marzo"],
  ["april", "apr", "avril", "abril", "aprile"],
  ["may", "mai", "mayo", "maggio"],
  ["june", "jun", "juni", "juin", "junio", "giugno"],
  ["july", "jul", "juli", "juillet", "julio", "luglio"],
  ["august", "aug", "août", "aout", "agosto"],
  ["september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre"],
  ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre"],
  ["november", "nov", "novembre", "noviembre"],
  ["december", "dec", "dezember", "dez", "décembre", "decembre", "diciembre", "dicembre"],
];
const MONTHS = new Map(MONTH_NAMES.flatMap((names, i) => names.map((n) => [n, i + 1])));
const MONTH = `(${[...MONTHS.keys()].sort((a, b) => b.length - a.length).join("|")})\\.?`;
const DAY = "(\\d{1,2})(?:st|nd|rd|th|er)?\\.?";
const YEAR = "((?:19|20)\\d{2})";
const DATE_SHAPES = [
  ["iso", new RegExp(`(?<!\\d)${YEAR}[-/.](\\d{1,2})[-/.](\\d{1,2})(?!\\d)`, "gu")],
  ["dotted", new RegExp(`(?<![\\d.])(\\d{1,2})\\.\\s?(\\d{1,2})\\.\\s?${YEAR}(?!\\d)`, "gu")],
  ["numeric", new RegExp(`(?<![\\d/-])(\\d{1,2})[/-](\\d{1,2})[/-]${YEAR}(?!\\d)`, "gu")],
  ["day_month", new RegExp(`(?<![\\p{L}\\d])${DAY}[\\s-]+(?:of\\s+|de\\s+)?${MONTH}[\\s,-]+(?:de\\s+)?${YEAR}(?!\\d)`, "giu")],
  ["month_day", new RegExp(`(?<![\\p{L}\\d])${MONTH}\\s+${DAY},?\\s+${YEAR}(?!\\d)`, "giu")],
];

/** A valid calendar date as UTC milliseconds, or null. */
export function utcDate(year, month, day) {
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day && year >= 1950 && year <= 2100 ? time : null;
}

/** Every date in a line: {start, end, raw, time} or, for `09/05/2027`, {parts: [9, 5, 2027]} (order unknown). */
export function findDates(line) {
  const found = [];
  for (const [shape, re] of DATE_SHAPES) {
    for (const match of line.matchAll(re)) {
      const [a, b, c] = match.slice(1);
      let date;
      if (shape === "iso") date = { time: utcDate(+a, +b, +c) };
      else if (shape === "dotted") date = { time: utcDate(+c, +b, +a) };
      else if (shape === "numeric") date = { parts: [+a, +b, +c] };
      else if (shape === "day_month") date = { time: utcDate(+c, MONTHS.get(b.toLowerCase()), +a) };
      else date = { time: utcDate(+c, MONTHS.get(a.toLowerCase()), +b) };
      if (date.time === null || (date.parts && date.parts.some((n) => !n))) continue;
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((d) => d.start < end && start < d.end)) continue;
      found.push({ start, end, raw: match[0], ...date });
    }
  }
  return found.sort((x, y) => x.start - y.start);
}

// Countries whose certificates print month before day (`05/09/2027` is 9 May); Canada prints both.
const MONTH_FIRST = new Set(["US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"]);
const ORDER_UNKNOWN = new Set(["CA"]);

/** "mdy", "dmy" or null (unknown) for a country code. */
export function dateOrder(country) {
  if (!country || ORDER_UNKNOWN.has(country)) return null;
  return MONTH_FIRST.has(country) ? "mdy" : "dmy";
}

/** The time of a found date; a `09/05/2027` only with a known order (null otherwise). */
export function resolveDate(date, order) {
  if (!date.parts) return date.time;
  if (!order) return null;
  const [a, b, year] = date.parts;
  return order === "mdy" ? utcDate(year, a, b) : utcDate(year, b, a);
}

// --- labels -----------------------------------------------------------------------------------------

const LABELS = {
  original: /original(?:ly)?(?:\s+(?:issue|certification|registration|approval|date))*|initial(?:ly)?\s+(?:certifi\w*|issue\w*|registration|approval)|first\s+(?:issued?|certifi\w*|registered|registration)|certified\s+since|registered\s+since|erstzertifizierung|date\s+de\s+(?:la\s+)?première\s+certification|fecha\s+de\s+(?:la\s+)?certificación\s+inicial|prima\s+emissione/giu,
  issued: /(?:date\s+of\s+)?issue(?:d|\s+date)?(?:\s+on)?|date\s+of\s+(?:certification|registration)|certificate\s+date|effective(?:\s+date|\s+from)?|valid\s+from|valid\s+since|this\s+certificate\s+is\s+valid\s+from|ausstellungsdatum|ausgestellt\s+am|gültig\s+ab|date\s+d['’]émission|émis\s+le|date\s+de\s+délivrance|fecha\s+de\s+emisión|emitido|data\s+di\s+emissione|emesso\s+il|valido\s+dal|valable\s+à\s+partir\s+du|from/giu,
  expires: /expir\w*(?:\s+date|\s+on)?|valid\s+(?:until|till|to|through|thru)|validity(?:\s+date)?|good\s+(?:until|through)|gültig\s+bis|gueltig\s+bis|ablaufdatum|läuft\s+ab|valable\s+jusqu['’]?(?:au)?|date\s+d['’]expiration|échéance|válido\s+hasta|fecha\s+de\s+(?:vencimiento|caducidad|expiración)|scadenza|valido\s+fino\s+al|until|till|through|bis|to|au|hasta|al/giu,
  other: /audit\w*|revision|rev\.|amended|printed|signed|decision|recertification\s+(?:audit|date)|überwachung|printed\s+on/giu,
};
const SHORT_LABELS = new Set(["from", "until", "till", "through", "bis", "to", "au", "hasta", "al"]);

/** The field named by the label nearest before `end` in `text` (latest end, then longest): or null. */
export function labelBefore(text) {
  let best = null;
  for (const [field, re] of Object.entries(LABELS)) {
    for (const match of text.matchAll(re)) {
      const before = text[match.index - 1];
      const after = text[match.index + match[0].length];
      if ((before && /[\p{L}]/u.test(before)) || (after && /[\p{L}]/u.test(after))) continue; // inside a word
      const end = match.index + match[0].length;
      const candidate = { field, end, length: match[0].length, short: SHORT_LABELS.has(match[0].toLowerCase()) };
      if (!best || end > best.end || (end === best.end && candidate.length > best.length)) best = candidate;
    }
  }
  return best;
}

/** Every date of the lines with the field its label gives: {field, raw, time|parts, line}. */
export function labelledDates(lines) {
  const dates = [];
  lines.forEach((line, index) => {
    const found = findDates(line);
    found.forEach((date, i) => {
      const from = i ? found[i - 1].end : 0;
      const before = line.slice(from, date.start);
      const label = labelBefore(before);
      const gap = label ? before.slice(label.end) : "";
      let field = null;
      if (label && (label.short ? /^[\s:.,]*$/.test(gap) : gap.length <= 24)) field = label.field;
      if (!field && i > 0 && /^\s*[-–]\s*$/.test(before)) {
        field = "expires"; // "01.03.2025 – 28.02.2028": a period
        if (dates[dates.length - 1].field === null) dates[dates.length - 1].field = "issued";
      }
      if (!field && !label) field = headerField(lines[index - 1], found.length, i);
      dates.push({ ...date, field, line: index });
    });
  });
  return dates;
}

/** A date under a header line: the label in the same column position (table), or the header's one label. */
function headerField(header, count, position) {
  if (!header || findDates(header).length) return null;
  const labels = [];
  for (const cell of header.split(/\s{3,}/)) {
    const label = labelBefore(cell);
    if (label && !label.short) labels.push(label.field);
  }
  if (labels.length === count) return labels[position];
  return labels.length === 1 && position === 0 && /[:：]\s*$/.test(header) ? labels[0] : null;
}

// --- standards --------------------------------------------------------------------------------------

const NATIONAL = "(?:DIN|BS|UNE|NF|ÖNORM|OENORM|SN|PN|ČSN|CSN|NEN|UNI|SS|DS|NS|SFS|EVS|LST|STN|SR|SIST|HRN|MSZ|ELOT|I\\.S\\.|AS/NZS|SANS|NBR|GB/T|JIS|KS)";
const STANDARD_RE = new RegExp(
  `(?<![\\p{L}\\d])(?:${NATIONAL}[\\s-]+)?(?:EN[\\s-]+)?(ISO(?:\\s*/\\s*IEC)?|IEC|OHSAS)[\\s-]*(\\d{4,5})(?:\\s*(?::|-|–)\\s*((?:19|20)\\d{2})(?!\\d)|\\s*\\(\\s*((?:19|20)\\d{2})\\s*\\))?`,
  "giu",
);

/** Standards named in a line: {raw, number, edition or ""}. */
export function findStandards(line) {
  return [...line.matchAll(STANDARD_RE)].map((m) => ({ raw: m[0], number: m[2], edition: m[3] || m[4] || "", start: m.index, end: m.index + m[0].length }));
}

// --- certificate numbers ----------------------------------------------------------------------------

const NUMBER_LABEL = /(?<![\p{L}])(?:certificate|certification|cert\.?|registration|reg\.?|zertifikat(?:s)?|registrier|certificat|certificado|certificato|n[°º]|nr\.?|no\.?|number|nummer|numéro|número|numero)(?:\s*[-.]?\s*(?:no\.?|nr\.?|n[°º]|number|nummer|numéro|número|numero|id|#))?\s*[:.#]?\s+|(?:certificate|registration|reg\.?|zertifikat|cert\.?)\s*(?:no|nr|n[°º])\.?\s*[:.#]?\s*/giu;

/** Keys to look up: {key, text, line, labelled}, labelled ones first; each key at most once. */
export function numberKeys(lines) {
  const labelled = [];
  const loose = [];
  lines.forEach((line, index) => {
    for (const match of line.matchAll(NUMBER_LABEL)) {
      const words = line.slice(match.index + match[0].length).split(/\s{3,}/)[0].split(/\s+/).filter(Boolean);
      for (let n = Math.min(LABELLED_WORDS, words.length); n >= 1; n--) labelled.push({ text: words.slice(0, n).join(" "), line: index, labelled: true });
    }
    const spans = excluded(line);
    const words = [...line.matchAll(/\S+/g)].filter((w) => !spans.some(([s, e]) => w.index < e && w.index + w[0].length > s));
    for (let i = 0; i < words.length; i++) {
      for (let n = 1; n <= WINDOW && i + n <= words.length; n++) {
        const text = words.slice(i, i + n).map((w) => w[0]).join(" ");
        if (/\d/.test(text)) loose.push({ text, line: index, labelled: false });
      }
    }
  });
  const seen = new Set();
  const keys = [];
  let looseCount = 0;
  for (const candidate of [...labelled, ...loose]) {
    const key = normalizeCertificateNumber(candidate.text);
    if (key.length < 3 || key.length > 40 || seen.has(key) || /^\d{1,4}$/.test(key)) continue;
    if (!candidate.labelled && ++looseCount > MAX_KEYS) break;
    seen.add(key);
    keys.push({ ...candidate, key });
  }
  return keys;
}

function excluded(line) {
  return [...findDates(line), ...findStandards(line)].map((d) => [d.start, d.end]);
}

// --- labelled text: organization, scope -------------------------------------------------------------

const NAME_LABEL = /(?:this\s+is\s+to\s+certify\s+that|we\s+hereby\s+certify\s+that|hereby\s+certif(?:y|ies)\s+that|certifies\s+that|(?:is\s+)?awarded\s+to|granted\s+to|issued\s+to|certificate\s+holder|organi[sz]ation(?:\s+name)?|company(?:\s+name)?|client|bescheinigt(?:\s+hiermit)?,?\s+dass|certifie\s+que|certifica\s+que|certifica\s+che)\s*[:.]?/iu;
const SCOPE_LABEL = /(?:scope(?:\s+of\s+(?:certification|registration|approval|supply))?|for\s+the\s+(?:following\s+)?scope|geltungsbereich|anwendungsbereich|champ\s+d['’]application|domaine\s+d['’]application|alcance|campo\s+(?:di\s+)?applicazione)\s*[:.]?/iu;
const STOP_LABEL = /certificate\s+(?:no|number)|registration\s+(?:no|number)|issue|expir|valid|standard|norm|iso\s|certification\s+body|signed|audit|zertifikat|date/iu;

/** The text after a label: the rest of its line, or (when the label ends its line) the next lines. */
export function labelledText(lines, label, maxLines = 1) {
  for (let i = 0; i < lines.length; i++) {
    const match = label.exec(lines[i]);
    if (!match) continue;
    const rest = lines[i].slice(match.index + match[0].length).trim();
    const taken = rest ? [rest] : [];
    for (let j = i + 1; j < lines.length && taken.length < maxLines; j++) {
      if (STOP_LABEL.test(lines[j].slice(0, 24)) || findDates(lines[j]).length) break;
      if (taken.length && maxLines === 1) break;
      taken.push(lines[j].trim());
    }
    const text = joinHyphenated(taken).trim();
    if (text) return text;
  }
  return "";
}

function joinHyphenated(lines) {
  return lines.reduce((text, line) => (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line) ? text.slice(0, -1) + line : text ? `${text} ${line}` : line), "");
}

/** Every field a certificate's part of the document states (what the comparison reads). */
export function documentFields(lines) {
  const text = joinHyphenated(lines);
  return {
    lines,
    words: tokenize(text),
    dates: labelledDates(lines),
    standards: lines.flatMap((line) => findStandards(line)),
    name: labelledText(lines, NAME_LABEL),
    scope: labelledText(lines, SCOPE_LABEL, 8),
  };
}

// --- several certificates ---------------------------------------------------------------------------

/**
 * The lines of each certificate found: pages split at each page's certificate numbers. A page with no
 * number goes with the certificate before it (an annex), or with the first one when it comes first.
 * `found` is [{page, line}] in document order; the result holds one array of lines per entry.
 */
export function segments(pages, found) {
  const parts = found.map(() => []);
  if (!found.length) return parts;
  let current = 0;
  pages.forEach((lines, page) => {
    const here = found.map((f, i) => ({ ...f, i })).filter((f) => f.page === page).sort((a, b) => a.line - b.line);
    if (!here.length) {
      parts[current].push(...lines);
      return;
    }
    here.forEach((f, k) => {
      const start = k === 0 ? 0 : Math.floor((here[k - 1].line + f.line) / 2) + 1;
      const end = k === here.length - 1 ? lines.length : Math.floor((f.line + here[k + 1].line) / 2) + 1;
      parts[f.i].push(...lines.slice(start, end));
      current = f.i;
    });
  });
  return parts;
}
