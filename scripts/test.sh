#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): npm dependencies, type check, lint + format
# check, unit tests, then integration tests on a real two-host Docker lab (needs root; `lab up`
# inside the tests installs the Debian packages it needs and builds the image once).
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
echo "== unit and integration tests (vitest)"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json="$results"
status=$?
set -e
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$results" || echo "0 passed, 1 failed"
exit $status
