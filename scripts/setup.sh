#!/usr/bin/env bash
# Installs what `make serve` and `make test` need, and only what is missing. Idempotent; silent
# (one line per install) when something is installed, and fast when everything is present.
# Everything comes from package registries (crates.io, npm, Debian); nothing else is downloaded.
#
#   scripts/setup.sh          everything
#   scripts/setup.sh --check  report what is missing, install nothing (exit 1 if anything is)
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/e2e/node_modules/.bin:$PATH"
export DEBIAN_FRONTEND=noninteractive

TRUNK_VERSION=0.21.14
CHECK_ONLY=0
[[ "${1:-}" == "--check" ]] && CHECK_ONLY=1
missing=0

say() { printf 'setup: %s\n' "$*" >&2; }

# Runs an install command quietly; on failure shows its output and stops.
run_quiet() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    say "failed: $*"
    exit 1
  fi
  rm -f "$log"
}

need() { # need <what> <command...>: install unless --check
  missing=1
  if ((CHECK_ONLY)); then
    say "missing: $1"
  else
    say "installing $1"
    shift
    run_quiet "$@"
  fi
}

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# The wasm-bindgen version is the one in Cargo.lock (the CLI must match the library exactly).
lock_version() {
  awk -v name="$1" '
    $0 == "name = \"" name "\"" { found = 1; next }
    found && /^version = / { gsub(/"/, "", $3); print $3; exit }
  ' Cargo.lock
}

# 1. Rust target for the browser.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  need "rust target wasm32-unknown-unknown" rustup target add wasm32-unknown-unknown
fi

# 2. Trunk (0.22 needs a newer rustc than this machine's: docs/design.md §5).
if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
  need "trunk $TRUNK_VERSION (cargo install, ≈8 min)" \
    cargo install trunk --version "$TRUNK_VERSION" --locked --quiet
fi

# 3. wasm-bindgen-cli (also provides wasm-bindgen-test-runner). Without --locked: its lockfile
#    pins a crate version the registry no longer has.
WB_VERSION=$(lock_version wasm-bindgen)
if [[ -z "$WB_VERSION" ]]; then
  say "no wasm-bindgen in Cargo.lock (run cargo generate-lockfile?)"
  exit 1
fi
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]] ||
  [[ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" != *" $WB_VERSION"* ]]; then
  need "wasm-bindgen-cli $WB_VERSION (cargo install, ≈2 min)" \
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --force --quiet
fi

# 4. Chromium and ChromeDriver (Debian) for the browser tests.
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  if ((CHECK_ONLY)); then
    missing=1
    say "missing: chromium chromium-driver"
  else
    missing=1
    say "installing chromium chromium-driver (apt)"
    run_quiet as_root apt-get update -qq
    run_quiet as_root apt-get install -y -qq --no-install-recommends chromium chromium-driver
  fi
fi

# 4b. CJK fonts, so the e2e screenshots (target/screenshots/) show Chinese text instead of boxes.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  if ((CHECK_ONLY)); then
    missing=1
    say "missing: fonts-noto-cjk (no font with Chinese characters)"
  else
    missing=1
    say "installing fonts-noto-cjk (apt)"
    ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1 || run_quiet as_root apt-get update -qq
    run_quiet as_root apt-get install -y -qq --no-install-recommends fonts-noto-cjk fontconfig
  fi
fi

# 5. npm packages of e2e/ (playwright-core, and binaryen's wasm-opt for Trunk) from the lockfile.
#    A copy of the lockfile in node_modules marks which lockfile the install came from.
stamp=e2e/node_modules/.installed-package-lock.json
if ! cmp -s e2e/package-lock.json "$stamp" 2>/dev/null; then
  if ((CHECK_ONLY)); then
    missing=1
    say "missing or stale: e2e/node_modules"
  else
    missing=1
    say "installing e2e npm packages (npm ci)"
    (cd e2e && run_quiet npm ci --no-audit --no-fund --loglevel=error)
    cp e2e/package-lock.json "$stamp"
  fi
fi

# 5b. Binaryen 108's wasm-split (Debian's package; npm's binaryen has none), unpacked into .tools/
#     for scripts/split-wasm.mjs: the package itself is not installed, so the wasm-opt on PATH
#     stays npm's version_123 that Trunk asks for.
unpack_binaryen() {
  ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1 || as_root apt-get update -qq
  local deb_dir
  deb_dir=$(mktemp -d)
  chmod 777 "$deb_dir" # apt-get download writes as the _apt user where it can
  (cd "$deb_dir" && apt-get download binaryen=108-1)
  mkdir -p .tools/binaryen-108
  dpkg -x "$deb_dir"/binaryen_108-1_amd64.deb .tools/binaryen-108
  rm -rf "$deb_dir"
}
if [[ ! -x .tools/binaryen-108/usr/bin/wasm-split ]]; then
  need "binaryen 108's wasm-split (Debian, unpacked into .tools/)" unpack_binaryen
fi

# 6. Crates, so that the offline Trunk build (Trunk.toml) finds them. A no-op when cached.
if ((!CHECK_ONLY)); then
  run_quiet cargo fetch
fi

if ((CHECK_ONLY)); then
  exit "$missing"
fi
# A last check that what Trunk will ask for is what we have (it must never download).
if [[ "$(wasm-opt --version 2>/dev/null)" != *"(version_123)"* ]]; then
  say "wasm-opt on PATH is not version_123: $(command -v wasm-opt || echo none)"
  exit 1
fi
if ((missing)); then say "done"; fi
