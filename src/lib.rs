//! 台账 Taizhang: ledgers of the political-legal workforce campaign, kept in
//! the browser. `domain` is the pure core; `app` (use cases), `storage` and
//! `ui` are the browser shell around it (see ARCHITECTURE.md).

pub mod catalogue;
pub mod charts;
pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod engine;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;

/// Bytes of linear memory the wasm module holds. Wasm memory never shrinks,
/// so this is also the peak so far (read by the benchmark).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// Test-only: the next database write fails after `puts` puts, and so must
/// leave everything as it was (used by the end-to-end fault-injection tests).
#[cfg(all(target_arch = "wasm32", feature = "fault-injection"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn test_fail_next_write(puts: u32) {
    storage::fail_next_write_after(puts as usize);
}
