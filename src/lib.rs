//! 台账 Taizhang: ledgers of the political-legal workforce campaign, kept in
//! the browser. This crate is the page: the screens (`ui`) over the use cases
//! (`taizhang-app`), the charts and the catalogue of text; the pure core,
//! storage, the engines and the file formats are crates of their own
//! (see ARCHITECTURE.md).

#[cfg(target_arch = "wasm32")]
pub mod ui;

/// Bytes of linear memory the wasm module holds. Wasm memory never shrinks,
/// so this is also the peak so far (read by the benchmark).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}
