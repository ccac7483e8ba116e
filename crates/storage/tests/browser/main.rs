//! In-browser tests (wasm-bindgen-test in headless Chromium): IndexedDB and components.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod applock;
mod applock_names;
mod deaf_tab;
mod history;
mod legacy_lock;
mod loading;
mod lock_attacks;
mod lock_marks;
mod lock_rewrites;
mod manifest_edges;
mod manifest_logs;
mod manifest_undo;
mod packing;
mod review_marks;
mod review_packing;
mod review_undo_copies;
mod saving;
mod support;
mod undo;
mod undo_copies;
mod undo_races;
mod upgrades;
