//! The only code that touches IndexedDB (and the browser's storage manager).

mod batch;
mod error;
mod fault;
mod health;
mod schema;
mod store;

pub use error::StorageError;
#[cfg(feature = "fault-injection")]
pub use fault::fail_next_write_after;
pub use health::{estimate, is_persisted, request_persistence, Estimate};
pub use schema::VERSION;
pub use store::{delete_database, Change, ImportCounts, Loaded, Store, UndoInfo, DATABASE_NAME};
