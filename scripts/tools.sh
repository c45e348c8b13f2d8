# Installs, idempotently, what building and testing SG Console needs beyond Rust itself.
# Sourced by scripts/run and scripts/test. Each step is skipped when its tool is already there
# at the right version. Nothing here downloads a prebuilt binary from GitHub: everything comes
# from crates.io, rustup, npm or Debian's apt.

CARGO_LEPTOS_VERSION=0.3.10

say() { printf '\n==> %s\n' "$*" >&2; }

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_leptos() {
  if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (15-30 minutes the first time)"
    cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked
  fi
}

# cargo-leptos uses the wasm-bindgen on PATH; it must be the version in Cargo.lock.
ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    say "installing wasm-bindgen-cli $want (about 10 minutes the first time)"
    # Not --locked: its own lock names a crate version the registry mirror may lack.
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  fi
}

ensure_end2end_packages() {
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules ]; then
    say "installing the end-to-end test packages"
    # Playwright's own browser download is not used (and not reachable): Debian's Chromium is.
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}
