//! Use cases, between the screens and storage: what a user asks of the app —
//! save or delete a record, save or remove an office, load the sample, read,
//! preview and apply a file, undo it, change settings, clear everything. Each
//! takes the user's intent, runs the pure core, writes through the store and
//! only then changes what the screens show; each fails with an [`AppError`]
//! that says what happened in the user's language. Screens call these and render.
//!
//! `flow` (where an import stands, how an export is named) is pure and
//! builds natively, with its tests; the rest runs in the browser.

pub mod flow;

pub use taizhang_core::base::errors::AppError;
pub use taizhang_core::base::settings::Settings;

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
pub use browser::*;
