//! The sealed manifest (trust-format §5, turn 4): while the lock is on, one
//! sealed value names, for every ledger block, the settings and every key
//! stored, the nonce its sealed value was made with. It is rewritten in the
//! transaction of each write, so an older sealed copy of a value put back
//! (which opens: it is bound to the same place) carries a nonce the
//! manifest does not name, and is refused as tampered; so is a value the
//! manifest names that is gone. The nonce is the value's version: AES-GCM
//! authenticates it with the ciphertext, so no one without the data key
//! can make a value with a nonce the manifest names.
//!
//! A write reads the manifest before its transaction and expects the same
//! one inside it (another tab may have written meanwhile): if it is not,
//! the transaction is aborted and the write made again from a fresh read.

use super::batch::Op;
use super::error::StorageError;
use super::schema::{STORE_CHUNKS, STORE_KEYS, STORE_META};
use super::seal::{nonce_of, place, tampered};
use super::store::SETTINGS_KEY;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use wasm_bindgen::JsValue;

/// In `meta`: the manifest, sealed like any value.
pub(super) const MANIFEST_KEY: &str = "manifest";

/// Each named place (`store` and key, as the additional data spells it)
/// with the nonce of its sealed value, in hex.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Manifest {
    places: BTreeMap<String, String>,
}

/// Whether the manifest names the value at `key` of `store`.
pub(super) fn named(store: &str, key: &JsValue) -> bool {
    store == STORE_CHUNKS
        || store == STORE_KEYS
        || (store == STORE_META && key.as_string().as_deref() == Some(SETTINGS_KEY))
}

fn place_text(store: &str, key: &JsValue) -> String {
    String::from_utf8_lossy(&place(store, key)).into_owned()
}

/// A block key's ledger and number, from its JSON (`["cases",3]`).
fn block_of(json: &str) -> Option<(String, f64)> {
    let (kind, number): (String, f64) = serde_json::from_str(json).ok()?;
    Some((kind, number))
}

fn block_key(key: &JsValue) -> Option<(String, f64)> {
    block_of(&js_sys::JSON::stringify(key).ok()?.as_string()?)
}

impl Manifest {
    /// The manifest after `ops` (their values sealed) are written.
    pub(super) fn apply(&mut self, ops: &[Op]) {
        for op in ops {
            match op {
                Op::Put { store, key, value } if named(store, key) => {
                    match nonce_of(value) {
                        Some(nonce) => self.places.insert(place_text(store, key), nonce),
                        None => self.places.remove(&place_text(store, key)),
                    };
                }
                Op::Delete { store, key } if named(store, key) => {
                    self.places.remove(&place_text(store, key));
                }
                Op::DeleteRange { store, from, to } if *store == STORE_CHUNKS => {
                    let (Some(from), Some(to)) = (block_key(from), block_key(to)) else {
                        continue;
                    };
                    let prefix = format!("{STORE_CHUNKS}\n");
                    self.places.retain(|place, _| {
                        let block = place.strip_prefix(&prefix).and_then(block_of);
                        !block.is_some_and(|b| from <= b && b < to)
                    });
                }
                Op::Clear { store } => {
                    let prefix = format!("{store}\n");
                    self.places.retain(|place, _| !place.starts_with(&prefix));
                }
                _ => {}
            }
        }
    }

    /// Whether any of `ops` writes a value the manifest names.
    pub(super) fn touched_by(ops: &[Op]) -> bool {
        ops.iter().any(|op| match op {
            Op::Put { store, key, .. } | Op::Delete { store, key } => named(store, key),
            Op::DeleteRange { store, .. } => *store == STORE_CHUNKS,
            Op::Clear { store } => {
                *store == STORE_CHUNKS || *store == STORE_KEYS || *store == STORE_META
            }
            _ => false,
        })
    }

    /// Refuses the value read at `key` of `store` unless it is the one the
    /// manifest names there; notes it as `seen`.
    pub(super) fn check(
        &self,
        store: &str,
        key: &JsValue,
        value: &JsValue,
        seen: &mut HashSet<String>,
    ) -> Result<(), StorageError> {
        if !named(store, key) {
            return Ok(());
        }
        let place = place_text(store, key);
        let expected = self.places.get(&place);
        if expected.is_none() || expected.cloned() != nonce_of(value) {
            return Err(tampered("a value that is not the one the manifest names"));
        }
        seen.insert(place);
        Ok(())
    }

    /// [`Manifest::check`] of what a read of `key` in `store` found, where
    /// nothing found is refused if the manifest names a value there.
    pub(super) fn check_found(
        &self,
        store: &str,
        key: &JsValue,
        found: Option<&JsValue>,
        seen: &mut HashSet<String>,
    ) -> Result<(), StorageError> {
        match found {
            Some(value) => self.check(store, key, value, seen),
            None if self.names(store, key) => Err(tampered("a value the manifest names is gone")),
            None => Ok(()),
        }
    }

    /// Refuses when a value of `store` the manifest names was not `seen`
    /// (only `settings` of `meta`).
    pub(super) fn all_seen(&self, store: &str, seen: &HashSet<String>) -> Result<(), StorageError> {
        let prefix = format!("{store}\n");
        let missing = self
            .places
            .keys()
            .any(|place| place.starts_with(&prefix) && !seen.contains(place));
        if missing {
            return Err(tampered("a value the manifest names is gone"));
        }
        Ok(())
    }

    /// Whether the manifest names the value at `key` of `store`.
    fn names(&self, store: &str, key: &JsValue) -> bool {
        self.places.contains_key(&place_text(store, key))
    }
}

impl super::store::Store {
    /// Whether the lock is on with a manifest (a lock from before has none
    /// until its first unlock).
    pub(super) fn manifest_on(&self) -> bool {
        self.app_lock
            .borrow()
            .as_ref()
            .is_some_and(|lock| lock.manifest)
    }

    /// The manifest stored as `raw` (read in the caller's transaction),
    /// opened; none while it is not kept; refused when it should be there.
    pub(super) async fn opened_manifest(
        &self,
        raw: Option<JsValue>,
    ) -> Result<Option<Manifest>, StorageError> {
        if !self.manifest_on() {
            return Ok(None);
        }
        let raw = raw.ok_or_else(|| tampered("the manifest is gone"))?;
        let key = JsValue::from_str(MANIFEST_KEY);
        let text = self
            .unsealed_at(STORE_META, &key, &raw)
            .await?
            .as_string()
            .ok_or_else(|| tampered("the manifest is not text"))?;
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|_| tampered("the manifest does not read"))
    }

    /// The manifest as stored now and opened, in a transaction of its own.
    pub(super) async fn current_manifest(
        &self,
    ) -> Result<(Option<JsValue>, Manifest), StorageError> {
        let raw = self
            .db
            .transaction(&[STORE_META])
            .run(|t| async move {
                t.object_store(STORE_META)?
                    .get(&JsValue::from_str(MANIFEST_KEY))
                    .await
            })
            .await
            .map_err(super::error::from_idb)?;
        let opened = self.opened_manifest(raw.clone()).await?;
        Ok((raw, opened.unwrap_or_default()))
    }

    /// The write that stores a manifest naming what `ops` write (the whole
    /// of what is stored, as the lock goes on), sealed under `key`.
    pub(super) async fn manifest_of(
        key: &web_sys::CryptoKey,
        ops: &[Op],
    ) -> Result<Op, StorageError> {
        let mut manifest = Manifest::default();
        manifest.apply(ops);
        Self::manifest_put(key, &manifest).await
    }

    /// The write that stores `manifest`, sealed under `key`.
    pub(super) async fn manifest_put(
        key: &web_sys::CryptoKey,
        manifest: &Manifest,
    ) -> Result<Op, StorageError> {
        let text =
            serde_json::to_string(manifest).map_err(|e| StorageError::Failed(e.to_string()))?;
        let at = JsValue::from_str(MANIFEST_KEY);
        let value =
            super::seal::seal_value(key, &JsValue::from_str(&text), &place(STORE_META, &at))
                .await?;
        Ok(Op::Put {
            store: STORE_META,
            key: at,
            value,
        })
    }
}

impl super::store::Store {
    /// The value stored under `key` in `store`, read in a transaction of its
    /// own; while the manifest is kept, refused unless it is the one the
    /// manifest names (read in the same transaction).
    pub(super) async fn read_value(
        &self,
        store: &'static str,
        key: &'static str,
    ) -> Result<Option<JsValue>, StorageError> {
        let at = JsValue::from_str(key);
        if !(self.manifest_on() && named(store, &at)) {
            let value =
                self.db
                    .transaction(&[store])
                    .run(move |t| async move {
                        t.object_store(store)?.get(&JsValue::from_str(key)).await
                    })
                    .await
                    .map_err(super::error::from_idb)?;
            return Ok(value);
        }
        let stores: &[&str] = if store == STORE_META {
            &[STORE_META]
        } else {
            &[store, STORE_META]
        };
        let (value, raw) = self
            .db
            .transaction(stores)
            .run(move |t| async move {
                let value = t.object_store(store)?.get(&JsValue::from_str(key)).await?;
                let raw = t
                    .object_store(STORE_META)?
                    .get(&JsValue::from_str(MANIFEST_KEY))
                    .await?;
                Ok((value, raw))
            })
            .await
            .map_err(super::error::from_idb)?;
        let manifest = self.opened_manifest(raw).await?.unwrap_or_default();
        manifest.check_found(store, &at, value.as_ref(), &mut HashSet::new())?;
        Ok(value)
    }

    /// Every key and value of `store`; while the manifest is kept, refused
    /// unless each is the one the manifest names and none it names is gone.
    pub(super) async fn read_every(
        &self,
        store: &'static str,
    ) -> Result<(Vec<JsValue>, Vec<JsValue>), StorageError> {
        let checked = self.manifest_on() && store == STORE_KEYS;
        let stores: &[&str] = if checked {
            &[store, STORE_META]
        } else {
            &[store]
        };
        let (keys, values, raw) = self
            .db
            .transaction(stores)
            .run(move |t| async move {
                let all = t.object_store(store)?;
                let (keys, values) = (all.get_all_keys(None).await?, all.get_all(None).await?);
                let raw = if checked {
                    t.object_store(STORE_META)?
                        .get(&JsValue::from_str(MANIFEST_KEY))
                        .await?
                } else {
                    None
                };
                Ok((keys, values, raw))
            })
            .await
            .map_err(super::error::from_idb)?;
        if checked {
            let manifest = self.opened_manifest(raw).await?.unwrap_or_default();
            let mut seen = HashSet::new();
            for (key, value) in keys.iter().zip(values.iter()) {
                manifest.check(store, key, value, &mut seen)?;
            }
            manifest.all_seen(store, &seen)?;
        }
        Ok((keys, values))
    }
}
