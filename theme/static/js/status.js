/* certreg stale-build check. Every status element carries the dates its status rests on in data-
   attributes. This script fetches build.json (the build date and the status table, written by the
   build from certreg.status) and, when the visitor's clock (UTC date) is past the build date,
   re-decides each status with the build's precedence and rewords it with the table's own templates,
   so a page served days after its build never shows an expired certificate as valid. It also says
   how old the data is. It has no wording of its own. No dependencies; text only (never innerHTML). */
(function () {
  "use strict";

  var DAY = 86400000;
  /* The build's language: month names, long-date format and messages come from build.json. */
  var LANGUAGE = { months: [], date_format: "{day} {month} {year}", messages: {} };
  var CLASS_PREFIXES = ["status--", "verdict--", "cert-card--"];
  var SCRIPT = document.currentScript;

  function parseDate(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : null;
  }

  function todayUTC() {
    var now = new Date();
    return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  }

  function longDate(time) {
    if (time === null) { return ""; }
    var day = new Date(time);
    return format(LANGUAGE.date_format, {
      day: day.getUTCDate(), month: LANGUAGE.months[day.getUTCMonth()], year: day.getUTCFullYear()
    });
  }

  /* Fill {name} fields of a message; unknown fields stay as written. */
  function format(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(fields, name) ? String(fields[name]) : match;
    });
  }

  /* A message's form for a count, by the build language's plural rules. */
  function plural(forms, count) {
    var category = new Intl.PluralRules(LANGUAGE.language || "en").select(count);
    return format(forms[category] || forms.other || "", { count: count });
  }

  /* The build's precedence (certreg.status.PRECEDENCE): first match wins. */
  function effectiveStatus(data, today, soonDays) {
    if (data.status === "withdrawn" || data.status === "suspended") { return data.status; }
    if (data.expires !== null && today > data.expires) { return "expired"; }
    if (data.transitionEnds !== null && today > data.transitionEnds) { return "edition_withdrawn"; }
    if (data.issued !== null && today < data.issued) { return "not_yet_valid"; }
    if (data.expires !== null && (data.expires - today) / DAY <= soonDays) { return "expiring_soon"; }
    return "valid";
  }

  /* Fill a template of the status table ("Valid until {expires}") with long dates. */
  function fill(template, data) {
    var fields = {
      expires: longDate(data.expires),
      issued: longDate(data.issued),
      transition_ends: longDate(data.transitionEnds),
      edition: data.edition || "",
      status_date: longDate(data.statusDate)
    };
    return format(template, fields);
  }

  function readData(element) {
    var set = element.dataset;
    return {
      status: set.status,
      effective: set.effectiveStatus,
      issued: parseDate(set.issued),
      expires: parseDate(set.expires),
      transitionEnds: parseDate(set.transitionEnds),
      edition: set.transitionEdition,
      statusDate: parseDate(set.statusDate)
    };
  }

  function swapClass(element, prefix, slug) {
    if (!element) { return; }
    Array.prototype.slice.call(element.classList).forEach(function (name) {
      if (name.indexOf(prefix) === 0) { element.classList.remove(name); }
    });
    element.classList.add(prefix + slug);
  }

  function relabel(element, today, build) {
    var data = readData(element);
    var id = effectiveStatus(data, today, build.expiring_soon_days);
    if (id === data.effective) { return; }
    var status = build.byId[id];
    var verdict = element.closest(".verdict");
    var label = element.querySelector(".status__label");
    if (label) { label.textContent = fill(verdict ? status.headline : status.label, data); }
    swapClass(element, CLASS_PREFIXES[0], status.slug);
    swapClass(verdict, CLASS_PREFIXES[1], status.slug);
    swapClass(element.closest(".cert-card"), CLASS_PREFIXES[2], status.slug);
    element.setAttribute("data-checked-status", id);
    var container = element.closest(".verdict, .cert-card");
    var reason = container && container.querySelector(".js-status-reason, .status-reason");
    if (reason) {
      reason.textContent = fill(status.reason, data);
      var note = document.createElement("span");
      note.className = "status-note";
      note.textContent = " " + format(LANGUAGE.messages.checked, { today: longDate(today), built: longDate(build.date) });
      reason.append(note);
    }
  }

  function showAge(element, today, built) {
    var days = Math.round((today - built) / DAY);
    var age = days <= 0 ? "" : " " + plural(LANGUAGE.messages.days_ago, days);
    element.textContent = format(LANGUAGE.messages.built, { date: longDate(built), age: age });
    element.hidden = false;
  }

  function run(build) {
    var today = todayUTC();
    LANGUAGE = build;
    build.date = parseDate(build.build_date);
    build.byId = {};
    build.statuses.forEach(function (status) { build.byId[status.id] = status; });
    document.querySelectorAll(".js-data-age").forEach(function (element) {
      showAge(element, today, build.date);
    });
    if (build.date === null || today <= build.date) { return; }
    document.querySelectorAll(".js-status").forEach(function (element) {
      relabel(element, today, build);
    });
  }

  function start() {
    var url = new URL("../../build.json", SCRIPT ? SCRIPT.src : location.href);
    fetch(url.href).then(function (response) {
      if (!response.ok) { throw new Error("build.json: HTTP " + response.status); }
      return response.json();
    }).then(run).catch(function () {
      /* Without build data the page keeps what the build wrote: the status and its dates. */
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
