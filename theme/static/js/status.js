/* certreg stale-build check. Every status element carries its dates in data- attributes; this
   re-evaluates them against the visitor's clock (UTC date), with the same precedence as the build,
   so a page served days after its build never shows an expired certificate as valid. It also says
   how old the data is. No dependencies; text only (never innerHTML). */
(function () {
  "use strict";

  var DAY = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var CLASS_PREFIXES = ["status--", "verdict--", "cert-card--"];

  function parseDate(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : null;
  }

  function todayUTC() {
    var now = new Date();
    return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  }

  function longDate(time) {
    var day = new Date(time);
    return day.getUTCDate() + " " + MONTHS[day.getUTCMonth()] + " " + day.getUTCFullYear();
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  /* First match wins, as in the build: withdrawn, suspended, expired, edition_withdrawn,
     not_yet_valid, expiring_soon, valid. */
  function effectiveStatus(data, today) {
    if (data.status === "withdrawn") { return "withdrawn"; }
    if (data.status === "suspended") { return "suspended"; }
    if (data.expires !== null && today > data.expires) { return "expired"; }
    if (data.transitionEnds !== null && today > data.transitionEnds) { return "edition_withdrawn"; }
    if (data.issued !== null && today < data.issued) { return "not_yet_valid"; }
    if (data.expires !== null && (data.expires - today) / DAY <= data.soonDays) {
      return "expiring_soon";
    }
    return "valid";
  }

  function label(status, data, today) {
    var days = Math.round((data.expires - today) / DAY);
    var labels = {
      withdrawn: "Withdrawn",
      suspended: "Suspended",
      expired: "Expired",
      edition_withdrawn: "Not valid: edition withdrawn",
      not_yet_valid: "Not yet valid",
      expiring_soon: days === 0 ? "Valid, expires today" : "Valid, expires in " + plural(days, "day"),
      valid: "Valid"
    };
    return labels[status];
  }

  function reason(status, data) {
    var reasons = {
      expired: "The certificate expired on " + longDate(data.expires) + ".",
      edition_withdrawn: "The transition period of its edition ended on " +
        (data.transitionEnds === null ? "" : longDate(data.transitionEnds)) +
        ": certificates to that edition are no longer valid.",
      not_yet_valid: "The certificate is valid from " + longDate(data.issued) + ".",
      expiring_soon: "The certificate expires on " + longDate(data.expires) + ".",
      valid: "The certificate is valid until " + longDate(data.expires) + "."
    };
    return reasons[status] || null;
  }

  function readData(element) {
    var set = element.dataset;
    return {
      status: set.status,
      effective: set.effectiveStatus,
      issued: parseDate(set.issued),
      expires: parseDate(set.expires),
      transitionEnds: parseDate(set.transitionEnds),
      buildDate: parseDate(set.buildDate),
      soonDays: parseInt(set.expiringSoonDays, 10) || 0
    };
  }

  function swapClass(element, prefix, status) {
    if (!element) { return; }
    var names = Array.prototype.slice.call(element.classList);
    names.forEach(function (name) {
      if (name.indexOf(prefix) === 0) { element.classList.remove(name); }
    });
    element.classList.add(prefix + status.replace(/_/g, "-"));
  }

  function addNote(element, text) {
    var note = document.createElement("span");
    note.className = "status-note";
    note.textContent = text;
    element.insertAdjacentElement("afterend", note);
  }

  function relabel(element, today) {
    var data = readData(element);
    if (data.buildDate === null || data.buildDate === today) { return; }
    var status = effectiveStatus(data, today);
    var text = label(status, data, today);
    var labelElement = element.querySelector(".status__label");
    if (status === data.effective && labelElement && labelElement.textContent === text) { return; }
    if (labelElement) { labelElement.textContent = text; }
    swapClass(element, CLASS_PREFIXES[0], status);
    swapClass(element.closest(".verdict"), CLASS_PREFIXES[1], status);
    swapClass(element.closest(".cert-card"), CLASS_PREFIXES[2], status);
    element.setAttribute("data-checked-status", status);
    updateReason(element, status, data);
    if (status !== data.effective) {
      var verdict = element.closest(".verdict");
      addNote(verdict ? verdict.querySelector(".js-status-reason") : element, "Checked by your browser on " + longDate(today) + "; the registry data is from " +
        longDate(data.buildDate) + ".");
    }
  }

  function updateReason(element, status, data) {
    var container = element.closest(".verdict, .cert-card");
    var target = container && container.querySelector(".js-status-reason, .status-reason");
    var text = reason(status, data);
    if (target && text) { target.textContent = text; }
  }

  function showAge(element, today) {
    var built = parseDate(element.dataset.buildDate);
    if (built === null || today <= built) { return; }
    var days = Math.round((today - built) / DAY);
    element.textContent = "Data built " + plural(days, "day") + " ago.";
    element.hidden = false;
  }

  function run() {
    var today = todayUTC();
    document.querySelectorAll(".js-status").forEach(function (element) {
      relabel(element, today);
    });
    document.querySelectorAll(".js-data-age").forEach(function (element) {
      showAge(element, today);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
}());
