//! A history entry as IndexedDB holds it: the revision as JSON text, with
//! the record's id and the import's log entry as the indexes' keys.

use super::batch::Op;
use super::error::StorageError;
use super::schema::{HISTORY_BY_LOG, HISTORY_BY_RECORD, STORE_HISTORY};
use js_sys::{Object, Reflect};
use taizhang_core::ledgers::history::Revision;
use wasm_bindgen::JsValue;

/// The member of a stored entry holding the revision as JSON.
const TEXT: &str = "text";

/// The writes that add `revisions`, each found later by its record and, for
/// an import's, by the import log's entry `log` (so its undo finds them).
pub(super) fn adds(revisions: &[Revision], log: Option<&str>) -> Result<Vec<Op>, StorageError> {
    revisions
        .iter()
        .map(|revision| {
            let text =
                serde_json::to_string(revision).map_err(|e| StorageError::Failed(e.to_string()))?;
            let entry = Object::new();
            let set = |name: &str, value: &str| {
                Reflect::set(&entry, &name.into(), &value.into())
                    .map(|_| ())
                    .map_err(|e| StorageError::Failed(format!("{e:?}")))
            };
            set(HISTORY_BY_RECORD, &revision.record)?;
            if let Some(log) = log {
                set(HISTORY_BY_LOG, log)?;
            }
            set(TEXT, &text)?;
            Ok(Op::Add {
                store: STORE_HISTORY,
                value: entry.into(),
            })
        })
        .collect()
}

/// A stored entry's revision.
pub(super) fn revision_of(entry: &JsValue) -> Result<Revision, StorageError> {
    let text = Reflect::get(entry, &TEXT.into())
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| StorageError::Corrupt("history entry without text".into()))?;
    serde_json::from_str(&text).map_err(|e| StorageError::Corrupt(e.to_string()))
}
