//! The exchange engine: reading, checking and comparing a file, applying it
//! and building exports, in a Web Worker of its own (`src/bin/engine.rs`),
//! so the page never stops answering and the engine's code loads only when
//! the exchange screen is first opened. `protocol` is what the page and
//! the worker say to each other; the page's side is `app::engine`.

mod jobs;
pub mod protocol;
mod worker;

pub use worker::start;
