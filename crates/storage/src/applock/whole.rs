//! The stores a manifest came to name later (what is kept for the undo,
//! the import log, the files sent), named on the first unlock of a lock
//! whose manifest did not name them yet; and the manifest as stored,
//! opened whatever the lock's marks say.

use super::super::batch::{Landed, Op};
use super::super::error::StorageError;
use super::super::manifest::{Manifest, WHOLE};
use super::super::schema::{MANIFEST_KEY, STORE_META};
use super::super::seal::{aad_for, place, unseal_value, Binding};
use super::super::store::Store;
use taizhang_core::trust::applock::AppLock;
use wasm_bindgen::JsValue;
use web_sys::CryptoKey;

impl Store {
    /// The manifest stored, opened with `key` (none if none is stored).
    pub(super) async fn stored_manifest(
        &self,
        key: &CryptoKey,
    ) -> Result<Option<Manifest>, StorageError> {
        Store::manifest_opened(key, self.raw_manifest().await?).await
    }

    /// The manifest stored as `raw` (none: none is stored), opened with `key`.
    pub(super) async fn manifest_opened(
        key: &CryptoKey,
        raw: Option<JsValue>,
    ) -> Result<Option<Manifest>, StorageError> {
        let Some(raw) = raw else {
            return Ok(None);
        };
        let at = place(STORE_META, &JsValue::from_str(MANIFEST_KEY));
        let text = unseal_value(Some(key), &raw, Binding::At(&at))
            .await?
            .as_string()
            .ok_or_else(|| super::super::seal::tampered("the manifest is not text"))?;
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|_| super::super::seal::tampered("the manifest does not read"))
    }

    /// Names each value of the stores of [`WHOLE`] the manifest does not
    /// name yet, as it is now, after opening it where it lies (none is
    /// named that does not open there). The values the manifest names
    /// already were checked against it by the caller.
    pub(super) async fn name_whole(
        &self,
        key: &CryptoKey,
        lock: AppLock,
    ) -> Result<Landed, StorageError> {
        // The values first: a write after them (the manifest's with it)
        // has the rewrite made anew.
        let values = self.every_value().await?;
        let (_, mut manifest) = self.current_manifest().await?;
        let missing: Vec<&str> = WHOLE
            .into_iter()
            .filter(|store| !manifest.answers_for(store))
            .collect();
        let mut named = Vec::new();
        for (store, k, value) in values {
            if !missing.contains(&store) {
                continue;
            }
            unseal_value(Some(key), &value, Binding::At(&aad_for(store, &k, &value))).await?;
            named.push(Op::Put {
                store,
                key: k,
                value,
            });
        }
        manifest.apply(&named);
        for store in missing {
            manifest.name_whole(store);
        }
        self.keep_lock(vec![Store::manifest_put(key, &manifest).await?], lock)
            .await
    }
}
