// certreg search engine: queries the sharded lunr index under /search/ (docs/search.md).
// No DOM and no module-level state: createEngine() gets a fetcher and a lunr loader and keeps its
// caches in the object it returns, so it runs the same in the browser and under `node --test`.

import { tokenize, normalizeCertificateNumber } from "./fold.js";

export const PAGE_SIZE = 10;
export const MAX_PREFIX_SHARDS = 2;
export const MAX_EXPANSIONS = 8;
export const FUZZY_MIN_LENGTH = 5;
export const MIN_PREFIX = 2;

/** The error a fetcher throws when a file does not exist (HTTP 404): a filter nothing matches. */
export class NotFound extends Error {}

// --- pure functions --------------------------------------------------------------------------------

/**
 * Words of the query; the last one is a prefix unless the query ends in a space or punctuation.
 * Legal forms and stop words are dropped unless nothing else is left; a one-letter prefix waits for
 * the next letter.
 */
export function parseQuery(text, ignore) {
  const words = tokenize(text);
  const complete = /[^\p{L}\p{N}]$/u.test(text);
  const terms = words.map((word, i) => ({ word, prefix: i === words.length - 1 && !complete }));
  const last = terms[terms.length - 1];
  if (last && last.prefix && last.word.length < MIN_PREFIX) terms.pop();
  const kept = terms.filter((t) => !ignore.has(t.word));
  return kept.length ? kept : terms;
}

/** The shard whose range [start, next start) holds term: binary search in the manifest's starts. */
export function shardOf(starts, term) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= term) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The shards a word is looked up in: a prefix over at most MAX_PREFIX_SHARDS, else the word alone. */
export function shardRange(starts, term, prefix) {
  const first = shardOf(starts, term);
  if (!prefix) return { shards: [first], prefix: false };
  const last = shardOf(starts, term + "\uffff");
  if (last - first + 1 > MAX_PREFIX_SHARDS) return { shards: [first], prefix: false };
  const shards = [];
  for (let i = first; i <= last; i++) shards.push(i);
  return { shards, prefix: true };
}

/** True when a and b differ by at most one insertion, deletion or substitution. */
export function withinOneEdit(a, b) {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x, y) => a.slice(x) === b.slice(y);
  return rest(i + 1, i + 1) || rest(i + 1, i) || rest(i, i + 1);
}

/** lunr's idf, the score of a frequent-term set match. */
export function idf(df, count) {
  return Math.log(1 + Math.abs((count - df + 0.5) / (df + 0.5)));
}

/** A set file: {bits: bitmap of its documents, rows: result rows of its first documents}. */
export function decodeSet(file, count) {
  const [text, rows] = file.split("\n");
  const bits = new Uint8Array((count + 7) >> 3);
  if (text[0] === "b") {
    const raw = atob(text.slice(1));
    for (let i = 0; i < raw.length; i++) bits[i] = raw.charCodeAt(i);
  } else if (text.length > 1) {
    let id = -1;
    for (const gap of text.slice(1).split(",")) {
      id += parseInt(gap, 36);
      bits[id >> 3] |= 1 << (id & 7);
    }
  }
  return { bits, rows: rows ? JSON.parse(rows) : {} };
}

export const hasBit = (bits, id) => (bits[id >> 3] & (1 << (id & 7))) !== 0;

/** Names of the filter sets a search needs (status and standard together are one set). */
export function filterSetNames(filters) {
  const names = [];
  if (filters.status && filters.standard) names.push(`status-${filters.status}--standard-${filters.standard}`);
  else if (filters.status) names.push(`status-${filters.status}`);
  else if (filters.standard) names.push(`standard-${filters.standard}`);
  if (filters.country) names.push(`country-${filters.country.toLowerCase()}`);
  return names;
}

/** Documents matching every word and every filter, with their summed scores. */
export function intersect(words, filters, count) {
  const inWord = (w, id) => w.scores.has(id) || (w.bits !== null && hasBit(w.bits, id));
  const scoreOf = (id) => words.reduce((sum, w) => sum + (w.scores.get(id) ?? w.bitScore), 0);
  const keep = (id) => words.every((w) => inWord(w, id)) && filters.every((f) => hasBit(f, id));
  const results = new Map();
  const lunrOnly = words.filter((w) => w.bits === null);
  if (lunrOnly.length) {
    const driver = lunrOnly.reduce((a, b) => (b.scores.size < a.scores.size ? b : a));
    for (const id of driver.scores.keys()) if (keep(id)) results.set(id, scoreOf(id));
    return results;
  }
  const bits = new Uint8Array((count + 7) >> 3).fill(255);
  for (const w of words) {
    const own = w.bits.slice();
    for (const id of w.scores.keys()) own[id >> 3] |= 1 << (id & 7);
    for (let i = 0; i < bits.length; i++) bits[i] &= own[i];
  }
  for (const f of filters) for (let i = 0; i < bits.length; i++) bits[i] &= f[i];
  for (let byte = 0; byte < bits.length; byte++) {
    if (!bits[byte]) continue;
    for (let bit = 0; bit < 8; bit++) {
      const id = (byte << 3) | bit;
      if (id < count && bits[byte] & (1 << bit)) results.set(id, scoreOf(id));
    }
  }
  return results;
}

/** 32-bit FNV-1a over code points, as certreg.search_encoding.string_hash. */
export function stringHash(text) {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ char.codePointAt(0), 0x01000193) >>> 0;
  return hash;
}

/** True when a loaded shard holds `number` as a certificate number (field `k`), whatever its letters. */
export function isCertificateNumber(shard, number) {
  const posting = Object.hasOwn(shard.index.invertedIndex, number) ? shard.index.invertedIndex[number] : null;
  return posting !== null && Object.keys(posting.k || {}).length > 0;
}

/** A status as the manifest gives it (from certreg.status.STATUS_TABLE): {id, label, slug}. */
export function statusOf(manifest, index) {
  const [id, label, slug] = manifest.statuses[index];
  return { id, label, slug };
}

function standardsText(manifest, indexes) {
  return indexes.map((i) => manifest.standards[i][0]).join(", ");
}

/** What one organization result shows, as text: no markup, no empty place parts. */
export function resultView(row, manifest) {
  const [name, city, country, url, certificates] = row;
  const countryName = (manifest.countries.find(([code]) => code === country) || [country, country])[1];
  return {
    name,
    url,
    place: [city, countryName].filter(Boolean).join(", "),
    certificates: certificates.map(([status, ...standards]) => ({
      standards: standardsText(manifest, standards),
      status: statusOf(manifest, status),
    })),
  };
}

/** What an exact certificate match shows, as text. */
export function exactView(match, manifest) {
  const [number, organization, url, body, status, standards] = match;
  return {
    number,
    url,
    detail: `${organization} · ${standardsText(manifest, standards)} · ${body}`,
    status: statusOf(manifest, status),
  };
}

// --- the engine: fetching once, matching, ranking ----------------------------------------------------

/**
 * A search engine over one index. `fetchText(path)` resolves to the text of a file under search/
 * (rejecting with NotFound when it does not exist), `loadLunr()` to lunr.js; `now()` times lunr.
 */
export function createEngine({ fetchText, loadLunr, now = () => performance.now() }) {
  const requests = new Map();
  const rowCache = new Map();
  const clock = { load: 0, query: 0 };

  function fetchOnce(path, parse) {
    if (!requests.has(path)) {
      const promise = fetchText(path).then(parse);
      promise.catch(() => requests.delete(path));
      requests.set(path, promise);
    }
    return requests.get(path);
  }

  const keepRows = (rows) => {
    for (const [id, row] of Object.entries(rows || {})) rowCache.set(+id, row);
  };

  const loadManifest = () =>
    fetchOnce("manifest.json", (text) => {
      const m = JSON.parse(text);
      return { ...m, ignore: new Set(m.ignore) };
    });

  const loadShard = (number) =>
    fetchOnce(`shards/${number}.json`, async (text) => {
      const lunr = await loadLunr();
      const data = JSON.parse(text);
      const started = now();
      const index = lunr.Index.load(data);
      clock.load += now() - started;
      keepRows(data.rows);
      return { index, frequent: data.certreg };
    });

  const loadSet = (name, manifest) =>
    fetchOnce(`sets/${name}.txt`, (text) => {
      const { bits, rows } = decodeSet(text, manifest.count);
      keepRows(rows);
      return bits;
    });

  async function loadFilter(name, manifest) {
    try {
      return await loadSet(name, manifest);
    } catch (error) {
      if (error instanceof NotFound) return new Uint8Array((manifest.count + 7) >> 3); // nothing matches
      throw error;
    }
  }

  function queryShard(lunr, shard, term, range, fields) {
    const started = now();
    const fuzzy = term.word.length >= FUZZY_MIN_LENGTH;
    const hits = shard.index.query((q) => {
      const base = fields ? { usePipeline: false, fields } : { usePipeline: false };
      q.term(term.word, { ...base, boost: 10 });
      if (range.prefix) q.term(term.word, { ...base, boost: 2, wildcard: lunr.Query.wildcard.TRAILING });
      if (fuzzy) q.term(term.word, { ...base, boost: 1, editDistance: 1 });
    });
    clock.query += now() - started;
    return hits;
  }

  /** Documents one word matches: lunr scores from its shard(s), plus the sets of frequent terms. */
  async function matchWord(manifest, term, fields) {
    const lunr = await loadLunr();
    const range = shardRange(manifest.shards, term.word, term.prefix);
    const fuzzy = term.word.length >= FUZZY_MIN_LENGTH;
    const shards = await Promise.all(range.shards.map(loadShard));
    const scores = new Map();
    const sets = [];
    for (const shard of shards) {
      for (const hit of queryShard(lunr, shard, term, range, fields)) {
        scores.set(+hit.ref, (scores.get(+hit.ref) || 0) + hit.score);
      }
      if (fields) continue;
      for (const [word, df, id] of shard.frequent) {
        const prefixed = range.prefix && word.startsWith(term.word);
        if (word === term.word || prefixed || (fuzzy && withinOneEdit(word, term.word))) sets.push({ word, df, id });
      }
    }
    sets.sort((a, b) => (a.word === term.word ? -1 : 0) || a.word.length - b.word.length);
    const chosen = sets.slice(0, MAX_EXPANSIONS);
    const bitmaps = await Promise.all(chosen.map((s) => loadSet(`t${s.id}`, manifest)));
    const bitScore = Math.min(...chosen.map((s) => idf(s.df, manifest.count)));
    return { scores, bits: unionOf(bitmaps, manifest.count), bitScore };
  }

  /** Certificates whose normalized number equals the query's, letters-only numbers included. */
  async function exactCertificates(query, manifest) {
    const number = normalizeCertificateNumber(query);
    if (!number) return [];
    const shard = await loadShard(shardOf(manifest.shards, number));
    if (!isCertificateNumber(shard, number)) return [];
    const bucket = stringHash(number) % manifest.certBuckets;
    const certificates = await fetchOnce(`certs/${bucket}.json`, JSON.parse);
    return certificates[number] || [];
  }

  /** Run a search: ranked document numbers, exact certificate matches, and whether it was empty. */
  async function search(query, filters) {
    const [manifest] = await Promise.all([loadManifest(), loadLunr()]);
    const terms = parseQuery(query, manifest.ignore);
    const names = filterSetNames(filters);
    if (!terms.length && !names.length) return { manifest, ranked: [], exact: [], empty: true };
    // A query that reads as a certificate number (digits split by punctuation, or the whole query is
    // a known number, letters only included) is first looked up as one; only when no number starts
    // with it are its pieces searched as words.
    const number = normalizeCertificateNumber(query);
    const filtersReady = Promise.all(names.map((n) => loadFilter(n, manifest)));
    const exactReady = terms.length ? exactCertificates(query, manifest) : Promise.resolve([]);
    for (const pending of [filtersReady, exactReady]) pending.catch(() => {}); // reported when awaited below
    const several = number.length >= 3 && terms.length > 1;
    const numberLike = several && (/\p{N}/u.test(number) || (await exactReady).length > 0);
    const numberWord = numberLike ? await matchWord(manifest, { word: number, prefix: true }, ["k"]) : null;
    const byWords = !numberWord || numberWord.scores.size === 0;
    const words = byWords ? await Promise.all(terms.map((t) => matchWord(manifest, t, undefined))) : [];
    const [filterSets, exact] = await Promise.all([filtersReady, exactReady]);
    const results = byWords ? intersect(words, filterSets, manifest.count) : new Map();
    if (numberWord) {
      for (const [id, score] of intersect([numberWord], filterSets, manifest.count)) {
        results.set(id, (results.get(id) || 0) + score);
      }
    }
    const ranked = [...results].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
    return { manifest, ranked, exact, empty: false };
  }

  /** Result rows of documents: from shards and sets already loaded, else from their data blocks. */
  async function rows(ids, manifest) {
    const missing = ids.filter((id) => !rowCache.has(id));
    const blocks = [...new Set(missing.map((id) => Math.floor(id / manifest.block)))];
    await Promise.all(
      blocks.map(async (block) => {
        const data = await fetchOnce(`data/${block}.json`, JSON.parse);
        data.forEach((row, i) => rowCache.set(block * manifest.block + i, row));
      }),
    );
    return ids.map((id) => rowCache.get(id));
  }

  /** Milliseconds spent loading and querying lunr indexes since the last reset. */
  function timing(reset = false) {
    const spent = { ...clock };
    if (reset) clock.load = clock.query = 0;
    return spent;
  }

  /** Start loading the manifest and lunr.js: on first use, not on page load. */
  function warmUp() {
    loadManifest().catch(() => {});
    Promise.resolve()
      .then(loadLunr)
      .catch(() => {});
  }

  return { search, rows, timing, warmUp };
}

function unionOf(bitmaps, count) {
  if (!bitmaps.length) return null;
  if (bitmaps.length === 1) return bitmaps[0];
  const union = new Uint8Array((count + 7) >> 3);
  for (const bits of bitmaps) for (let i = 0; i < union.length; i++) union[i] |= bits[i];
  return union;
}
