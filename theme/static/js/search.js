// certreg search page: queries the sharded lunr index under /search/ (docs/search.md).
// Loaded only by the search page, as a module. Every name is rendered with textContent.

import { tokenize, normalizeCertificateNumber } from "./fold.js";

const ROOT = new URL("../../", import.meta.url);
const INDEX = new URL("search/", ROOT);
const PAGE_SIZE = 10;
const MAX_PREFIX_SHARDS = 2;
const MAX_EXPANSIONS = 8;
const FUZZY_MIN_LENGTH = 5;
const MIN_PREFIX = 2;
const URL_DELAY_MS = 400;
const FILTERS = ["status", "standard", "country"];

// --- fetching, each resource once ------------------------------------------------------------------

const requests = new Map();
// Milliseconds spent in lunr since the last search started: reported with each result event.
const clock = { load: 0, query: 0 };

function fetchOnce(path, parse) {
  if (!requests.has(path)) {
    const promise = fetch(new URL(path, INDEX)).then((response) => {
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return parse(response);
    });
    promise.catch(() => requests.delete(path));
    requests.set(path, promise);
  }
  return requests.get(path);
}

const fetchJSON = (path) => fetchOnce(path, (r) => r.json());

let lunrReady = null;
function loadLunr() {
  if (!lunrReady) {
    lunrReady = new Promise((resolve, reject) => {
      if (window.lunr) return resolve(window.lunr);
      const script = document.createElement("script");
      script.src = new URL("lunr.min.js", INDEX).href;
      script.onload = () => resolve(window.lunr);
      script.onerror = () => reject(new Error("lunr.min.js could not be loaded"));
      document.head.append(script);
    });
  }
  return lunrReady;
}

let manifestReady = null;
function loadManifest() {
  if (!manifestReady) {
    manifestReady = fetchJSON("manifest.json").then((m) => ({
      ...m,
      ignore: new Set(m.ignore),
      bytes: (m.count + 7) >> 3,
    }));
    manifestReady.catch(() => (manifestReady = null));
  }
  return manifestReady;
}

/** Start loading the manifest and lunr.js: on first use, not on page load. */
function warmUp() {
  loadManifest().catch(() => {});
  loadLunr().catch(() => {});
}

function loadShard(number) {
  return fetchOnce(`shards/${number}.json`, async (response) => {
    const [lunr, data] = await Promise.all([loadLunr(), response.json()]);
    const started = performance.now();
    const index = lunr.Index.load(data);
    clock.load += performance.now() - started;
    keepRows(data.rows);
    return { index, frequent: data.certreg };
  });
}

function loadSet(name, manifest) {
  return fetchOnce(`sets/${name}.txt`, async (response) => decodeSet(await response.text(), manifest));
}

/** A set file: its first line as a bitmap; its second line holds rows of its first documents. */
function decodeSet(file, manifest) {
  const [text, rows] = file.split("\n");
  if (rows) keepRows(JSON.parse(rows));
  const bits = new Uint8Array(manifest.bytes);
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
  return bits;
}

const hasBit = (bits, id) => (bits[id >> 3] & (1 << (id & 7))) !== 0;

// --- the query ------------------------------------------------------------------------------------

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

function shardOf(starts, term) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= term) low = mid;
    else high = mid - 1;
  }
  return low;
}

function shardRange(manifest, term, prefix) {
  const first = shardOf(manifest.shards, term);
  if (!prefix) return { shards: [first], prefix: false };
  const last = shardOf(manifest.shards, term + "\uffff");
  if (last - first + 1 > MAX_PREFIX_SHARDS) return { shards: [first], prefix: false };
  const shards = [];
  for (let i = first; i <= last; i++) shards.push(i);
  return { shards, prefix: true };
}

function withinOneEdit(a, b) {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x, y) => a.slice(x) === b.slice(y);
  return rest(i + 1, i + 1) || rest(i + 1, i) || rest(i, i + 1);
}

function idf(df, count) {
  return Math.log(1 + Math.abs((count - df + 0.5) / (df + 0.5)));
}

/** Documents one word matches: lunr scores from its shard(s), plus the sets of frequent terms. */
async function matchWord(lunr, manifest, term, fields) {
  const range = shardRange(manifest, term.word, term.prefix);
  const fuzzy = term.word.length >= FUZZY_MIN_LENGTH;
  const shards = await Promise.all(range.shards.map(loadShard));
  const scores = new Map();
  const sets = [];
  for (const shard of shards) {
    const started = performance.now();
    const hits = shard.index.query((q) => {
      const base = fields ? { usePipeline: false, fields } : { usePipeline: false };
      q.term(term.word, { ...base, boost: 10 });
      if (range.prefix) q.term(term.word, { ...base, boost: 2, wildcard: lunr.Query.wildcard.TRAILING });
      if (fuzzy) q.term(term.word, { ...base, boost: 1, editDistance: 1 });
    });
    for (const hit of hits) scores.set(+hit.ref, (scores.get(+hit.ref) || 0) + hit.score);
    clock.query += performance.now() - started;
    if (fields) continue;
    for (const [word, df, id] of shard.frequent) {
      if (word === term.word || (range.prefix && word.startsWith(term.word)) || (fuzzy && withinOneEdit(word, term.word))) {
        sets.push({ word, df, id });
      }
    }
  }
  sets.sort((a, b) => (a.word === term.word ? -1 : 0) || a.word.length - b.word.length);
  const chosen = sets.slice(0, MAX_EXPANSIONS);
  const bitmaps = await Promise.all(chosen.map((s) => loadSet(`t${s.id}`, manifest)));
  return { scores, bits: unionOf(bitmaps, manifest), bitScore: Math.min(...chosen.map((s) => idf(s.df, manifest.count))) };
}

function unionOf(bitmaps, manifest) {
  if (!bitmaps.length) return null;
  if (bitmaps.length === 1) return bitmaps[0];
  const union = new Uint8Array(manifest.bytes);
  for (const bits of bitmaps) for (let i = 0; i < union.length; i++) union[i] |= bits[i];
  return union;
}

function filterSetNames(filters) {
  const names = [];
  if (filters.status && filters.standard) names.push(`status-${filters.status}--standard-${filters.standard}`);
  else if (filters.status) names.push(`status-${filters.status}`);
  else if (filters.standard) names.push(`standard-${filters.standard}`);
  if (filters.country) names.push(`country-${filters.country.toLowerCase()}`);
  return names;
}

async function loadFilter(name, manifest) {
  try {
    return await loadSet(name, manifest);
  } catch {
    return new Uint8Array(manifest.bytes); // no such set: nothing matches
  }
}

/** Documents matching every word and every filter, with their summed scores. */
function intersect(words, filters, manifest) {
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
  const bits = new Uint8Array(manifest.bytes).fill(255);
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
      if (id < manifest.count && bits[byte] & (1 << bit)) results.set(id, scoreOf(id));
    }
  }
  return results;
}

/** Certificates whose normalized number equals the query's (looked up once the index has it). */
async function exactCertificates(query, manifest) {
  const number = normalizeCertificateNumber(query);
  if (number.length < 4 || !/\p{N}/u.test(number)) return [];
  const shard = await loadShard(shardOf(manifest.shards, number));
  const known = Object.hasOwn(shard.index.invertedIndex, number) || shard.frequent.some(([w]) => w === number);
  if (!known) return [];
  const bucket = stringHash(number) % manifest.certBuckets;
  try {
    const certificates = await fetchJSON(`certs/${bucket}.json`);
    return certificates[number] || [];
  } catch {
    return [];
  }
}

/** 32-bit FNV-1a over code points, as certreg.search_index.string_hash. */
export function stringHash(text) {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ char.codePointAt(0), 0x01000193) >>> 0;
  return hash;
}

/** Run a search: ranked document numbers, their count, and exact certificate matches. */
async function search(query, filters) {
  const [manifest, lunr] = await Promise.all([loadManifest(), loadLunr()]);
  const terms = parseQuery(query, manifest.ignore);
  const names = filterSetNames(filters);
  if (!terms.length && !names.length) return { manifest, ranked: [], exact: [], empty: true };
  // A query that reads as a certificate number (digits, split by punctuation) is first looked up
  // as one; only when no number starts with it are its pieces searched as words.
  const number = normalizeCertificateNumber(query);
  const numberLike = number.length >= 3 && /\p{N}/u.test(number) && terms.length > 1;
  const filtersReady = Promise.all(names.map((n) => loadFilter(n, manifest)));
  const exactReady = exactCertificates(query, manifest);
  const numberWord = numberLike ? await matchWord(lunr, manifest, { word: number, prefix: true }, ["k"]) : null;
  const byWords = !numberWord || numberWord.scores.size === 0;
  const words = byWords ? await Promise.all(terms.map((t) => matchWord(lunr, manifest, t, undefined))) : [];
  const [filterSets, exact] = await Promise.all([filtersReady, exactReady]);
  const results = byWords ? intersect(words, filterSets, manifest) : new Map();
  if (numberWord) {
    for (const [id, score] of intersect([numberWord], filterSets, manifest)) {
      results.set(id, (results.get(id) || 0) + score);
    }
  }
  const ranked = [...results].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  return { manifest, ranked, exact, empty: false };
}

// Result rows already at hand: from shards (name matches), sets (their first documents), blocks.
const rowCache = new Map();

function keepRows(rows) {
  for (const [id, row] of Object.entries(rows || {})) rowCache.set(+id, row);
}

async function rows(ids, manifest) {
  const missing = ids.filter((id) => !rowCache.has(id));
  const blocks = [...new Set(missing.map((id) => Math.floor(id / manifest.block)))];
  await Promise.all(
    blocks.map(async (block) => {
      const data = await fetchJSON(`data/${block}.json`);
      data.forEach((row, i) => rowCache.set(block * manifest.block + i, row));
    }),
  );
  return ids.map((id) => rowCache.get(id));
}

// --- rendering: DOM APIs and textContent only ------------------------------------------------------

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function badge(manifest, statusIndex) {
  const [status, label] = manifest.statuses[statusIndex];
  const span = element("span", `status status--${status.replace(/_/g, "-")}`);
  span.append(element("span", "status__label", label));
  return span;
}

function standardsText(manifest, indexes) {
  return indexes.map((i) => manifest.standards[i][0]).join(", ");
}

function siteLink(url, text) {
  const link = element("a", "search-result__link", text);
  link.href = new URL(url, ROOT).pathname;
  return link;
}

function resultItem(row, manifest) {
  const [name, city, country, url, certificates] = row;
  const item = element("li", "search-result");
  const heading = element("h3", "search-result__name");
  heading.append(siteLink(url, name));
  const countryName = (manifest.countries.find(([code]) => code === country) || [country, country])[1];
  item.append(heading, element("p", "search-result__place", [city, countryName].filter(Boolean).join(", ")));
  const list = element("ul", "search-result__certificates");
  for (const [status, ...standards] of certificates) {
    const entry = element("li");
    entry.append(element("span", "search-result__standard", standardsText(manifest, standards) + " "), badge(manifest, status));
    list.append(entry);
  }
  item.append(list);
  return item;
}

function exactItem(match, manifest) {
  const [number, organization, url, body, status, standards] = match;
  const item = element("li", "search-result search-result--exact");
  item.append(element("p", "search-result__kind", "Exact certificate match"));
  const heading = element("h3", "search-result__name");
  heading.append(siteLink(url, `Certificate ${number}`));
  item.append(heading);
  const detail = element("p", "search-result__place", `${organization} · ${standardsText(manifest, standards)} · ${body} `);
  detail.append(badge(manifest, status));
  item.append(detail);
  return item;
}

// --- the page --------------------------------------------------------------------------------------

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const list = document.getElementById("search-results");
const statusLine = document.getElementById("search-status");
const more = document.getElementById("search-more");
const controls = Object.fromEntries(FILTERS.map((name) => [name, form.elements[name]]));

let current = 0;
let shown = { ranked: [], count: 0, manifest: null };
let typingEntry = false;

function readForm() {
  const state = { q: input.value };
  for (const name of FILTERS) state[name] = controls[name] ? controls[name].value : "";
  return state;
}

function readURL() {
  const params = new URLSearchParams(location.search);
  const state = { q: params.get("q") || "" };
  for (const name of FILTERS) state[name] = params.get(name) || "";
  return state;
}

function writeForm(state) {
  input.value = state.q;
  for (const name of FILTERS) if (controls[name]) controls[name].value = state[name];
}

function queryString(state) {
  const params = new URLSearchParams();
  for (const key of ["q", ...FILTERS]) if (state[key]) params.set(key, state[key]);
  return params.toString();
}

function stateURL(state) {
  const query = queryString(state);
  return location.pathname + (query ? `?${query}` : "");
}

function remember(state, push) {
  cancelPending();
  const url = stateURL(state);
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(state, "", url);
  else history.replaceState(state, "", url);
}

// While typing, the URL follows once the typing pauses: history calls can block for tens of ms.
let pending = null;

function rememberLater(state, push) {
  const merged = Boolean(pending?.push) || push;
  cancelPending();
  pending = { push: merged, timer: setTimeout(() => remember(state, merged), URL_DELAY_MS) };
}

function cancelPending() {
  if (pending) clearTimeout(pending.timer);
  pending = null;
}

function describe(count, state) {
  const what = count === 1 ? "1 organization matches" : `${count.toLocaleString("en")} organizations match`;
  return state.q.trim() ? `${what} “${state.q.trim()}”.` : `${what} the filters.`;
}

async function run(state) {
  const ticket = ++current;
  const started = performance.now();
  clock.load = clock.query = 0;
  let outcome;
  try {
    outcome = await search(state.q, state);
  } catch (error) {
    if (ticket === current) statusLine.textContent = `Search is unavailable right now (${error.message}).`;
    return;
  }
  if (ticket !== current) return;
  const { manifest, ranked, exact, empty } = outcome;
  const matched = performance.now();
  const first = await rows(ranked.slice(0, PAGE_SIZE), manifest);
  if (ticket !== current) return;
  list.replaceChildren(...exact.map((m) => exactItem(m, manifest)), ...first.map((r) => resultItem(r, manifest)));
  shown = { ranked, count: first.length, manifest };
  more.hidden = ranked.length <= first.length;
  const exactNote = exact.length ? "Exact certificate match shown first. " : "";
  statusLine.textContent = empty ? "" : exactNote + describe(ranked.length, state);
  list.dataset.query = state.q;
  list.dataset.state = queryString(state);
  const ms = performance.now() - started;
  const phases = { match: matched - started, lunrLoad: clock.load, lunrQuery: clock.query, total: ms };
  form.dispatchEvent(new CustomEvent("certreg:results", { detail: { query: state.q, ms, phases } }));
}

async function showMore() {
  const { ranked, count, manifest } = shown;
  const next = await rows(ranked.slice(count, count + PAGE_SIZE), manifest);
  const items = next.map((r) => resultItem(r, manifest));
  list.append(...items);
  shown.count += next.length;
  more.hidden = ranked.length <= shown.count;
  statusLine.textContent = `Showing ${shown.count.toLocaleString("en")} of ${ranked.length.toLocaleString("en")} organizations.`;
  if (items.length) items[0].querySelector("a").focus();
}

function resultLinks() {
  return [...list.querySelectorAll(".search-result__name a")];
}

function onResultsKey(event) {
  const links = resultLinks();
  const at = links.indexOf(document.activeElement);
  let target = null;
  if (event.key === "ArrowDown") target = links[Math.min(at + 1, links.length - 1)];
  else if (event.key === "ArrowUp") target = at <= 0 ? input : links[at - 1];
  else if (event.key === "Home") target = links[0];
  else if (event.key === "End") target = links[links.length - 1];
  else if (event.key === "Escape") target = input;
  if (target) {
    event.preventDefault();
    target.focus();
  }
}

function onInputKey(event) {
  if (event.key === "ArrowDown" && resultLinks().length) {
    event.preventDefault();
    resultLinks()[0].focus();
  }
}

function start() {
  const initial = readURL();
  writeForm(initial);
  input.addEventListener("focus", warmUp, { once: true });
  input.addEventListener("input", () => {
    const state = readForm();
    rememberLater(state, !typingEntry);
    typingEntry = true;
    run(state);
  });
  input.addEventListener("keydown", onInputKey);
  list.addEventListener("keydown", onResultsKey);
  for (const name of FILTERS) {
    controls[name]?.addEventListener("change", () => {
      const state = readForm();
      remember(state, true);
      typingEntry = false;
      run(state);
    });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const state = readForm();
    remember(state, true);
    typingEntry = false;
    run(state);
  });
  more.addEventListener("click", showMore);
  window.addEventListener("popstate", () => {
    const state = readURL();
    writeForm(state);
    typingEntry = false;
    cancelPending();
    run(state);
  });
  if (initial.q || FILTERS.some((name) => initial[name])) run(initial);
  form.hidden = false;
  form.dataset.ready = "true";
}

start();
