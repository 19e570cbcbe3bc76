#!/usr/bin/env bash
# Runs the suites that depend on the date or the hour with the tests' clock set to awkward instants
# (LIEU_TEST_NOW, read by test/support/clock.ts: the app's clock, the demo seed and the browser's
# clock start there and flow), so that CI passes on any day and hour, not only on the day it ran.
#   bash scripts/test-dates.sh                        # every instant below
#   bash scripts/test-dates.sh 2027-01-01T07:00:00Z   # chosen instants
set -euo pipefail
cd "$(dirname "$0")/.."

instants=("$@")
if [ ${#instants[@]} -eq 0 ]; then
  instants=(
    2027-03-31T22:30:00Z # 1 April, 00:30 in Paris (still 31 March in UTC): a month starts
    2027-02-28T19:30:00Z # Sunday 28 February, 20:30 in Paris: the 28th, a weekend, after hours
    2027-03-28T18:30:00Z # DST Sunday (a 23-hour day), 20:30 CEST: after hours, the evening after the change
    2027-10-31T00:30:00Z # DST Sunday, 02:30 CEST: the first pass of the repeated hour
  )
fi

# Files that use the calendar ("today", "next month", the month of a report): at every instant.
calendar=(
  test/shop/orders.test.ts
  test/billing/desk.test.ts
  test/reports/dashboard.test.ts
  functions/jobs/test/shopJobs.test.ts
)
# Files that pick the next weekdays or an hour of the day, and one browser test (its page clock starts
# at the same instant): at the weekend evening and in the repeated hour, to keep CI's extra time short.
hours=(
  test/billing/holds.test.ts
  test/proofs/isolation-matrix.test.ts
  test/e2e/bookings.test.ts
)
hour_instants=" 2027-02-28T19:30:00Z 2027-10-31T00:30:00Z "

failed=()
for now in "${instants[@]}"; do
  files=("${calendar[@]}")
  if [ $# -gt 0 ] || [[ "$hour_instants" == *" $now "* ]]; then files+=("${hours[@]}"); fi
  echo "── LIEU_TEST_NOW=$now"
  LIEU_TEST_NOW="$now" npx vitest run "${files[@]}" || failed+=("$now")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "Date-sensitive tests failed with LIEU_TEST_NOW=${failed[*]}" >&2
  exit 1
fi
