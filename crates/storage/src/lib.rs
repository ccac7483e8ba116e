//! The only code that touches IndexedDB (and the browser's storage manager).

#![cfg(target_arch = "wasm32")]

mod applock;
mod batch;
mod blocks;
mod checked;
mod error;
mod fault;
mod health;
mod history;
mod history_rows;
mod keys;
mod load;
mod manifest;
mod names;
mod opening;
mod pause;
mod reports;
mod schema;
mod seal;
mod store;
mod undo;
mod undo_copies;
mod writes;

pub use applock::{new_app_lock, new_recovery, rewrapped, unlock, Rebinding, Secret, Unlocked};
pub use blocks::Change;
pub use error::StorageError;
#[cfg(feature = "fault-injection")]
pub use fault::fail_next_write_after;
pub use health::{estimate, is_persisted, request_persistence, Estimate};
pub use keys::{import_private, trusted_from, FormerKey, OwnKey};
pub use pause::Pause;
pub use reports::{log_from, sent_from};
pub use schema::VERSION;
pub use seal::{data_key, use_data_key};
pub use store::{delete_database, Loaded, Store, DATABASE_NAME};
pub use undo::{undo_from, ImportCounts, UndoInfo};
pub use undo_copies::keep_blocks_for_undo;
