//! The history of every record: entries added in the transaction of the
//! change they describe, read back by record.

use super::error::{from_idb, StorageError};
use super::history_rows::revision_of;
use super::schema::{HISTORY_BY_LOG, HISTORY_BY_RECORD, STORE_HISTORY};
use super::store::Store;
use taizhang_core::ledgers::history::Revision;
use wasm_bindgen::JsValue;

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
            revisions.push(revision_of(
                &self
                    .unsealed_at(STORE_HISTORY, &JsValue::NULL, entry)
                    .await?,
            )?);
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
            found.push((
                key,
                revision_of(
                    &self
                        .unsealed_at(STORE_HISTORY, &JsValue::NULL, entry)
                        .await?,
                )?,
            ));
        }
        Ok(found)
    }
}
