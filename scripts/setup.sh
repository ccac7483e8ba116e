#!/usr/bin/env bash
# Installs everything the build and the tests need, and nothing twice.
# Sourced by serve.sh, test.sh and bench.sh; safe to run again at any time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock exactly.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
export PATH="$ROOT/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# Lighthouse finds its browser here.
export CHROME_PATH="${CHROME_PATH:-$CHROMIUM}"
# Chinese file names need a UTF-8 locale (a bare CI environment may have none).
case "${LC_ALL:-${LANG:-}}" in *UTF-8*|*utf8*) ;; *) export LANG=C.UTF-8 LC_ALL=C.UTF-8 ;; esac

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

missing=()
# python3-openpyxl writes the workbooks the sheet tests import and reads what we export;
# python3-docx reads the Word briefing back; firefox-esr runs the core flows beside Chromium.
# 7zip opens the protected ZIPs we write and makes those we read; msoffcrypto-tool
# decrypts the password-protected workbooks we write; LibreOffice (calc, headless)
# opens the CSV we write, to show formula-like text stays text.
for pkg in chromium chromium-driver fonts-noto-cjk python3-openpyxl python3-docx firefox-esr 7zip python3-msoffcrypto-tool libreoffice-calc-nogui; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} (Debian packages)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 11 minutes on 2 cores)"
  cargo install trunk --version "=$TRUNK_VERSION" --locked
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

# tools/split, which splits the page's wasm in the release build (scripts/split.mjs):
# built from source once (about 3 minutes on 2 cores), after that cargo finds it up to date.
SPLIT_TARGET="${CARGO_TARGET_DIR:-$ROOT/target}/split-tool"
[ -x "$SPLIT_TARGET/release/taizhang-split" ] || say "building tools/split (about 3 minutes)"
cargo build --quiet --release --locked --manifest-path "$ROOT/tools/split/Cargo.toml" --target-dir "$SPLIT_TARGET"

# playwright-core (drives the system Chromium), binaryen's wasm-opt and terser (the
# release build's JS minifier), from npm.
if [ ! -f "$ROOT/tests/e2e/node_modules/.package-lock.json" ] ||
   [ "$ROOT/tests/e2e/package-lock.json" -nt "$ROOT/tests/e2e/node_modules/.package-lock.json" ]; then
  say "installing npm packages for the end-to-end tests"
  (cd "$ROOT/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
