// certreg supplier-list check: matching one row against the static check index (no DOM).
// Order of strength: certificate number, identifier (the schemes of build.json: LEI, VAT number…),
// name (+ country). Lookups read check/{c,i,n,o}/*.json through the `fetchJSON` given to the Checker;
// every URL holds a bucket or block number, never a value from the list. Statuses are decided by
// status-rules.js in build.json's precedence. Index layout: plugins/certreg/render/list_check.py;
// design: docs/check.md.

import { tokenize, normalizeCertificateNumber } from "./fold.js";
import { stringHash } from "./search-engine.js";
import { effectiveStatus, parseDate, readBuild } from "./status-rules.js";
import { _ } from "./i18n.js";

export const MATCH_MIN = 0.85; // a single name candidate at least this close is a match
export const MARGIN = 0.1; // ... when the next candidate is at least this much further away
export const REVIEW_MIN = 0.5; // candidates at least this close are shown for review
export const REVIEW_SHOWN = 3;
const CANDIDATES = 8; // name candidates scored in full, chosen by shared rare words
export const OUTCOMES = {
  number: _("Exact certificate number"),
  identifier: _("Exact identifier"),
  name: _("Name match"),
  review: _("Review"),
  not_listed: _("Not listed"),
  empty: _("Nothing to match"),
};

// The search index's 32-bit FNV-1a (certreg.search_encoding.string_hash): one hash for both indexes.
export { stringHash };

/** Sorted ids from base-36 gaps, as check_index.encode_gaps writes them. */
export function decodeGaps(text) {
  const ids = [];
  let id = -1;
  for (const gap of text.split(",")) ids.push((id += parseInt(gap, 36)));
  return ids;
}

export class Checker {
  /** `fetchJSON(path)` reads a file relative to check/ ("index.json", "c/3.json", "../build.json"). */
  constructor(fetchJSON) {
    this.fetchJSON = fetchJSON;
    this.files = new Map();
  }

  /** The build data (build date, status table and precedence, identifier schemes), read once. */
  async buildData() {
    if (!this.build) this.build = readBuild(await this.get("../build.json"));
    return this.build;
  }

  /** Read the manifest and the build data, and prepare their tables. */
  async load() {
    const [m] = await Promise.all([this.get("index.json"), this.buildData()]);
    this.manifest = m;
    this.legal = new Set(m.legalForms);
    this.countries = new Map();
    for (const [code, alpha3, name, common] of m.countries) {
      for (const text of [code, alpha3, name, common]) if (text) this.countries.set(tokenize(text).join(" "), code);
    }
    this.standardByNumber = new Map();
    m.standards.forEach((code, i) => {
      for (const word of tokenize(code)) if (/\d/.test(word)) this.standardByNumber.set(word, i);
    });
    return this;
  }

  get(path) {
    if (!this.files.has(path)) {
      const promise = this.fetchJSON(path);
      promise.catch(() => this.files.delete(path));
      this.files.set(path, promise);
    }
    return this.files.get(path);
  }

  /** The value of `key` in its bucket of `family`, or null. */
  async lookup(family, key) {
    const bucket = await this.get(`${family}/${stringHash(key) % this.manifest.buckets[family]}.json`);
    return Object.hasOwn(bucket, key) ? bucket[key] : null;
  }

  /** One organization by id, with its certificates as objects. */
  async organization(id) {
    const block = await this.get(`o/${Math.floor(id / this.manifest.block)}.json`);
    const [name, country, url, weights, certificates, tradingNames] = block[id % this.manifest.block];
    return { id, name, country, url, weights, tradingNames, certificates: certificates.map((c, index) => certificate(c, index)) };
  }

  /** Name words without legal forms, unless nothing else is left (certreg.fold.name_terms). */
  nameTerms(text) {
    const words = tokenize(text);
    const kept = words.filter((w) => !this.legal.has(w));
    return kept.length ? kept : words;
  }

  idf(df) {
    return Math.log(1 + this.manifest.count / Math.max(1, df));
  }

  /** Standards named in a cell ("ISO 9001:2015, ISO/IEC 27001"): indexes, and whether any was unknown. */
  standards(text) {
    if (!text) return { indexes: [], unknown: false };
    const indexes = [...new Set(tokenize(text).map((w) => this.standardByNumber.get(w)).filter((i) => i !== undefined))];
    return { indexes, unknown: indexes.length === 0 };
  }

  /** The alpha-2 code of a country cell (code, alpha-3 or English name), "?" when unknown, "" when empty. */
  country(text) {
    if (!text) return "";
    return this.countries.get(tokenize(text).join(" ")) || "?";
  }

  /** Effective status of a certificate on `today`: its entry of the build's status table. */
  status(cert, today) {
    return this.build.statusById[effectiveStatus(cert, today, this.build.precedence, this.build.soonDays)];
  }

  /** Match one row's values ({name, country, certificate, …}) on `today`: the result to show. */
  async check(values, today) {
    const asked = this.standards(values.standard);
    const country = this.country(values.country);
    const notes = [];
    if (asked.unknown) notes.push(_("Standard not recognized: “{standard}”.", { standard: values.standard }));
    if (country === "?") notes.push(_("No organization in the registry is in “{country}”.", { country: values.country }));
    const keys = ["certificate", "name", ...this.build.identifiers.map((s) => s.id)].filter((k) => values[k]);
    if (!keys.length) return this.result("empty", { notes, asked, today });
    const byNumber = await this.byNumber(values, country, notes);
    const found = byNumber || (await this.byIdentifier(values, country, notes)) || (await this.byName(values, country));
    if (!found) return this.result("not_listed", { notes, asked, today });
    if (found.organization && values.name && found.outcome !== "name" && !this.sameName(values.name, found.organization)) {
      notes.push(_("The name in the row differs from the registry’s “{name}”: check that this is the same supplier.", { name: found.organization.name }));
    }
    return this.result(found.outcome, { ...found, notes, asked, today });
  }

  async byNumber(values, country, notes) {
    if (!values.certificate) return null;
    const number = normalizeCertificateNumber(values.certificate);
    const hits = number ? await this.lookup("c", number) : null;
    if (!hits) {
      notes.push(_("Certificate number “{number}” is not in the registry.", { number: values.certificate }));
      return null;
    }
    const ids = [...new Set(hits.map(([id]) => id))];
    if (ids.length > 1) return this.reviewOf(await Promise.all(ids.map((id) => this.organization(id))), country);
    const organization = await this.organization(ids[0]);
    const named = hits.map(([, index]) => organization.certificates[index]);
    return { outcome: "number", organization, named, score: 1 };
  }

  async byIdentifier(values, country, notes) {
    const ids = new Set();
    for (const { id: scheme, label } of this.build.identifiers.filter((s) => values[s.id])) {
      const value = normalizeCertificateNumber(values[scheme]);
      const hits = value ? await this.lookup("i", `${scheme}:${value}`) : null;
      if (hits) hits.forEach((id) => ids.add(id));
      else notes.push(_("{identifier} “{value}” is not in the registry.", { identifier: label, value: values[scheme] }));
    }
    if (!ids.size) return null;
    const organizations = await Promise.all([...ids].map((id) => this.organization(id)));
    const inCountry = organizations.filter((o) => !country || o.country === country);
    if (inCountry.length === 1) return { outcome: "identifier", organization: inCountry[0], score: 1 };
    return this.reviewOf(organizations, country);
  }

  reviewOf(organizations, country) {
    const candidates = organizations.map((o) => ({ organization: o, score: 1, sameCountry: !country || o.country === country }));
    return { outcome: "review", candidates: candidates.slice(0, REVIEW_SHOWN) };
  }

  async byName(values, country) {
    if (!values.name) return null;
    const terms = [...new Set(this.nameTerms(values.name))];
    if (!terms.length) return null;
    const exact = await this.lookup("n", "=" + terms.join(" "));
    if (exact) return this.exactName(exact, country);
    const entries = await Promise.all(terms.map((t) => this.lookup("n", t)));
    const idfs = new Map(terms.map((t, i) => [t, this.idf(entries[i] ? entries[i][0] : 0)]));
    const total = [...idfs.values()].reduce((a, b) => a + b, 0);
    const shared = new Map();
    terms.forEach((t, i) => {
      if (entries[i] && entries[i][1]) for (const id of decodeGaps(entries[i][1])) shared.set(id, (shared.get(id) || 0) + idfs.get(t));
    });
    const chosen = [...shared].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, CANDIDATES);
    const organizations = await Promise.all(chosen.map(([id]) => this.organization(id)));
    const scored = organizations.map((o) => ({ organization: o, score: this.nameScore(o, idfs, total), sameCountry: !country || o.country === country }));
    return this.decide(scored.sort((a, b) => b.score - a.score || a.organization.id - b.organization.id));
  }

  async exactName(ids, country) {
    const organizations = await Promise.all(ids.map((id) => this.organization(id)));
    const inCountry = organizations.filter((o) => !country || o.country === country);
    if (inCountry.length === 1) return { outcome: "name", organization: inCountry[0], score: 1 };
    return this.reviewOf(inCountry.length ? inCountry : organizations, country);
  }

  /** True when a name shares at least half its words with one of the organization's names. */
  sameName(text, organization) {
    const words = new Set(this.nameTerms(text));
    return [organization.name, ...organization.tradingNames].some((name) => {
      const other = new Set(this.nameTerms(name));
      const common = [...words].filter((w) => other.has(w)).length;
      return (2 * common) / (words.size + other.size) >= REVIEW_MIN;
    });
  }

  /** Dice similarity of idf-weighted name words, best of the organization's names. */
  nameScore(organization, idfs, total) {
    const names = [organization.name, ...organization.tradingNames];
    let best = 0;
    names.forEach((name, i) => {
      let common = 0;
      for (const t of new Set(this.nameTerms(name))) if (idfs.has(t)) common += idfs.get(t);
      best = Math.max(best, (2 * common) / (total + organization.weights[i]));
    });
    return Math.min(1, best);
  }

  decide(scored) {
    const close = scored.filter((c) => c.score >= REVIEW_MIN);
    if (!close.length) return null;
    const [best, next] = close;
    const clear = best.score >= MATCH_MIN && (!next || best.score - next.score >= MARGIN) && best.sameCountry;
    if (clear) return { outcome: "name", organization: best.organization, score: best.score };
    return { outcome: "review", candidates: close.slice(0, REVIEW_SHOWN) };
  }

  /** The row's result: outcome, organization, relevant certificates with statuses, flags, attention. */
  result(outcome, { organization = null, named = null, score = null, candidates = [], notes, asked, today }) {
    const standards = this.manifest.standards;
    const withStatus = (c) => ({ ...c, status: this.status(c, today), standards: c.standardIndexes.map((i) => standards[i]) });
    let certificates = [];
    let missing = [];
    if (organization) {
      const all = organization.certificates.map(withStatus);
      const covers = (c) => asked.indexes.some((i) => c.standardIndexes.includes(i));
      certificates = named ? all.filter((c) => named.some((n) => n.index === c.index)) : all;
      if (asked.indexes.length) certificates = [...new Set([...certificates.filter((c) => named || covers(c)), ...all.filter(covers)])];
      missing = asked.indexes.filter((i) => !all.some((c) => c.standardIndexes.includes(i) && c.status.is_current)).map((i) => standards[i]);
    }
    const review = candidates.map((c) => ({ ...c, organization: { ...c.organization, certificates: c.organization.certificates.map(withStatus) } }));
    const current = certificates.some((c) => c.status.is_current) && (!named || certificates.filter((c) => named.some((n) => n.index === c.index)).every((c) => c.status.is_current));
    const attention = !["number", "identifier", "name"].includes(outcome) || missing.length > 0 || !current || notes.length > 0;
    return { outcome, label: OUTCOMES[outcome], organization, certificates, score, candidates: review, missing, notes, attention: outcome === "empty" ? true : attention };
  }
}

function certificate([number, url, standardIndexes, status, issued, expires, transitionEnds, body], index) {
  return {
    index,
    number,
    url,
    standardIndexes,
    status,
    body,
    issued: parseDate(issued),
    expires: parseDate(expires),
    transitionEnds: parseDate(transitionEnds),
  };
}
