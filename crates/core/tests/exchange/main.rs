//! The exchange file: export, reading with every error reported, merging.
#![cfg(not(target_arch = "wasm32"))]

mod export;
mod merging;
mod reading;
mod support;
