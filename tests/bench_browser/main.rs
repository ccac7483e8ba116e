//! Benchmarks in headless Chromium (not tests: they print figures).
//! Run: scripts/bench.sh (or `cargo test --target wasm32-unknown-unknown
//! --release --test bench_browser -- --nocapture`).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod applock;
mod dashboard;
mod files;
mod history;
mod support;
