// certreg search page: the form, the URL and the results list around search-engine.js.
// Loaded only by the search page, as a module. Every text is rendered with textContent. All state
// lives in the object createSearchPage() returns; the module itself keeps none.

import { createEngine, exactView, NotFound, PAGE_SIZE, resultView } from "./search-engine.js";
import { element as newElement, statusBadge } from "./dom.js";
import { _, ngettext, number } from "./i18n.js";

const ROOT = new URL("../../", import.meta.url);
const INDEX = new URL("search/", ROOT);
// The pages of this page's language: the root, or "de/" on a further language's pages (base.html), whose
// search/labels.json words the shared index's statuses and countries in that language.
const LANGUAGE_ROOT = document.documentElement.dataset.languageRoot || "";
const PAGES = new URL(LANGUAGE_ROOT, ROOT);
const URL_DELAY_MS = 400;
const FILTERS = ["status", "standard", "country"];

// --- fetching from the site -----------------------------------------------------------------------

/** The text of a file under search/; NotFound for HTTP 404, an Error for any other failure. */
async function fetchText(path) {
  const response = await fetch(new URL(path, INDEX));
  if (response.status === 404) throw new NotFound(`${path}: not found`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  if (path === "manifest.json" && LANGUAGE_ROOT) return withLabels(await response.text());
  return response.text();
}

/** The shared manifest with the statuses and countries of this page's language (its search/labels.json). */
async function withLabels(manifest) {
  const response = await fetch(new URL("search/labels.json", PAGES));
  if (!response.ok) throw new Error(`labels.json: HTTP ${response.status}`);
  return JSON.stringify({ ...JSON.parse(manifest), ...(await response.json()) });
}

/** A loader of lunr.min.js by a script element; after a failure the next call tries again. */
function lunrLoader(doc) {
  const state = { ready: null };
  return () => {
    if (window.lunr) return Promise.resolve(window.lunr);
    if (!state.ready) {
      state.ready = new Promise((resolve, reject) => {
        const script = doc.createElement("script");
        script.src = new URL("lunr.min.js", INDEX).href;
        script.onload = () => resolve(window.lunr);
        script.onerror = () => {
          script.remove();
          state.ready = null;
          reject(new Error("lunr.min.js could not be loaded"));
        };
        doc.head.append(script);
      });
    }
    return state.ready;
  };
}

// --- rendering: DOM APIs and textContent only ------------------------------------------------------

function renderer(doc) {
  const element = (tag, className, text) => newElement(doc, tag, className, text);
  const badge = (status) => statusBadge(doc, status);

  function siteLink(url, text) {
    const link = element("a", "search-result__link", text);
    link.href = new URL(url, PAGES).pathname;
    return link;
  }

  function resultItem(row, manifest) {
    const view = resultView(row, manifest);
    const item = element("li", "search-result");
    const heading = element("h3", "search-result__name");
    heading.append(siteLink(view.url, view.name));
    item.append(heading, element("p", "search-result__place", view.place));
    const list = element("ul", "search-result__certificates");
    for (const certificate of view.certificates) {
      const entry = element("li");
      entry.append(element("span", "search-result__standard", certificate.standards + " "), badge(certificate.status));
      list.append(entry);
    }
    item.append(list);
    return item;
  }

  function exactItem(match, manifest) {
    const view = exactView(match, manifest);
    const item = element("li", "search-result search-result--exact");
    item.append(element("p", "search-result__kind", _("Exact certificate match")));
    const heading = element("h3", "search-result__name");
    heading.append(siteLink(view.url, _("Certificate {number}", { number: view.number })));
    const detail = element("p", "search-result__place", `${view.detail} `);
    detail.append(badge(view.status));
    item.append(heading, detail);
    return item;
  }

  return { resultItem, exactItem };
}

// --- the page --------------------------------------------------------------------------------------

function describe(count, state) {
  const query = state.q.trim();
  if (count === 0) return query ? _("No organization matches “{query}”.", { query }) : _("No organization matches the filters.");
  if (query) return ngettext("{count} organization matches “{query}”.", "{count} organizations match “{query}”.", count, { query });
  return ngettext("{count} organization matches the filters.", "{count} organizations match the filters.", count);
}

function queryString(state) {
  const params = new URLSearchParams();
  for (const key of ["q", ...FILTERS]) if (state[key]) params.set(key, state[key]);
  return params.toString();
}

/** The search page of `doc`: every piece of state is a property of the object returned. */
export function createSearchPage(doc, engine) {
  const form = doc.getElementById("search-form");
  const input = doc.getElementById("search-q");
  const list = doc.getElementById("search-results");
  const statusLine = doc.getElementById("search-status");
  const more = doc.getElementById("search-more");
  const retry = doc.getElementById("search-retry");
  const controls = Object.fromEntries(FILTERS.map((name) => [name, form.elements[name]]));
  const render = renderer(doc);
  const page = { ticket: 0, shown: { ranked: [], count: 0, manifest: null }, typingEntry: false, pending: null };
  const location = doc.defaultView.location;
  const history = doc.defaultView.history;

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

  function remember(state, push) {
    cancelPending();
    const query = queryString(state);
    const url = location.pathname + (query ? `?${query}` : "");
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(state, "", url);
    else history.replaceState(state, "", url);
  }

  // While typing, the URL follows once the typing pauses: history calls can block for tens of ms.
  function rememberLater(state, push) {
    const merged = Boolean(page.pending?.push) || push;
    cancelPending();
    page.pending = { push: merged, timer: setTimeout(() => remember(state, merged), URL_DELAY_MS) };
  }

  function cancelPending() {
    if (page.pending) clearTimeout(page.pending.timer);
    page.pending = null;
  }

  function unavailable(state, error) {
    list.replaceChildren();
    more.hidden = true;
    statusLine.textContent = _("Search is unavailable: the search index could not be loaded. Check the connection and retry.");
    statusLine.dataset.kind = "unavailable";
    retry.hidden = false;
    list.dataset.state = `unavailable:${queryString(state)}`;
    console.warn("certreg: search unavailable:", error);
  }

  async function run(state) {
    const ticket = ++page.ticket;
    const started = performance.now();
    engine.timing(true);
    let outcome;
    let first;
    try {
      outcome = await engine.search(state.q, state);
      if (ticket !== page.ticket) return;
      first = await engine.rows(outcome.ranked.slice(0, PAGE_SIZE), outcome.manifest);
    } catch (error) {
      if (ticket === page.ticket) unavailable(state, error);
      return;
    }
    if (ticket !== page.ticket) return;
    show(state, outcome, first, started);
  }

  function show(state, { manifest, ranked, exact, empty }, first, started) {
    list.replaceChildren(
      ...exact.map((m) => render.exactItem(m, manifest)),
      ...first.map((r) => render.resultItem(r, manifest)),
    );
    page.shown = { ranked, count: first.length, manifest };
    more.hidden = ranked.length <= first.length;
    retry.hidden = true;
    const exactNote = exact.length ? `${_("Exact certificate match shown first.")} ` : "";
    statusLine.textContent = empty ? "" : exactNote + describe(ranked.length, state);
    statusLine.dataset.kind = empty ? "" : ranked.length || exact.length ? "results" : "no-match";
    list.dataset.query = state.q;
    list.dataset.state = queryString(state);
    const ms = performance.now() - started;
    const phases = { lunrLoad: engine.timing().load, lunrQuery: engine.timing().query, total: ms };
    form.dispatchEvent(new CustomEvent("certreg:results", { detail: { query: state.q, ms, phases } }));
  }

  async function showMore() {
    const { ranked, count, manifest } = page.shown;
    let next;
    try {
      next = await engine.rows(ranked.slice(count, count + PAGE_SIZE), manifest);
    } catch (error) {
      unavailable(readForm(), error);
      return;
    }
    const items = next.map((r) => render.resultItem(r, manifest));
    list.append(...items);
    page.shown.count += next.length;
    more.hidden = ranked.length <= page.shown.count;
    statusLine.textContent = ngettext("Showing {shown} of {count} organization.", "Showing {shown} of {count} organizations.", ranked.length, { shown: number(page.shown.count) });
    if (items.length) items[0].querySelector("a").focus();
  }

  const resultLinks = () => [...list.querySelectorAll(".search-result__name a")];

  function onResultsKey(event) {
    const links = resultLinks();
    const at = links.indexOf(doc.activeElement);
    const targets = {
      ArrowDown: () => links[Math.min(at + 1, links.length - 1)],
      ArrowUp: () => (at <= 0 ? input : links[at - 1]),
      Home: () => links[0],
      End: () => links[links.length - 1],
      Escape: () => input,
    };
    const target = targets[event.key]?.();
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

  function runFromForm(push) {
    const state = readForm();
    remember(state, push);
    page.typingEntry = false;
    run(state);
  }

  function start() {
    const initial = readURL();
    writeForm(initial);
    input.addEventListener("focus", engine.warmUp, { once: true });
    input.addEventListener("input", () => {
      const state = readForm();
      rememberLater(state, !page.typingEntry);
      page.typingEntry = true;
      run(state);
    });
    input.addEventListener("keydown", onInputKey);
    list.addEventListener("keydown", onResultsKey);
    for (const name of FILTERS) controls[name]?.addEventListener("change", () => runFromForm(true));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      runFromForm(true);
    });
    more.addEventListener("click", showMore);
    retry.addEventListener("click", () => run(readForm()));
    doc.defaultView.addEventListener("popstate", () => {
      const state = readURL();
      writeForm(state);
      page.typingEntry = false;
      cancelPending();
      run(state);
    });
    if (initial.q || FILTERS.some((name) => initial[name])) run(initial);
    form.hidden = false;
    form.dataset.ready = "true";
  }

  return { start, run, page };
}

createSearchPage(document, createEngine({ fetchText, loadLunr: lunrLoader(document) })).start();
