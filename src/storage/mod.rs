//! The only code that touches IndexedDB (and the browser's storage manager).

mod error;
mod health;
mod schema;
mod store;

pub use error::StorageError;
pub use health::{estimate, is_persisted, request_persistence, Estimate};
pub use schema::VERSION;
pub use store::{
    delete_database, fail_next_write_after, Change, ImportCounts, Loaded, Settings, Store, Table,
    UndoInfo, DATABASE_NAME,
};
