// certreg stale-build check. Every status element carries the dates its status rests on in data-
// attributes. This module fetches build.json (the build date, the status table and its precedence,
// written by the build from certreg.enrich.status) and, when the visitor's clock (UTC date) is past
// the build date, re-decides each status with status-rules.js in the build's precedence and rewords
// it with the table's own templates, so a page served days after its build never shows an expired
// certificate as valid. It also says how old the data is. It has no wording of its own. Text only
// (never innerHTML). Loaded with type="module", so it runs once the document is parsed.

import { daysBetween, effectiveStatus, format, loadBuild, longDate, parseDate, plural, todayUTC } from "./status-rules.js";

const CLASS_PREFIXES = ["status--", "verdict--", "cert-card--"];
// theme/js/status.js → build.json; on the pages of a further language (data-language-root="de/"), its own.
const BUILD_URL = new URL(`../../${document.documentElement.dataset.languageRoot || ""}build.json`, import.meta.url);

/** Fill a template of the status table ("Valid until {expires}") with long dates in the build's language. */
function fill(template, data, words) {
  return format(template, {
    expires: longDate(data.expires, words),
    issued: longDate(data.issued, words),
    transition_ends: longDate(data.transitionEnds, words),
    edition: data.edition || "",
    status_date: longDate(data.statusDate, words),
  });
}

function readData(element) {
  const set = element.dataset;
  return {
    status: set.status,
    effective: set.effectiveStatus,
    issued: parseDate(set.issued),
    expires: parseDate(set.expires),
    transitionEnds: parseDate(set.transitionEnds),
    edition: set.transitionEdition,
    statusDate: parseDate(set.statusDate),
  };
}

function swapClass(element, prefix, slug) {
  if (!element) return;
  for (const name of [...element.classList]) if (name.startsWith(prefix)) element.classList.remove(name);
  element.classList.add(prefix + slug);
}

function relabel(element, today, build) {
  const data = readData(element);
  const id = effectiveStatus(data, today, build.precedence, build.soonDays);
  if (id === data.effective) return;
  const status = build.statusById[id];
  const verdict = element.closest(".verdict");
  const label = element.querySelector(".status__label");
  if (label) label.textContent = fill(verdict ? status.headline : status.label, data, build.words);
  swapClass(element, CLASS_PREFIXES[0], status.slug);
  swapClass(verdict, CLASS_PREFIXES[1], status.slug);
  swapClass(element.closest(".cert-card"), CLASS_PREFIXES[2], status.slug);
  element.setAttribute("data-checked-status", id);
  const container = element.closest(".verdict, .cert-card");
  const reason = container && container.querySelector(".js-status-reason, .status-reason");
  if (reason) {
    reason.textContent = fill(status.reason, data, build.words);
    const note = document.createElement("span");
    note.className = "status-note";
    const words = build.words;
    note.textContent = ` ${format(words.messages.checked, { today: longDate(today, words), built: longDate(build.date, words) })}`;
    reason.append(note);
  }
}

function showAge(element, today, built, words) {
  const days = daysBetween(built, today);
  const age = days <= 0 ? "" : ` ${plural(words.messages.days_ago, days, words)}`;
  element.textContent = format(words.messages.built, { date: longDate(built, words), age });
  element.hidden = false;
}

function run(build) {
  const today = todayUTC();
  for (const element of document.querySelectorAll(".js-data-age")) showAge(element, today, build.date, build.words);
  if (build.date === null || today <= build.date) return;
  for (const element of document.querySelectorAll(".js-status")) relabel(element, today, build);
}

// Without build data the page keeps what the build wrote: the status and its dates.
loadBuild(BUILD_URL).then(run, () => {});
