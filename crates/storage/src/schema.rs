//! The database schema and its upgrade steps. Each step takes the database
//! from one version to the next and never touches existing data, so a later
//! version adds a step (a store, an index) and every older copy upgrades in place.

use super::error::{IdbError, StorageError};
use indexed_db::VersionChangeEvent;

pub const STORE_META: &str = "meta";
pub const STORE_CHUNKS: &str = "chunks";
pub const STORE_UNDO: &str = "undo";
/// v3: every applied import (the log reporting counts from), by entry id.
pub const STORE_IMPORTS: &str = "imports";
/// v3: every file this copy wrote, by its SHA-256, with its receipt once one came back.
pub const STORE_SENT: &str = "sent";
/// v4: the keys this copy trusts, by fingerprint (and, later, its own).
pub const STORE_KEYS: &str = "keys";
/// v5: the history of every record, one entry per change under a key the
/// database counts up (so entries keep their order whatever the clock says),
/// found by the record's id (index `record`) and by the import that made
/// them (index `log`, for its undo).
pub const STORE_HISTORY: &str = "history";
pub const HISTORY_BY_RECORD: &str = "record";
pub const HISTORY_BY_LOG: &str = "log";
/// v6: the history as pages (see `taizhang_core::ledgers::history::pages`):
/// the revisions one write made for the records of one bucket, found by the
/// bucket (index `bucket`) and by the import that made them (index `log`).
/// Entries of the v5 store are still read; nothing new is written there.
pub const STORE_HISTORY_PAGES: &str = "history_pages";
pub const PAGES_BY_BUCKET: &str = "bucket";
/// In `meta`: the settings.
pub const SETTINGS_KEY: &str = "settings";
/// In `meta`: the token of the last write, read back to prove it landed.
pub const COMMIT_KEY: &str = "commit";
/// In `meta`: the app lock's record, kept plain (it is what unlocks).
pub const APP_LOCK_KEY: &str = "applock";
/// In `meta`: the secret the hidden names of keys and files sent are made
/// with while the lock is on (see `names`), sealed.
pub const NAMES_KEY: &str = "names";
/// In `meta`: the manifest, sealed like any value.
pub const MANIFEST_KEY: &str = "manifest";
/// The values of `meta` never sealed: the commit token and the lock's record.
pub fn kept_plain(key: &wasm_bindgen::JsValue) -> bool {
    key.as_string()
        .is_some_and(|k| k == COMMIT_KEY || k == APP_LOCK_KEY)
}

/// In the undo store: what the undo restores besides blocks (lengths, settings, a description).
pub const UNDO_INFO_KEY: &str = "info";

/// The newest schema this build knows.
pub const VERSION: u32 = 6;

/// Runs the steps from the database's version up to `target`.
pub async fn upgrade(event: VersionChangeEvent<StorageError>, target: u32) -> Result<(), IdbError> {
    let db = event.database();
    let from = event.old_version();
    if from < 1 && target >= 1 {
        // v1: settings, and the ledgers as blocks keyed by [ledger, block number].
        db.build_object_store(STORE_META).create()?;
        db.build_object_store(STORE_CHUNKS).create()?;
    }
    if from < 2 && target >= 2 {
        // v2: the blocks an import replaced, so that it can be undone.
        db.build_object_store(STORE_UNDO).create()?;
    }
    if from < 3 && target >= 3 {
        // v3: the import log and the files sent, for reporting and receipts.
        db.build_object_store(STORE_IMPORTS).create()?;
        db.build_object_store(STORE_SENT).create()?;
    }
    if from < 4 && target >= 4 {
        // v4: the office keys this copy trusts, for signed files.
        db.build_object_store(STORE_KEYS).create()?;
    }
    if from < 5 && target >= 5 {
        // v5: the history of every record (留痕).
        let history = db
            .build_object_store(STORE_HISTORY)
            .auto_increment()
            .create()?;
        history
            .build_index(HISTORY_BY_RECORD, HISTORY_BY_RECORD)
            .create()?;
        history
            .build_index(HISTORY_BY_LOG, HISTORY_BY_LOG)
            .create()?;
    }
    if from < 6 && target >= 6 {
        // v6: the history written a page per bucket of records, not a value per change.
        let pages = db
            .build_object_store(STORE_HISTORY_PAGES)
            .auto_increment()
            .create()?;
        pages
            .build_index(PAGES_BY_BUCKET, PAGES_BY_BUCKET)
            .create()?;
        pages.build_index(HISTORY_BY_LOG, HISTORY_BY_LOG).create()?;
    }
    Ok(())
}
