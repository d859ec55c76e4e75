// certreg supplier-list check page (/check/): reads a pasted or opened list, matches every row
// against the static check index with check-engine.js, and shows, filters, downloads and prints the
// result. Nothing typed or opened is sent anywhere. DOM APIs and textContent only. docs/check.md.

import { readListInSlices, rowValues, canMatch, checkFields, LIST_FIELDS, LIST_FIELD_LABELS, SLICE } from "./check-parse.js";
import { Checker, OUTCOMES } from "./check-engine.js";
import { todayUTC } from "./status-rules.js";
import { _, date, ngettext, number, percent } from "./i18n.js";
import { dropZone, element as newElement, statusBadge } from "./dom.js";
import { resultRows, toCSV } from "./check-csv.js";
import { openList } from "./check-open.js";

const ROOT = new URL("../../", import.meta.url);
const INDEX = new URL("check/", ROOT);
// The pages of this page's language: the root, or "de/" on a further language's pages (base.html), with
// their own build.json (the status table and labels in that language); the index is shared.
const PAGES = new URL(document.documentElement.dataset.languageRoot || "", ROOT);
export const CHUNK_ROWS = 50; // progress is announced every CHUNK_ROWS rows
export const IN_FLIGHT = 64; // rows matched at once, so the network always has requests queued
const YIELD_MS = 40;
const MAPPING_CHUNK = 25; // columns of the mapping form added between two yields
const BOX_CHARS = 200000; // a longer file is checked from memory: a textarea of megabytes slows every key

const $ = (id) => document.getElementById(id);
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));
const form = $("check-form");
const paste = $("check-paste");
const fileInput = $("check-file");
const drop = $("check-drop");
const hasHeader = $("check-has-header");
const messages = $("check-messages");
const mapping = $("check-mapping");
const mappingColumns = $("check-mapping-columns");
const progress = $("check-progress");
const progressBar = $("check-progress-bar");
const announcer = $("check-announce");
const results = $("check-results");
const summary = $("check-summary");
const attentionOnly = $("check-attention-only");
const tbody = $("check-rows");
const download = $("check-download");
const printButton = $("check-print");

// The index is fetched on the first check; build.json (status table, identifier labels) at start.
const checker = new Checker(async (path) => {
  const response = await fetch(path === "../build.json" ? new URL("build.json", PAGES) : new URL(path, INDEX));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
});
let loading = null; // checker.load(), once it has been asked for and has not failed
let listFields = LIST_FIELDS; // the list's fields, then each identifier scheme of the build
let fieldLabels = LIST_FIELD_LABELS;
let list = null; // the list as read: header, rows, fields
let outcome = null; // { list, results, today }
let run = 0;
let opened = null; // the text of the file last opened, exactly as decoded, until the box is edited
let fileNote = ""; // how that file was read, shown while it is in use

const element = (tag, className, text) => newElement(document, tag, className, text);

function siteLink(url, text) {
  const link = element("a", "", text);
  const target = new URL(url, PAGES);
  link.href = target.pathname + target.hash;
  return link;
}

function say(text, kind = "info") {
  const p = element("p", `notice check-message check-message--${kind}`, text);
  messages.append(p);
}

function getChecker() {
  if (!loading) {
    loading = checker.load();
    loading.catch(() => (loading = null)); // a failed load is tried again at the next check
  }
  return loading;
}

// --- reading ---------------------------------------------------------------------------------------

async function openFile(file) {
  [opened, fileNote] = [null, ""];
  clearMessages();
  if (!file) return;
  const ticket = ++run;
  const read = await openList(file);
  if (ticket !== run) return;
  if (read.problem) return say(read.problem, "problem");
  [opened, fileNote] = [read.text, read.note];
  paste.value = read.text.length <= BOX_CHARS ? read.text : "";
  paste.placeholder = read.text.length <= BOX_CHARS ? "" : _("“{name}” is in use (too long to show here); type or paste here to check something else.", { name: file.name });
  readAndCheck();
}

/** Remove the messages, keeping the note on how the file in use was read (it stays while the file does). */
function clearMessages() {
  messages.replaceChildren();
  if (opened !== null && fileNote) say(fileNote);
}

async function readAndCheck() {
  clearMessages();
  const ticket = ++run;
  const read = await readListInSlices(opened ?? paste.value, hasHeader.checked, listFields, pause, SLICE, fieldLabels);
  if (ticket !== run) return;
  if (read.problem) {
    say(read.message, "problem");
    if (read.problem === "no_columns") showMapping(read, ticket);
    else mapping.hidden = true;
    return;
  }
  list = read;
  const names = read.fields.map((f, i) => (f ? _("{field} (“{header}”)", { field: fieldLabels[f], header: read.header[i] }) : null)).filter(Boolean);
  const fields = { separated: read.delimiterName, recognized: names.join(", ") };
  say(ngettext("{count} row, columns separated by {separated}. Recognized: {recognized}.", "{count} rows, columns separated by {separated}. Recognized: {recognized}.", read.rows.length, fields));
  await showMapping(read, ticket);
  if (ticket === run) check(read, ticket);
}

/** The form saying which column holds what, built MAPPING_CHUNK columns at a time (a list may have 200). */
async function showMapping(read, ticket) {
  list = read;
  mappingColumns.replaceChildren();
  mapping.hidden = false;
  const menu = element("select");
  menu.append(new Option(_("Not used"), ""), ...listFields.map((field) => new Option(fieldLabels[field], field)));
  for (let start = 0; start < read.header.length; start += MAPPING_CHUNK) {
    if (start) await pause();
    if (ticket !== run) return;
    mappingColumns.append(...read.header.slice(start, start + MAPPING_CHUNK).map((cell, j) => mappingRow(read, start + j, menu)));
  }
}

function mappingRow(read, i, menu) {
  const row = element("div", "check-mapping__row");
  const header = read.header[i];
  const label = element("label", "", header && read.hasHeader ? _("Column {number}: “{header}”", { number: i + 1, header }) : _("Column {number}", { number: i + 1 }));
  label.htmlFor = `check-map-${i}`;
  const select = menu.cloneNode(true);
  select.id = `check-map-${i}`;
  select.value = read.fields[i] || "";
  row.append(label, select);
  return row;
}

async function applyMapping(event) {
  event.preventDefault();
  if (!list || mappingColumns.children.length !== list.header.length) return;
  const fields = list.header.map((cell, i) => $(`check-map-${i}`).value);
  clearMessages();
  if (!canMatch(fields)) {
    say(_("Choose at least one column holding a name, a certificate number or an identifier."), "problem");
    return;
  }
  const ticket = ++run;
  const read = await readListInSlices(opened ?? paste.value, hasHeader.checked, listFields, pause, SLICE, fieldLabels);
  if (ticket !== run) return;
  if ((read.problem && read.problem !== "no_columns") || read.header.length !== fields.length) {
    say(read.message || _("The list has changed since its columns were read: check the list again."), "problem");
    return;
  }
  list = { ...read, fields };
  check(list, ticket);
}

// --- checking, in chunks that yield to input ---------------------------------------------------------

async function check(read, ticket) {
  const started = performance.now();
  let engine;
  try {
    engine = await getChecker();
  } catch (error) {
    say(_("The registry index could not be loaded ({error}). Nothing was checked.", { error: error.message }), "problem");
    return;
  }
  const today = todayUTC();
  const total = read.rows.length;
  const found = new Array(total);
  startProgress(total);
  const state = { next: 0, completed: 0, shown: 0, lastYield: performance.now(), yielding: null };
  const worker = async () => {
    while (state.next < total && ticket === run) {
      const i = state.next++;
      found[i] = await engine.check(rowValues(read.rows[i], read.fields), today).catch(failed);
      if (ticket !== run) return;
      state.completed++;
      if (state.completed % CHUNK_ROWS === 0 || state.completed === total) reportProgress(read, found, state);
      await breathe(state, read, found);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, total) }, worker));
  if (ticket !== run) return;
  showRows(read, found, state);
  progress.hidden = true;
  outcome = { list: read, results: found, today };
  render(outcome, engine);
  results.dispatchEvent(new CustomEvent("certreg:checked", { detail: { rows: total, ms: performance.now() - started } }));
}

function startProgress(total) {
  delete results.dataset.ready;
  outcome = null;
  summary.replaceChildren(element("p", "", _("Checking…")));
  tbody.replaceChildren();
  results.hidden = false;
  progress.hidden = false;
  progressBar.max = total;
  progressBar.value = 0;
  announce(ngettext("Checking {count} row.", "Checking {count} rows.", total));
}

function reportProgress(read, found, state) {
  const total = read.rows.length;
  progressBar.value = state.completed;
  showRows(read, found, state);
  if (total > CHUNK_ROWS) announce(ngettext("Checked {done} of {count} row.", "Checked {done} of {count} rows.", total, { done: number(state.completed) }));
}

/** Append the rows checked so far, in their original order (rows appear as they are checked). */
function showRows(read, found, state) {
  const batch = [];
  while (state.shown < found.length && found[state.shown]) batch.push(resultRow(read, state.shown, found[state.shown++]));
  if (batch.length) tbody.append(...batch);
}

/** Every YIELD_MS, all workers wait for one macrotask, so input and painting are never held up. */
async function breathe(state, read, found) {
  if (!state.yielding && performance.now() - state.lastYield > YIELD_MS) {
    showRows(read, found, state);
    state.yielding = pause().then(() => {
      state.lastYield = performance.now();
      state.yielding = null;
    });
  }
  if (state.yielding) await state.yielding;
}

function failed(error) {
  return { outcome: "error", label: _("Not checked"), notes: [_("This row could not be checked ({error}).", { error: error.message })], certificates: [], candidates: [], missing: [], attention: true };
}

function announce(text) {
  announcer.textContent = text;
}

// --- showing ---------------------------------------------------------------------------------------

function counts(found) {
  const byOutcome = {};
  for (const r of found) byOutcome[r.outcome] = (byOutcome[r.outcome] || 0) + 1;
  return { byOutcome, attention: found.filter((r) => r.attention).length };
}

function render({ list: read, results: found, today }, engine) {
  const { byOutcome, attention } = counts(found);
  const labels = { ...OUTCOMES, error: _("Not checked") };
  const counted = (label, count) => _("{outcome}: {count}", { outcome: label, count: number(count) });
  const items = Object.keys(labels).filter((k) => byOutcome[k]).map((k) => counted(labels[k], byOutcome[k]));
  summary.replaceChildren();
  const ul = element("ul", "check-counts");
  for (const text of [...items, counted(_("Need attention"), attention)]) ul.append(element("li", "", text));
  const dates = { today: date(today), built: date(engine.build.date) };
  summary.append(ul, element("p", "check-dates", _("Statuses checked against your clock on {today}; the registry data is from {built}.", dates)));
  applyFilter();
  const checked = ngettext("Checked {count} row.", "Checked {count} rows.", found.length);
  announce(`${checked} ${items.join(". ")}. ${ngettext("{count} needs attention.", "{count} need attention.", attention)}`);
  results.dataset.ready = "true";
}

function inputSummary(read, i) {
  const values = rowValues(read.rows[i], read.fields);
  const parts = listFields.filter((f) => values[f]).map((f) => (f === "name" ? values[f] : `${fieldLabels[f]}: ${values[f]}`));
  return parts.length ? parts.join(" · ") : read.rows[i].join(" · ");
}

function resultRow(read, i, r) {
  const tr = element("tr", r.attention ? "check-row check-row--attention" : "check-row");
  tr.dataset.outcome = r.outcome;
  const th = element("th", "", String(i + 1));
  th.scope = "row";
  tr.append(th, element("td", "check-input", inputSummary(read, i)), outcomeCell(r), organizationCell(r), certificatesCell(r), notesCell(r));
  return tr;
}

function outcomeCell(r) {
  const td = element("td", `check-outcome check-outcome--${r.outcome.replace("_", "-")}`);
  const score = r.outcome === "name" ? ` (${percent(r.score)})` : "";
  td.append(element("strong", "", r.label + score));
  if (r.outcome === "not_listed") {
    td.append(" ");
    td.append(siteLink("check/#not-listed", _("What this means")));
  }
  return td;
}

function organizationCell(r) {
  const td = element("td", "check-organization");
  if (r.organization) {
    td.append(siteLink(r.organization.url, r.organization.name));
    if (r.organization.country) td.append(element("span", "check-country", ` (${r.organization.country})`));
  } else if (r.candidates.length) {
    td.append(element("span", "", _("Possible matches:")));
    const ol = element("ol", "check-candidates");
    for (const c of r.candidates) {
      const li = element("li");
      li.append(siteLink(c.organization.url, c.organization.name), ` (${c.organization.country}), ${percent(c.score)}`);
      ol.append(li);
    }
    td.append(ol);
  }
  return td;
}

function certificatesCell(r) {
  const td = element("td", "check-certificates");
  if (r.missing.length) td.append(element("p", "check-flag", _("No valid {standards} certificate.", { standards: r.missing.join(", ") })));
  if (!r.certificates.length) return td;
  const ul = element("ul", "check-certificate-list");
  for (const c of r.certificates) {
    const li = element("li");
    li.append(siteLink(c.url, c.number), ` ${c.standards.join(", ")} `, statusBadge(document, c.status));
    if (c.expires !== null) li.append(element("span", "check-expires", ` ${_("Expires {date}.", { date: date(c.expires) })}`));
    ul.append(li);
  }
  td.append(ul);
  return td;
}

function notesCell(r) {
  const td = element("td", "check-notes");
  for (const note of r.notes) td.append(element("p", "", note));
  return td;
}

function applyFilter() {
  results.classList.toggle("check-results--attention-only", attentionOnly.checked);
  if (outcome) {
    const shown = attentionOnly.checked ? outcome.results.filter((r) => r.attention).length : outcome.results.length;
    announce(ngettext("Showing {shown} of {count} row.", "Showing {shown} of {count} rows.", outcome.results.length, { shown: number(shown) }));
  }
}

// --- CSV -------------------------------------------------------------------------------------------

function downloadCSV() {
  if (!outcome) return;
  const blob = new Blob([toCSV(resultRows(outcome, checker.build.buildDate, (url) => new URL(url, PAGES).href))], { type: "text/csv;charset=utf-8" });
  const link = element("a");
  link.href = URL.createObjectURL(blob);
  link.download = `certreg-check-${new Date(outcome.today).toISOString().slice(0, 10)}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}

// --- wiring ----------------------------------------------------------------------------------------

/** Read the build data, then offer the form; without it nothing could be checked or labelled. */
async function start() {
  let build;
  try {
    build = await checker.buildData();
  } catch (error) {
    say(_("The registry data could not be loaded ({error}). Nothing can be checked: reload the page to try again.", { error: error.message }), "problem");
    return;
  }
  listFields = checkFields(build.identifiers);
  fieldLabels = { ...LIST_FIELD_LABELS, ...build.identifierLabels };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    readAndCheck();
  });
  paste.addEventListener("input", () => {
    opened = null;
    paste.placeholder = "";
  });
  fileInput.addEventListener("change", () => openFile(fileInput.files[0]));
  dropZone(drop, "check-drop--over", (files) => openFile(files[0]));
  mapping.addEventListener("submit", applyMapping);
  attentionOnly.addEventListener("change", applyFilter);
  download.addEventListener("click", downloadCSV);
  printButton.addEventListener("click", () => window.print());
  form.hidden = false;
  form.dataset.ready = "true";
}

start();
