//! The history of every record: pages added in the transaction of the
//! change they describe, read back by record (its bucket's pages, and the
//! entries a copy kept before pages, one per change).

use super::error::{from_idb, StorageError};
use super::history_rows::{revision_of, revisions_in};
use super::schema::{
    HISTORY_BY_LOG, HISTORY_BY_RECORD, PAGES_BY_BUCKET, STORE_HISTORY, STORE_HISTORY_PAGES,
};
use super::store::Store;
use taizhang_core::ledgers::history::{bucket_of, Revision};
use wasm_bindgen::JsValue;

/// What an import wrote to the history: each stored value (its store and
/// key, for the undo to remove) with the revisions it holds.
pub(super) type Written = Vec<(&'static str, JsValue, Vec<Revision>)>;

impl Store {
    /// Every change to the record `id`, oldest first (values an import left
    /// implied are filled by `history::complete`, from the record).
    pub async fn history_of(&self, id: &str) -> Result<Vec<Revision>, StorageError> {
        match self.history_of_once(id).await {
            Err(StorageError::Tampered(_)) if self.lock_moved().await? => {
                self.history_of_once(id).await
            }
            read => read,
        }
    }

    /// [`Store::history_of`] with the lock as this tab knows it.
    async fn history_of_once(&self, id: &str) -> Result<Vec<Revision>, StorageError> {
        let record = JsValue::from_str(id);
        let bucket = JsValue::from(bucket_of(id));
        let (entries, pages) = self
            .db
            .transaction(&[STORE_HISTORY, STORE_HISTORY_PAGES])
            .run(move |t| async move {
                let entries = t
                    .object_store(STORE_HISTORY)?
                    .index(HISTORY_BY_RECORD)?
                    .get_all_in(record.clone()..=record, None)
                    .await?;
                let pages = t
                    .object_store(STORE_HISTORY_PAGES)?
                    .index(PAGES_BY_BUCKET)?
                    .get_all_in(bucket.clone()..=bucket, None)
                    .await?;
                Ok((entries, pages))
            })
            .await
            .map_err(from_idb)?;
        let mut revisions = Vec::with_capacity(entries.len());
        for entry in &entries {
            let entry = self
                .unsealed_at(STORE_HISTORY, &JsValue::NULL, entry)
                .await?;
            revisions.push(revision_of(&entry)?);
        }
        for page in &pages {
            let page = self
                .unsealed_at(STORE_HISTORY_PAGES, &JsValue::NULL, page)
                .await?;
            revisions.extend(revisions_in(&page, Some(id))?);
        }
        Ok(revisions)
    }

    /// What the import logged as `log` wrote to the history.
    pub(super) async fn history_of_import(&self, log: &str) -> Result<Written, StorageError> {
        let mut written = Written::new();
        for store in [STORE_HISTORY, STORE_HISTORY_PAGES] {
            let key = JsValue::from_str(log);
            let (keys, values) = self
                .db
                .transaction(&[store])
                .run(move |t| async move {
                    let index = t.object_store(store)?.index(HISTORY_BY_LOG)?;
                    let keys = index
                        .get_all_keys_in(key.clone()..=key.clone(), None)
                        .await?;
                    let values = index.get_all_in(key.clone()..=key, None).await?;
                    Ok((keys, values))
                })
                .await
                .map_err(from_idb)?;
            for (key, value) in keys.into_iter().zip(values.iter()) {
                let value = self.unsealed_at(store, &JsValue::NULL, value).await?;
                let revisions = if store == STORE_HISTORY {
                    vec![revision_of(&value)?]
                } else {
                    revisions_in(&value, None)?
                };
                written.push((store, key, revisions));
            }
        }
        Ok(written)
    }
}
