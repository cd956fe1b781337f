#!/usr/bin/env bash
# Install the npm dependencies from the lockfile when node_modules is missing or does not match it.
# A node_modules that npm installed from this very lockfile (a plain `npm ci`: its record,
# node_modules/.package-lock.json, lists the same packages at the same versions and integrity,
# optional ones for other platforms left out) is taken as it is.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stamp="$root/node_modules/.netbench-lock-hash"
want="$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)"
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && exit 0
matches_lock() {
  [ -f "$root/node_modules/.package-lock.json" ] && command -v node >/dev/null &&
    node -e '
      const fs = require("fs");
      const [lock, installed] = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8")).packages ?? {});
      const same = (a, b) => a.version === b.version && a.integrity === b.integrity;
      const ok =
        Object.entries(lock).every(([k, p]) => k === "" || (installed[k] ? same(p, installed[k]) : p.optional === true)) &&
        Object.keys(installed).every((k) => k in lock);
      process.exit(ok ? 0 : 1);
    ' "$root/package-lock.json" "$root/node_modules/.package-lock.json"
}
if matches_lock; then
  echo "$want" > "$stamp"
  exit 0
fi
command -v npm >/dev/null || { echo "netbench: npm is missing; install Node.js >= 20 (apt-get install nodejs npm)" >&2; exit 1; }
echo "netbench: installing npm dependencies (npm ci)..." >&2
(cd "$root" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >&2)
echo "$want" > "$stamp"
