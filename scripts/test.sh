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
echo "== tests (vitest): unit, notebooks and browser first, then integration on the lab (not side by side: they would share the 2 CPUs)"
dir="$(mktemp -d)"
# Every temporary file of the tests goes under $dir/tmp and goes with it (sticky and world-writable
# like /tmp: some tests run the toolkit as another user). --one-file-system: a mount a failed test
# left there is not followed.
chmod 0755 "$dir"
mkdir -m 1777 "$dir/tmp"
export TMPDIR="$dir/tmp"
trap 'rm -rf --one-file-system "$dir"' EXIT
set +e
npx vitest run --project unit --project notebooks --project browser --reporter=default --reporter=json --outputFile.json="$dir/a.json"
status_a=$?
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$dir/b.json"
status_b=$?
set -e
node -e '
  const fs = require("fs");
  let p = 0, f = 0, s = 0;
  for (const file of process.argv.slice(1)) {
    if (!fs.existsSync(file)) { f++; continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    p += r.numPassedTests; f += r.numFailedTests; s += r.numPendingTests;
  }
  console.log(`${p} passed, ${f} failed` + (s ? `, ${s} skipped` : ""));
' "$dir/a.json" "$dir/b.json" || echo "0 passed, 1 failed"
[ $status_a -eq 0 ] && [ $status_b -eq 0 ]
