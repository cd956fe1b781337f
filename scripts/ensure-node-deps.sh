#!/usr/bin/env bash
# Install the npm dependencies from the lockfile when node_modules is missing or older than it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stamp="$root/node_modules/.netbench-lock-hash"
want="$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  command -v npm >/dev/null || { echo "netbench: npm is missing; install Node.js >= 20 (apt-get install nodejs npm)" >&2; exit 1; }
  echo "netbench: installing npm dependencies (npm ci)..." >&2
  (cd "$root" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >&2)
  echo "$want" > "$stamp"
fi
