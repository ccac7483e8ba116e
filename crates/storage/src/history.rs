//! The history of every record: entries added in the transaction of the
//! change they describe, read back by record.

use super::batch::Op;
use super::error::{from_idb, StorageError};
use super::schema::{HISTORY_BY_LOG, HISTORY_BY_RECORD, STORE_HISTORY};
use super::store::Store;
use js_sys::{Object, Reflect};
use taizhang_core::history::Revision;
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

impl Store {
    /// Every change to the record `id`, oldest first.
    pub async fn history_of(&self, id: &str) -> Result<Vec<Revision>, StorageError> {
        let key = JsValue::from_str(id);
        let entries = self
            .db
            .transaction(&[STORE_HISTORY])
            .run(move |t| async move {
                t.object_store(STORE_HISTORY)?
                    .index(HISTORY_BY_RECORD)?
                    .get_all_in(key.clone()..=key, None)
                    .await
            })
            .await
            .map_err(from_idb)?;
        let mut revisions = Vec::with_capacity(entries.len());
        for entry in &entries {
            revisions.push(revision_of(&self.unsealed(entry).await?)?);
        }
        Ok(revisions)
    }

    /// The keys and revisions the import logged as `log` added.
    pub(super) async fn history_of_import(
        &self,
        log: &str,
    ) -> Result<Vec<(JsValue, Revision)>, StorageError> {
        let key = JsValue::from_str(log);
        let (keys, entries) = self
            .db
            .transaction(&[STORE_HISTORY])
            .run(move |t| async move {
                let index = t.object_store(STORE_HISTORY)?.index(HISTORY_BY_LOG)?;
                let keys = index
                    .get_all_keys_in(key.clone()..=key.clone(), None)
                    .await?;
                let entries = index.get_all_in(key.clone()..=key, None).await?;
                Ok((keys, entries))
            })
            .await
            .map_err(from_idb)?;
        let mut found = Vec::with_capacity(keys.len());
        for (key, entry) in keys.into_iter().zip(entries.iter()) {
            found.push((key, revision_of(&self.unsealed(entry).await?)?));
        }
        Ok(found)
    }
}
