// Unit tests of theme/static/js/status-rules.js: dates and status rules shared by status.js and the
// list check. The statuses are decided in build.json's precedence, and agree with the Python side
// (tests/js/status_fixture.py) at every boundary.
//     CERTREG_PYTHON=.venv/bin/python node --test tests/js/
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { effectiveStatus, longDate, parseDate, readBuild, todayUTC, daysBetween, RULE_IDS } from "../../theme/static/js/status-rules.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PYTHON = process.env.CERTREG_PYTHON || join(ROOT, ".venv", "bin", "python");
const fixture = JSON.parse(execFileSync(PYTHON, [join(ROOT, "tests", "js", "status_fixture.py")], { encoding: "utf8" }));
const build = readBuild(fixture.build);
const day = (text) => parseDate(text);
const cert = (fields) => ({ status: "active", issued: day("2025-01-01"), expires: day("2027-01-31"), transitionEnds: null, ...fields });

test("dates are read strictly and written as the Python side writes them", () => {
  assert.equal(parseDate("2027-05-09"), Date.UTC(2027, 4, 9));
  for (const bad of ["", "2027-5-9", "9 May 2027", "2027-05-09T00:00", undefined, null]) assert.equal(parseDate(bad), null);
  assert.equal(longDate(day("2027-05-09")), "9 May 2027");
  assert.equal(longDate(day("2028-12-31")), "31 December 2028");
  assert.equal(longDate(null), "");
  assert.equal(todayUTC(new Date("2026-11-27T23:59:59-05:00")), day("2026-11-28")); // the UTC date
  assert.equal(daysBetween(day("2026-11-26"), day("2027-11-26")), 365);
});

test("every status of the build's precedence has a rule, and an unknown one is an error", () => {
  assert.deepEqual([...RULE_IDS].sort(), [...build.precedence].sort());
  assert.deepEqual([...build.precedence].sort(), build.statuses.map((s) => s.id).sort());
  assert.throws(() => effectiveStatus(cert({}), day("2026-01-01"), ["revoked", ...build.precedence], 90), /revoked/);
});

test("the browser decides every boundary as the Python side does, in build.json's precedence", () => {
  assert.ok(fixture.cases.length > 50);
  const seen = new Set();
  for (const c of fixture.cases) {
    const data = { status: c.status, issued: day(c.issued), expires: day(c.expires), transitionEnds: day(c.transition_ends) };
    const got = effectiveStatus(data, day(c.on), build.precedence, build.soonDays);
    assert.equal(got, c.expected, `${JSON.stringify(c)}`);
    seen.add(got);
  }
  assert.deepEqual([...seen].sort(), [...build.precedence].sort()); // every status is reached
});

test("the order is the precedence given, not one the script knows", () => {
  const suspendedAndExpired = cert({ status: "suspended", expires: day("2026-01-31") });
  const on = day("2026-03-01");
  assert.equal(effectiveStatus(suspendedAndExpired, on, build.precedence, 90), "suspended");
  const expiredFirst = ["expired", ...build.precedence.filter((id) => id !== "expired")];
  assert.equal(effectiveStatus(suspendedAndExpired, on, expiredFirst, 90), "expired");
});

test("build.json is read whole: status table, precedence and identifier labels", () => {
  assert.equal(build.date, day(fixture.build.build_date));
  assert.equal(build.statusById.expiring_soon.slug, "expiring-soon");
  assert.deepEqual(build.identifiers.map((s) => s.id), ["lei", "vat", "duns", "company_register"]);
  assert.equal(build.identifierLabels.duns, "D-U-N-S number");
});
