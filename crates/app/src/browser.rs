//! The use cases that run in the browser: storage, the engines' workers,
//! the other tabs. (`flow` beside them is pure.)

use crate::AppError;

pub mod applock;
pub mod approvals;
pub mod briefings;
mod elsewhere;
mod engine;
pub mod health;
pub mod import;
pub mod offices;
pub mod records;
pub mod reports;
mod session;
pub mod sheets;
mod tabs;
pub mod trust;
mod unread;

pub use session::{OfficeTreeHandle, Session, Status};
pub use taizhang_storage::{ImportCounts, UndoInfo, DATABASE_NAME};
pub use unread::ListsReader;
