//! Use cases, between the screens and storage: what a user asks of the app —
//! save or delete a record, save or remove an office, load the sample, read,
//! preview and apply a file, undo it, change settings, clear everything. Each
//! takes the user's intent, runs the pure core, writes through the store and
//! only then changes what the screens show; each fails with an [`AppError`]
//! that says what happened in the user's language. Screens call these and render.

#![cfg(target_arch = "wasm32")]

pub mod applock;
pub mod approvals;
pub mod briefings;
mod engine;
mod error;
pub mod health;
pub mod import;
pub mod offices;
pub mod records;
pub mod reports;
mod session;
pub mod sheets;
pub mod trust;

pub use error::AppError;
pub use session::{OfficeTreeHandle, Session, Status};
pub use taizhang_core::settings::Settings;
pub use taizhang_storage::{ImportCounts, UndoInfo, DATABASE_NAME};
