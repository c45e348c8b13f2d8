# Installs, idempotently, what building and testing SG Console needs beyond Rust itself.
# Sourced by scripts/run and scripts/test. Each step is skipped when its tool is already there
# at the right version. Nothing here downloads a prebuilt binary from GitHub: everything comes
# from crates.io, rustup, npm or Debian's apt.

CARGO_LEPTOS_VERSION=0.3.10

say() { printf '\n==> %s\n' "$*" >&2; }

# apt-get needs root; use sudo when not root.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Compiling cargo-leptos and the C parts of some crates (SQLite, aws-lc, OpenSSL) needs a C
# toolchain, make, perl and pkg-config.
ensure_build_tools() {
  local missing=()
  command -v cc >/dev/null || missing+=(build-essential)
  command -v make >/dev/null || missing+=(make)
  command -v perl >/dev/null || missing+=(perl)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  fi
}

# Each check reads a command's whole output before matching it: `cmd | grep -q` under pipefail
# can fail when grep stops reading early, which would trigger a needless reinstall.
ensure_wasm_target() {
  local installed
  installed=$(rustup target list --installed)
  if ! grep -qx wasm32-unknown-unknown <<<"$installed"; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_leptos() {
  local version
  version=$(cargo leptos --version 2>/dev/null || true)
  if [ "$version" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (15-30 minutes the first time)"
    cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked
  fi
}

# cargo-leptos uses the wasm-bindgen on PATH; it must be the version in Cargo.lock.
ensure_wasm_bindgen() {
  local want version
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  version=$(wasm-bindgen --version 2>/dev/null || true)
  if [ "$version" != "wasm-bindgen $want" ]; then
    say "installing wasm-bindgen-cli $want (about 10 minutes the first time)"
    # Not --locked: its own lock names a crate version the registry mirror may lack.
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

# cargo-leptos runs wasm-opt in release builds and finds it on PATH. Debian's binaryen is too old
# (its optimised WASM fails to hydrate), so binaryen comes from npm, into target/tools.
ensure_wasm_opt() {
  local tools="$PWD/target/tools"
  if [ ! -x "$tools/node_modules/.bin/wasm-opt" ]; then
    say "installing wasm-opt (binaryen from npm)"
    mkdir -p "$tools" && (cd "$tools" && npm install --no-audit --no-fund binaryen@132 >/dev/null)
  fi
  PATH="$tools/node_modules/.bin:$PATH"
}

# The proxy test (scripts/proxy-test) runs Debian's nginx in front of the console and checks the
# systemd unit with systemd-analyze.
ensure_proxy_tools() {
  local missing=()
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v systemd-analyze >/dev/null || missing+=(systemd)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    as_root apt-get update
    # Installing nginx would start Debian's default site on port 80: not wanted here.
    as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y "${missing[@]}"
  fi
}

# The database tests run on PostgreSQL too (scripts/postgres.sh): Debian's server and psql.
ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v psql >/dev/null; then
    say "installing PostgreSQL"
    as_root apt-get update
    # Its own cluster would start on port 5432: not wanted here (the tests make their own).
    as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y postgresql postgresql-client
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  fi
}

ensure_end2end_packages() {
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules ]; then
    say "installing the end-to-end test packages"
    # Playwright's own browser download is not used (and not reachable): Debian's Chromium is.
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}
