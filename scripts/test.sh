#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): npm dependencies, type check, lint + format
# check, the unit, processes, notebooks and browser tiers, then integration tests on a real
# two-host Docker lab (needs root; `lab up` inside the tests installs the Debian packages it needs
# and builds the image once). It ends with each tier's time and the 10 slowest files; the fast
# tier alone (pure tests, under a minute) is `npm run test:fast`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "$(id -u)" != 0 ]; then
  echo "scripts/test.sh: the integration tests run a real Docker lab and need root: sudo scripts/test.sh" >&2
  exit 1
fi
scripts/ensure-node-deps.sh
scripts/ensure-test-deps.sh
export NO_COLOR=1 npm_config_loglevel=error
echo "== type check (tsc --noEmit)"
node node_modules/typescript/bin/tsc --noEmit  # not npx tsc: tslab's bundled TypeScript 5.0 also installs a `tsc` bin
echo "== lint (eslint) and format (prettier --check)"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
echo "== tests (vitest): unit, processes, notebooks and browser first, then integration on the lab (not side by side: they would share the 2 CPUs)"
dir="$(mktemp -d)"
# Every temporary file of the tests goes under $dir/tmp and goes with it (sticky and world-writable
# like /tmp: some tests run the toolkit as another user). --one-file-system: a mount a failed test
# left there is not followed. vitest's JSON reports stay in test-results/ for a look afterwards.
chmod 0755 "$dir"
mkdir -m 1777 "$dir/tmp"
export TMPDIR="$dir/tmp"
trap 'rm -rf --one-file-system "$dir"' EXIT
mkdir -p test-results
rm -f test-results/first.json test-results/integration.json
set +e
npx vitest run --project unit --project processes --project notebooks --project browser \
  --reporter=default --reporter=json --outputFile.json=test-results/first.json
status_a=$?
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=test-results/integration.json
status_b=$?
set -e
node --import tsx scripts/test-summary.ts test-results/first.json test-results/integration.json || echo "0 passed, 1 failed"
[ $status_a -eq 0 ] && [ $status_b -eq 0 ]
