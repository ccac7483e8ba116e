//! The load of every block and the settings. One transaction reads them;
//! while the lock is on, each block's decryption begins as its page of
//! values arrives (only IndexedDB is awaited inside the transaction), so
//! the browser's crypto thread works while the rest is still being read.

use super::blocks::parse_block_key;
use super::error::{from_idb, StorageError};
use super::opening::{start_opening, Opening};
use super::pause::Pause;
use super::schema::{MANIFEST_KEY, NAMES_KEY, SETTINGS_KEY, STORE_CHUNKS, STORE_META};
use super::seal::{place, Binding, IN_FLIGHT};
use super::store::{Loaded, Store};
use std::collections::HashSet;
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::chunks;
use taizhang_core::{Dataset, PerKind};
use wasm_bindgen::JsValue;
use web_sys::CryptoKey;

/// Blocks read per request when loading (about 5 MB).
const LOAD_PAGE: usize = 50;

/// Blocks whose opening begins while the load still reads (about 13 MB of
/// them in flight at most); the rest are opened [`IN_FLIGHT`] ahead.
const HEAD_START: usize = 128;

/// Begins opening the block stored at `key` as `value`.
fn start_block(
    key: Option<&CryptoKey>,
    unbound_allowed: bool,
    at: &JsValue,
    value: &JsValue,
) -> Result<Opening, StorageError> {
    let aad = place(STORE_CHUNKS, at);
    let binding = match unbound_allowed {
        true => Binding::AtOrUnbound(&aad),
        false => Binding::At(&aad),
    };
    start_opening(key, value, binding)
}

impl Store {
    /// Reads every block and the settings in one transaction, then decodes
    /// (again, as the lock is now, if another tab turned it off or made it
    /// anew since this tab read it).
    pub async fn load(&self) -> Result<Loaded, StorageError> {
        match self.load_once().await {
            Err(StorageError::Tampered(_)) if self.lock_moved().await? => self.load_once().await,
            loaded => loaded,
        }
    }

    async fn load_once(&self) -> Result<Loaded, StorageError> {
        let key = self.opening_key();
        // A lock from before values were bound is bound on its first unlock.
        let unbound_allowed = self.app_lock.borrow().as_ref().is_some_and(|l| !l.bound);
        let sealing = key.clone();
        let (keys, values, mut openings, settings) = self
            .db
            .transaction(&[STORE_META, STORE_CHUNKS])
            .run(move |t| async move {
                let blocks = t.object_store(STORE_CHUNKS)?;
                let keys = blocks.get_all_keys(None).await?;
                // In pages: each answer is delivered (and its bytes copied) in one
                // task of the page, which must stay short even with 1000 blocks.
                let mut values = Vec::with_capacity(keys.len());
                let mut openings = Vec::with_capacity(keys.len());
                for page in keys.chunks(LOAD_PAGE) {
                    let (first, last) = (page[0].clone(), page[page.len() - 1].clone());
                    let read = blocks.get_all_in(first..=last, None).await?;
                    for (at, value) in page.iter().zip(&read) {
                        if openings.len() < HEAD_START {
                            let key = sealing.as_ref();
                            openings.push(Some(start_block(key, unbound_allowed, at, value)));
                        }
                    }
                    values.extend(read);
                }
                let meta = t.object_store(STORE_META)?;
                let settings = meta.get(&JsValue::from_str(SETTINGS_KEY)).await?;
                let manifest = meta.get(&JsValue::from_str(MANIFEST_KEY)).await?;
                let names = meta.get(&JsValue::from_str(NAMES_KEY)).await?;
                Ok((keys, values, openings, (settings, manifest, names)))
            })
            .await
            .map_err(from_idb)?;
        let (settings, manifest, names) = settings;
        // While the lock is on, every block and the settings must be the
        // values the manifest names: an older copy put back is refused.
        if let Some(manifest) = self.opened_manifest(manifest).await? {
            let mut seen = HashSet::new();
            for (key, value) in keys.iter().zip(values.iter()) {
                manifest.check(STORE_CHUNKS, key, value, &mut seen)?;
            }
            manifest.all_seen(STORE_CHUNKS, &seen)?;
            super::undo_copies::keep_loaded(&keys, &values);
            let at = JsValue::from_str(SETTINGS_KEY);
            manifest.check_found(STORE_META, &at, settings.as_ref(), &mut seen)?;
            // The hidden names' secret: deleted or replaced, it is said now,
            // not at the next write of a key or a file sent.
            let at = JsValue::from_str(NAMES_KEY);
            manifest.check_found(STORE_META, &at, names.as_ref(), &mut seen)?;
        } else {
            // None kept without the manifest: a block kept from a load
            // under an earlier lock is no longer the one stored.
            super::undo_copies::forget_kept();
        }
        openings.resize_with(keys.len(), || None);
        let mut dataset = Dataset::default();
        let mut expected_next = PerKind::<usize>::default();
        let mut pause = Pause::new();
        for (n, at) in keys.iter().enumerate() {
            let (kind, index) = parse_block_key(at)?;
            let slot = expected_next.get_mut(kind);
            if index != *slot {
                return Err(StorageError::Corrupt(format!(
                    "{} block {index} out of order",
                    kind.key()
                )));
            }
            *slot += 1;
            // Blocks past the head start are opened a few ahead of the decoder.
            for ahead in n..(n + IN_FLIGHT).min(keys.len()) {
                if openings[ahead].is_none() {
                    let block =
                        start_block(key.as_ref(), unbound_allowed, &keys[ahead], &values[ahead]);
                    openings[ahead] = Some(block);
                }
            }
            let opening = openings[n]
                .take()
                .ok_or_else(|| StorageError::Corrupt("a block without its value".into()))??;
            let bytes = opening.block().await?;
            chunks::decode_block_into(&mut dataset, kind, &bytes)?;
            pause.now_and_then().await;
        }
        let settings = match settings {
            Some(value) => {
                let key = JsValue::from_str(SETTINGS_KEY);
                Some(self.text_at(STORE_META, &key, &value).await?)
            }
            None => None,
        };
        let settings = match settings {
            Some(json) => serde_json::from_str::<Settings>(&json)
                .map_err(|e| StorageError::Corrupt(e.to_string()))?
                .upgraded(),
            None => Settings::default(),
        };
        Ok(Loaded { dataset, settings })
    }
}
