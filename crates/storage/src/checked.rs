//! Reads and writes of the sealed manifest (see `manifest`), and the reads
//! checked against it: a value is refused unless it is the one the manifest
//! read in the same transaction names.

use super::batch::Op;
use super::error::{from_idb, StorageError};
use super::manifest::{named, Manifest, WHOLE};
use super::schema::{MANIFEST_KEY, STORE_KEYS, STORE_META};
use super::seal::{data_key, nonce_of, place, seal_value, tampered, use_data_key};
use super::store::Store;
use std::collections::HashSet;
use wasm_bindgen::JsValue;

impl Store {
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
        let nonce = nonce_of(&raw);
        if let Some((seen, manifest)) = self.manifest_seen.borrow().as_ref() {
            if nonce.as_ref() == Some(seen) {
                return Ok(Some(manifest.clone()));
            }
        }
        let key = JsValue::from_str(MANIFEST_KEY);
        let text = self
            .unsealed_at(STORE_META, &key, &raw)
            .await?
            .as_string()
            .ok_or_else(|| tampered("the manifest is not text"))?;
        let manifest: Manifest =
            serde_json::from_str(&text).map_err(|_| tampered("the manifest does not read"))?;
        self.remember_manifest(&raw, &manifest);
        Ok(Some(manifest))
    }

    /// Keeps `manifest`, stored as the sealed `raw`, as the one last seen.
    pub(super) fn remember_manifest(&self, raw: &JsValue, manifest: &Manifest) {
        *self.manifest_seen.borrow_mut() = nonce_of(raw).map(|n| (n, manifest.clone()));
    }

    /// Whether the data key this page holds is the lock's: it opens the
    /// manifest as stored now. If it does not, the page forgets it and the
    /// write that asked is refused as `Locked` (the unlock gives the key
    /// the lock has now).
    pub(super) async fn held_key_opens(&self) -> Result<(), StorageError> {
        if data_key().is_none() || !self.manifest_on() {
            return Ok(());
        }
        match self.current_manifest().await {
            Err(StorageError::Tampered(_)) => {
                use_data_key(None);
                Err(StorageError::Locked)
            }
            other => other.map(|_| ()),
        }
    }

    /// `error` as this tab should report it: a value that did not open
    /// with the key it holds because the lock was made anew in another tab
    /// (its record changed) is `Locked`, not tampered with.
    pub(super) async fn stale_or(&self, error: StorageError) -> StorageError {
        if !matches!(error, StorageError::Tampered(_)) {
            return error;
        }
        match self.read_lock_again().await {
            Err(StorageError::Locked) => StorageError::Locked,
            _ => error,
        }
    }

    /// Whether the lock's record changed since this tab last read it (read
    /// again now); `Locked` when the lock was made anew with a key other
    /// than the one this page holds.
    pub(super) async fn lock_moved(&self) -> Result<bool, StorageError> {
        let before = self.app_lock.borrow().clone();
        self.read_lock_again().await?;
        Ok(*self.app_lock.borrow() != before)
    }

    /// The manifest as stored now and opened, in a transaction of its own.
    pub(super) async fn current_manifest(
        &self,
    ) -> Result<(Option<JsValue>, Manifest), StorageError> {
        let raw = self.raw_manifest().await?;
        let opened = self.opened_manifest(raw.clone()).await?;
        Ok((raw, opened.unwrap_or_default()))
    }

    /// The manifest as stored now, sealed as it lies, in a transaction of its own.
    pub(super) async fn raw_manifest(&self) -> Result<Option<JsValue>, StorageError> {
        self.db
            .transaction(&[STORE_META])
            .run(|t| async move {
                t.object_store(STORE_META)?
                    .get(&JsValue::from_str(MANIFEST_KEY))
                    .await
            })
            .await
            .map_err(from_idb)
    }

    /// The write that stores a manifest naming what `ops` write (the whole
    /// of what is stored, as the lock goes on), sealed under `key`.
    pub(super) async fn manifest_of(
        key: &web_sys::CryptoKey,
        ops: &[Op],
    ) -> Result<Op, StorageError> {
        let mut manifest = Manifest::of_everything();
        manifest.apply(ops);
        Self::manifest_put(key, &manifest).await
    }

    /// The write that stores `manifest`, sealed under `key`.
    pub(super) async fn manifest_put(
        key: &web_sys::CryptoKey,
        manifest: &Manifest,
    ) -> Result<Op, StorageError> {
        Ok(Self::manifest_op(
            Self::sealed_manifest(key, manifest).await?,
        ))
    }

    /// The write that stores a manifest already `sealed`.
    pub(super) fn manifest_op(sealed: JsValue) -> Op {
        Op::Put {
            store: STORE_META,
            key: JsValue::from_str(MANIFEST_KEY),
            value: sealed,
        }
    }

    /// `manifest` sealed under `key`, as it is stored.
    pub(super) async fn sealed_manifest(
        key: &web_sys::CryptoKey,
        manifest: &Manifest,
    ) -> Result<JsValue, StorageError> {
        let text =
            serde_json::to_string(manifest).map_err(|e| StorageError::Failed(e.to_string()))?;
        let at = JsValue::from_str(MANIFEST_KEY);
        seal_value(key, &JsValue::from_str(&text), &place(STORE_META, &at)).await
    }
}

impl Store {
    /// The value stored under `key` in `store`, read in a transaction of its
    /// own; while the manifest is kept, refused unless it is the one the
    /// manifest names (read in the same transaction).
    pub(super) async fn read_value(
        &self,
        store: &'static str,
        key: &'static str,
    ) -> Result<Option<JsValue>, StorageError> {
        match self.read_value_once(store, key).await {
            Err(StorageError::Tampered(_)) if self.lock_moved().await? => {
                self.read_value_once(store, key).await
            }
            read => read,
        }
    }

    /// [`Store::read_value`] with the lock as this tab knows it.
    async fn read_value_once(
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
                    .map_err(from_idb)?;
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
            .map_err(from_idb)?;
        let manifest = self.opened_manifest(raw).await?.unwrap_or_default();
        if manifest.answers_for(store) {
            manifest.check_found(store, &at, value.as_ref(), &mut HashSet::new())?;
        }
        Ok(value)
    }

    /// Every key and value of `store`; while the manifest is kept, refused
    /// unless each is the one the manifest names and none it names is gone.
    pub(super) async fn read_every(
        &self,
        store: &'static str,
    ) -> Result<(Vec<JsValue>, Vec<JsValue>), StorageError> {
        match self.read_every_once(store).await {
            Err(StorageError::Tampered(_)) if self.lock_moved().await? => {
                self.read_every_once(store).await
            }
            read => read,
        }
    }

    /// [`Store::read_every`] with the lock as this tab knows it.
    async fn read_every_once(
        &self,
        store: &'static str,
    ) -> Result<(Vec<JsValue>, Vec<JsValue>), StorageError> {
        let checked = self.manifest_on() && (store == STORE_KEYS || WHOLE.contains(&store));
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
            .map_err(from_idb)?;
        let manifest = match checked {
            true => self.opened_manifest(raw).await?,
            false => None,
        };
        if let Some(manifest) = manifest.filter(|m| m.answers_for(store)) {
            let mut seen = HashSet::new();
            for (key, value) in keys.iter().zip(values.iter()) {
                manifest.check(store, key, value, &mut seen)?;
            }
            manifest.all_seen(store, &seen)?;
        }
        Ok((keys, values))
    }
}
