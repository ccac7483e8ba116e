//! 台账 Taizhang: ledgers of the political-legal workforce campaign, kept in
//! the browser. `domain` is the pure core; `storage` and `ui` are the
//! browser shell around it (see ARCHITECTURE.md).

pub mod charts;
pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;
