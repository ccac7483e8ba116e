//! The load of every block and the settings. One transaction reads them;
//! while the lock is on, each block's decryption begins as its page of
//! values arrives (only IndexedDB is awaited inside the transaction), so
//! the browser's crypto thread works while the rest is still being read;
//! without the lock, each page is decoded as it arrives.

use super::blocks::parse_block_key;
use super::error::{from_idb, StorageError};
use super::opening::{start_opening, Opening};
use super::pause::Pause;
use super::schema::{MANIFEST_KEY, NAMES_KEY, SETTINGS_KEY, STORE_CHUNKS, STORE_META};
use super::seal::{place, Binding, IN_FLIGHT};
use super::store::{Loaded, Store};
use js_sys::Uint8Array;
use std::collections::HashSet;
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::chunks;
use taizhang_core::{Dataset, Kind, PerKind};
use wasm_bindgen::JsCast;
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
        // Without the lock there is nothing to open or check: each page of
        // blocks is decoded as it arrives, inside the transaction, while the
        // browser still reads the next ones (every page is asked for at
        // once), so the decoding costs little more than the reading.
        let plain = key.is_none() && !self.manifest_on();
        // A lock from before values were bound is bound on its first unlock.
        let unbound_allowed = self.app_lock.borrow().as_ref().is_some_and(|l| !l.bound);
        let sealing = key.clone();
        let (keys, values, mut openings, settings, decoded) = self
            .db
            .transaction(&[STORE_META, STORE_CHUNKS])
            .run(move |t| async move {
                let blocks = t.object_store(STORE_CHUNKS)?;
                let keys = blocks.get_all_keys(None).await?;
                // In pages: each answer is delivered (and its bytes copied, or
                // decoded) in one task of the page, which must stay short.
                let page_len = if plain { PLAIN_PAGE } else { LOAD_PAGE };
                let pages: Vec<_> = keys
                    .chunks(page_len)
                    .map(|page| {
                        blocks.get_all_in(page[0].clone()..=page[page.len() - 1].clone(), None)
                    })
                    .collect();
                let meta = t.object_store(STORE_META)?;
                let settings = meta.get(&JsValue::from_str(SETTINGS_KEY));
                let manifest = meta.get(&JsValue::from_str(MANIFEST_KEY));
                let names = meta.get(&JsValue::from_str(NAMES_KEY));
                let mut decoder = plain.then(Decoder::default);
                let mut values = Vec::new();
                let mut openings = Vec::new();
                for (page, read) in keys.chunks(page_len).zip(pages) {
                    let read = read.await?;
                    for (at, value) in page.iter().zip(&read) {
                        match decoder.as_mut() {
                            Some(decoder) => {
                                if let Err(error) = decoder.plain(at, value) {
                                    return Ok(Err(error));
                                }
                            }
                            None if openings.len() < HEAD_START => {
                                let key = sealing.as_ref();
                                openings.push(Some(start_block(key, unbound_allowed, at, value)));
                            }
                            None => {}
                        }
                    }
                    if decoder.is_none() {
                        values.extend(read);
                    }
                }
                let meta = (settings.await?, manifest.await?, names.await?);
                Ok(Ok((keys, values, openings, meta, decoder)))
            })
            .await
            .map_err(from_idb)??;
        if let Some(decoder) = decoded {
            super::undo_copies::forget_kept();
            let settings = self.settings_from(settings.0).await?;
            return Ok(Loaded {
                dataset: decoder.dataset,
                settings,
            });
        }
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
        let mut decoder = Decoder::default();
        let mut pause = Pause::new();
        for (n, at) in keys.iter().enumerate() {
            let kind = decoder.next(at)?;
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
            decoder.block(kind, &bytes)?;
            pause.now_and_then().await;
        }
        let settings = self.settings_from(settings).await?;
        Ok(Loaded {
            dataset: decoder.dataset,
            settings,
        })
    }

    /// The settings from their stored value (the defaults if none).
    async fn settings_from(&self, stored: Option<JsValue>) -> Result<Settings, StorageError> {
        let settings = match stored {
            Some(value) => {
                let key = JsValue::from_str(SETTINGS_KEY);
                Some(self.text_at(STORE_META, &key, &value).await?)
            }
            None => None,
        };
        Ok(match settings {
            Some(json) => serde_json::from_str::<Settings>(&json)
                .map_err(|e| StorageError::Corrupt(e.to_string()))?
                .upgraded(),
            None => Settings::default(),
        })
    }
}

/// Blocks read per request when loading without the lock: each page is
/// decoded in one task of the page (about 1,000 records a block, under a
/// frame's time for the page).
const PLAIN_PAGE: usize = 8;

/// The blocks decoded in key order into one dataset.
#[derive(Default)]
struct Decoder {
    dataset: Dataset,
    expected_next: PerKind<usize>,
}

impl Decoder {
    /// Checks that the block stored at `at` is the next of its kind.
    fn next(&mut self, at: &JsValue) -> Result<Kind, StorageError> {
        let (kind, index) = parse_block_key(at)?;
        let slot = self.expected_next.get_mut(kind);
        if index != *slot {
            return Err(StorageError::Corrupt(format!(
                "{} block {index} out of order",
                kind.key()
            )));
        }
        *slot += 1;
        Ok(kind)
    }

    /// Decodes a block stored without the lock (a sealed one: `Locked`).
    fn plain(&mut self, at: &JsValue, value: &JsValue) -> Result<(), StorageError> {
        let kind = self.next(at)?;
        let bytes = match start_block(None, false, at, value)? {
            Opening::Plain(value) => value
                .dyn_ref::<Uint8Array>()
                .map(Uint8Array::to_vec)
                .ok_or_else(|| StorageError::Corrupt("block is not bytes".into()))?,
            Opening::Started { .. } => return Err(StorageError::Locked),
        };
        self.block(kind, &bytes)
    }

    /// Appends a block's records (one place in the code for both loads).
    #[inline(never)]
    fn block(&mut self, kind: Kind, bytes: &[u8]) -> Result<(), StorageError> {
        Ok(chunks::decode_block_into(&mut self.dataset, kind, bytes)?)
    }
}
