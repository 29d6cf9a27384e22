#!/usr/bin/env bash
# `make bench` (after `make build`): installs bench/'s npm packages from the committed lockfile
# when missing or stale (npm ci, quietly), then runs bench/bench.mjs, which prints the table and
# writes target/bench/latest.json. Playwright comes from e2e/node_modules (scripts/setup.sh).
set -euo pipefail

cd "$(dirname "$0")/.."

# A copy of the lockfile in node_modules marks which lockfile the install came from.
stamp=bench/node_modules/.installed-package-lock.json
if ! cmp -s bench/package-lock.json "$stamp" 2>/dev/null; then
  echo "bench: installing bench npm packages (npm ci)" >&2
  log=$(mktemp)
  if ! (cd bench && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
  cp bench/package-lock.json "$stamp"
fi

exec node bench/bench.mjs "$@"
