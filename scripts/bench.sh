#!/usr/bin/env bash
# The benchmark (figures, not tests): builds the release page, generates
# exchange files, drives headless Chromium through the UI with a plain-JS
# baseline side by side, runs Lighthouse on the first screen, and runs the
# in-browser core benchmarks.
#   ./scripts/bench.sh              10k and 100k records
#   ./scripts/bench.sh 1000000      also (or only) other sizes
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
SIZES=("$@")
[ "${#SIZES[@]}" -gt 0 ] || SIZES=(10000 100000)
trunk build --release --offline --locked
cargo build --release --locked --example generate
mkdir -p target/bench
for n in "${SIZES[@]}"; do
  [ -f "target/bench/$n.json" ] || ./target/release/examples/generate "$n" "target/bench/$n.json"
done
node tests/e2e/bench.mjs "${SIZES[@]}"
echo "== Lighthouse, first screen (desktop preset and Lighthouse's mobile default)"
node tests/e2e/lighthouse.mjs
echo "== core, in the browser (wasm-bindgen-test, release)"
WASM_BINDGEN_TEST_TIMEOUT=600 cargo test --locked --release --target wasm32-unknown-unknown \
  --test bench_browser -- --nocapture 2>&1 | grep -E '^bench|test result'
