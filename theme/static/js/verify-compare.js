// certreg certificate-document check: what the document says against what the registry says, field
// by field, and the verdict (no DOM, no network). A field the document does not state is "missing",
// never a difference; a `09/05/2027` is read only with the day/month order of the certification
// body's country. QR codes are named by where they point. docs/verify.md.

import { tokenize } from "./fold.js";
import { _, date as longDate } from "./i18n.js";
import { dateOrder, resolveDate } from "./verify-extract.js";

export const VERDICTS = {
  match: _("Matches the registry"),
  differs: _("Differs from the registry: ask the certification body"),
  not_listed: _("Not in this registry (which does not mean it is false)"),
  // A certificate named only by a typed number or a QR code: nothing of the document was compared.
  listed: _("In this registry, and current: compare the document with it"),
};
export const FIELD_LABELS = {
  number: _("Certificate number"),
  organization: _("Organization"),
  standards: _("Standard and edition"),
  scope: _("Scope"),
  body: _("Certification body"),
  original: _("Original issue date"),
  issued: _("Issue date"),
  expires: _("Expiry date"),
  status: _("Status today"),
};
const NOT_FOUND = _("Not found in the document");
const NOT_RECORDED = _("Not recorded");

/** True when every word of `phrase` comes in `words` one after another (case, accents and punctuation aside). */
export function containsPhrase(words, phrase) {
  const wanted = tokenize(phrase);
  if (!wanted.length) return false;
  return ` ${words.join(" ")} `.includes(` ${wanted.join(" ")} `);
}

/** A name in the document's words, legal forms (GmbH, Ltd…) left out on both sides. */
function containsName(words, name, legal) {
  const kept = tokenize(name).filter((w) => !legal.has(w));
  return containsPhrase(words.filter((w) => !legal.has(w)), kept.length ? kept.join(" ") : name);
}

/** Fill a status-table template ("Suspended since {status_date}") with long dates, as status.js does. */
export function fillStatus(template, certificate) {
  const fields = {
    expires: certificate.expires,
    issued: certificate.issued,
    transition_ends: certificate.transitionEnds,
    status_date: certificate.statusDate ? Date.parse(certificate.statusDate) : null,
  };
  return template.replace(/\{(\w+)\}/g, (all, name) => {
    if (name === "edition") return certificate.transitionEdition || "";
    if (!Object.hasOwn(fields, name)) return all;
    return fields[name] === null || Number.isNaN(fields[name]) ? "" : longDate(fields[name]);
  });
}

/**
 * Compare one certificate's part of a document with its registry entry on `today`.
 * `registry` gives `status(certificate, today)`, `standardIndex(number)`, `manifest.standards`,
 * `manifest.legalForms` and `bodies`. Returns {verdict, rows: [{id, label, document, registry, state}]}.
 */
export function compare(fields, entry, today, registry) {
  const { organization, certificate } = entry;
  const order = dateOrder(certificate.body.country) ?? (certificate.body.country ? null : dateOrder(organization.country));
  const rows = [
    { id: "number", document: fields.number, registry: certificate.number, state: "same" },
    organizationRow(fields, organization, new Set(registry.manifest.legalForms)),
    standardsRow(fields, certificate, registry),
    scopeRow(fields, certificate),
    bodyRow(fields, certificate, registry.bodies),
    ...dateRows(fields, certificate, order),
    statusRow(certificate, today, registry),
  ].map((row) => ({ ...row, label: FIELD_LABELS[row.id] }));
  const verdict = rows.some((row) => row.state === "differs") ? "differs" : "match";
  return { verdict, rows, order };
}

function organizationRow(fields, organization, legal) {
  const names = [organization.name, ...organization.tradingNames];
  const found = names.find((name) => containsName(fields.words, name, legal));
  if (found) return { id: "organization", document: fields.name || found, registry: organization.name, state: "same" };
  return { id: "organization", document: fields.name || _("The registry’s name for it is not in the document"), registry: organization.name, state: "differs" };
}

function standardsRow(fields, certificate, registry) {
  const registered = certificate.refs.join(", ");
  if (!fields.standards.length) return { id: "standards", document: NOT_FOUND, registry: registered, state: "missing" };
  const editions = new Map(certificate.refs.map((ref) => ref.split(":")).map(([code, edition]) => [code, edition || ""]));
  const named = new Map();
  for (const s of fields.standards) {
    const index = registry.standardIndex(s.number);
    const code = index === undefined ? `ISO ${s.number}` : registry.manifest.standards[index];
    if (!named.has(code) || s.edition) named.set(code, s.edition || named.get(code) || "");
  }
  const differs = [...named].some(([code, edition]) => !editions.has(code) || (edition && edition !== editions.get(code))) || [...editions.keys()].some((code) => !named.has(code));
  const document = [...new Set(fields.standards.map((s) => s.raw.replace(/\s+/g, " ")))].join(", ");
  return { id: "standards", document, registry: registered, state: differs ? "differs" : "same" };
}

function scopeRow(fields, certificate) {
  if (!certificate.scope) return { id: "scope", document: fields.scope || NOT_FOUND, registry: NOT_RECORDED, state: "missing" };
  if (containsPhrase(fields.words, certificate.scope)) return { id: "scope", document: fields.scope || certificate.scope, registry: certificate.scope, state: "same" };
  if (fields.scope) return { id: "scope", document: fields.scope, registry: certificate.scope, state: "differs" };
  return { id: "scope", document: NOT_FOUND, registry: certificate.scope, state: "missing" };
}

function bodyRow(fields, certificate, bodies) {
  const body = certificate.body;
  if (containsPhrase(fields.words, body.name)) return { id: "body", document: body.name, registry: body.name, state: "same" };
  const other = bodies.find((b) => b !== body && containsPhrase(fields.words, b.name));
  if (other) return { id: "body", document: other.name, registry: body.name, state: "differs" };
  return { id: "body", document: NOT_FOUND, registry: body.name, state: "missing" };
}

function dateRows(fields, certificate, order) {
  const registered = { original: certificate.originalIssue ? Date.parse(certificate.originalIssue) : null, issued: certificate.issued, expires: certificate.expires };
  return ["original", "issued", "expires"].flatMap((id) => {
    const date = fields.dates.find((d) => d.field === id);
    const registry = registered[id] === null ? NOT_RECORDED : longDate(registered[id]);
    if (!date) return id === "original" ? [] : [{ id, document: NOT_FOUND, registry, state: "missing" }];
    const time = resolveDate(date, order);
    if (time === null) return [{ id, document: _("{date} (the order of day and month is not known for this certification body’s country)", { date: date.raw }), registry, state: "unread" }];
    const shown = date.parts ? `${date.raw} (${longDate(time)})` : date.raw;
    if (registered[id] === null) return [{ id, document: shown, registry, state: "missing" }];
    return [{ id, document: shown, registry, state: time === registered[id] ? "same" : "differs" }];
  });
}

function statusRow(certificate, today, registry) {
  const status = registry.status(certificate, today);
  let text = fillStatus(status.headline || status.label, certificate);
  if (status.id === "edition_withdrawn" && certificate.transitionEdition && certificate.transitionEnds !== null) {
    text += ` ${_("({edition}: its transition ended on {date})", { edition: certificate.transitionEdition, date: longDate(certificate.transitionEnds) })}`;
  }
  return { id: "status", document: "", registry: text, state: status.is_current ? "same" : "differs", status };
}

/**
 * Where a QR code points: {kind: "registry", url} for this registry's pages, {kind: "body", body, url}
 * for a certification body's website or directory, {kind: "other", url} for any other link, and
 * {kind: "text", text} when it holds no web address.
 */
export function classifyLink(text, { origins, bodies }) {
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    return { kind: "text", text };
  }
  if (!["http:", "https:"].includes(url.protocol)) return { kind: "other", url: url.href };
  const within = (base) => base && url.origin === base.origin && url.pathname.startsWith(base.pathname);
  const site = origins.find((base) => within(base));
  if (site) return { kind: "registry", url: url.href, path: url.pathname.slice(site.pathname.length) };
  for (const body of bodies) {
    for (const [place, address] of [["directory", body.directory], ["website", body.website]]) {
      if (address && within(new URL(address)) && (place === "directory" || url.hostname === new URL(address).hostname)) return { kind: "body", place, body, url: url.href };
    }
  }
  return { kind: "other", url: url.href };
}
