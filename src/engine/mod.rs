//! The exchange engine: reading, checking and comparing a file, applying it
//! and building exports, in a Web Worker of its own (`src/bin/engine.rs`),
//! so the page never stops answering and the engine's code loads only when
//! the exchange screen is first opened. The workbook engine
//! (`src/bin/sheets.rs`) is the same with workbooks added; it loads only
//! when a workbook is chosen or exported. `protocol` is what the page and
//! the workers say to each other; the page's side is `app::engine`.

mod digest;
mod jobs;
pub mod protocol;
mod reports;
mod worker;

/// Runs the exchange engine in this worker.
pub fn start_exchange() {
    worker::start(worker::exchange);
}

/// Runs the workbook engine in this worker.
pub fn start_sheets() {
    worker::start(worker::sheets);
}
