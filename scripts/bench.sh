#!/usr/bin/env bash
# Prints benchmark figures measured in headless Chromium (release build).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
WASM_BINDGEN_TEST_TIMEOUT=600 cargo test --locked --release --target wasm32-unknown-unknown \
  --test bench_browser -- --nocapture 2>&1 | grep -E '^bench|test result'
