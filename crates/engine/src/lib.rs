//! The exchange engine: reading, checking and comparing a file, applying it
//! and building exports, in a Web Worker of its own (`src/bin/engine.rs`),
//! so the page never stops answering and the engine's code loads only when
//! the exchange screen is first opened. The workbook engine
//! (`src/bin/sheets.rs`) is the same with workbooks added; it loads only
//! when a workbook is chosen or exported. What the page and the workers say
//! to each other is `taizhang-protocol`; the page's side is `taizhang-app`'s
//! `engine`.

#![cfg(target_arch = "wasm32")]

mod database;
mod digest;
mod exports;
mod jobs;
mod opened;
mod reports;
mod senders;
mod signing;
mod workbooks;
mod worker;

/// Runs the exchange engine in this worker.
pub fn start_exchange() {
    worker::start::<workbooks::NoWorkbooks>();
}

/// Runs the workbook engine in this worker.
pub fn start_sheets() {
    worker::start::<workbooks::WithWorkbooks>();
}
