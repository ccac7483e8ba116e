#!/usr/bin/env bash
# Runs every check and every test: format, lints (host and wasm32), native
# tests, in-browser tests, then end-to-end tests against the release build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (host)"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (wasm32: the user's build, then with the tests' fault switch)"
cargo clippy --workspace --lib --bins --locked --target wasm32-unknown-unknown -- -D warnings
cargo clippy --workspace --all-targets --all-features --locked --target wasm32-unknown-unknown -- -D warnings

step "tools/split (splits the page's wasm in the release build) is formatted and lint-clean"
(cd tools/split && cargo fmt -- --check)
cargo clippy --manifest-path tools/split/Cargo.toml --target-dir "${CARGO_TARGET_DIR:-target}/split-tool" --locked -- -D warnings

step "fuzz target builds and is lint-clean (it is run by scripts/fuzz.sh)"
cargo clippy --manifest-path fuzz/Cargo.toml --target-dir target --locked -- -D warnings

step "native tests (every crate; the core's own tests build without a browser or document library)"
cargo test --workspace --locked

step "in-browser tests (wasm-bindgen-test, headless Chromium)"
WASM_BINDGEN_TEST_TIMEOUT=120 cargo test --locked --target wasm32-unknown-unknown -p taizhang-storage --features fault-injection --test browser

step "release build (trunk)"
trunk build --release --offline --locked

step "end-to-end tests (headless Chromium; the core flows in Firefox ESR; Lighthouse)"
cd tests/e2e
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./summary-reporter.mjs --test-reporter-destination=stdout \
  ./*.test.mjs
