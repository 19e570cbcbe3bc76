/**
 * The tests' "now". `LIEU_TEST_NOW` (an ISO instant, e.g. `2027-03-28T01:30:00Z`) moves the start of
 * the run to that instant; time then flows as usual from there, so expiries still happen. Unset, it is
 * the real time. The app's clock (test/support/env.ts), the demo seed and the browser's clock
 * (test/e2e/browser.ts) all read it, so a test that needs "today" or "next month" takes it from
 * `testNow()`, never from `new Date()`: the date-sensitive suites run at chosen dates
 * (scripts/test-dates.sh) and pass on any day and hour.
 */
const raw = process.env.LIEU_TEST_NOW?.trim();
const base = raw ? Date.parse(raw) : NaN;
if (raw && (Number.isNaN(base) || !/(Z|[+-]\d\d:\d\d)$/.test(raw))) {
  throw new Error(`LIEU_TEST_NOW must be an ISO instant with a zone (e.g. 2027-03-28T01:30:00Z), got "${raw}"`);
}
const startedAt = Date.now();
const offsetMs = raw ? base - startedAt : 0;

/** True when `LIEU_TEST_NOW` moves the tests' clock away from the real time. */
export const testClockMoved = Boolean(raw);

/** The tests' current instant: `LIEU_TEST_NOW` plus the time elapsed since the run started (or the real time). */
export function testNow(): Date {
  return new Date(Date.now() + offsetMs);
}
