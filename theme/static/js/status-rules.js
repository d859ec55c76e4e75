// certreg dates and status rules for the browser, shared by status.js (pages) and the list check.
// Everything worded or ordered comes from build.json, which the build writes from the one status
// table (certreg.enrich.status) and the identifier table (certreg.enrich.identifiers): the status
// precedence, the status words and the identifier labels. This module only knows how to test each
// status's condition on a date; which one wins is the build's precedence. No DOM.

const DAY = 86400000;
// The language of a build without language data (an older build.json): English, as certreg writes it.
export const ENGLISH = {
  language: "en",
  months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
  dateFormat: "{day} {month} {year}",
  messages: {},
};

// The condition of each status, by id. The order in which they are tried is the build's precedence.
const RULES = {
  withdrawn: (c) => c.status === "withdrawn",
  suspended: (c) => c.status === "suspended",
  expired: (c, today) => c.expires !== null && today > c.expires,
  edition_withdrawn: (c, today) => c.transitionEnds !== null && today > c.transitionEnds,
  not_yet_valid: (c, today) => c.issued !== null && today < c.issued,
  expiring_soon: (c, today, soon) => c.expires !== null && (c.expires - today) / DAY <= soon,
  valid: () => true,
};
export const RULE_IDS = Object.keys(RULES);

/** A `YYYY-MM-DD` date as UTC milliseconds, or null. */
export function parseDate(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  return match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : null;
}

/** Today's date in UTC, as milliseconds. */
export function todayUTC(now = new Date()) {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/** Fill the `{name}` fields of a message; a field it is not given stays as written. */
export function format(template, fields) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (Object.hasOwn(fields, name) ? String(fields[name]) : match));
}

/**
 * `9 May 2027`, `9. Mai 2027`: a long date in the build's language (`words` from readBuild), as
 * certreg.core.i18n writes it; "" for no date.
 */
export function longDate(time, words = ENGLISH) {
  if (time === null || time === undefined) return "";
  const day = new Date(time);
  return format(words.dateFormat, { day: day.getUTCDate(), month: words.months[day.getUTCMonth()], year: day.getUTCFullYear() });
}

/** A message's form for `count` (`{one: "…", other: "…"}` from build.json), by the language's plural rules. */
export function plural(forms, count, words = ENGLISH) {
  const category = new Intl.PluralRules(words.language).select(count);
  return format(forms[category] ?? forms.other ?? "", { count });
}

/** Whole days from `from` to `to` (both UTC dates as milliseconds). */
export function daysBetween(from, to) {
  return Math.round((to - from) / DAY);
}

/**
 * The effective status id of a certificate on `today`: the first status of `precedence` whose
 * condition holds. `cert` has `status` (as recorded) and `issued`, `expires`, `transitionEnds` as
 * UTC milliseconds or null. A status the rules do not know is an error, never skipped.
 */
export function effectiveStatus(cert, today, precedence, soonDays) {
  for (const id of precedence) {
    const rule = RULES[id];
    if (!rule) throw new Error(`certreg: the status table has ${id}, which status-rules.js cannot decide`);
    if (rule(cert, today, soonDays)) return id;
  }
  throw new Error("certreg: no status applies");
}

/**
 * build.json as the scripts use it: `date` (UTC milliseconds), `soonDays`, `precedence`, `statuses`
 * and `statusById`, `identifiers` ([{id, label}]) and `identifierLabels` (id → label).
 */
export function readBuild(data) {
  return {
    buildDate: data.build_date,
    words: data.months
      ? { language: data.language, months: data.months, dateFormat: data.date_format, messages: data.messages }
      : ENGLISH,
    date: parseDate(data.build_date),
    soonDays: data.expiring_soon_days,
    precedence: data.precedence,
    statuses: data.statuses,
    statusById: Object.fromEntries(data.statuses.map((status) => [status.id, status])),
    identifiers: data.identifiers,
    identifierLabels: Object.fromEntries(data.identifiers.map((scheme) => [scheme.id, scheme.label])),
  };
}

/** Fetch and read build.json from `url`; rejects naming the HTTP status when it cannot be had. */
export async function loadBuild(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`build.json: HTTP ${response.status}`);
  return readBuild(await response.json());
}
