//! How every write reaches the database: one transaction of queued
//! requests, each value sealed first while the lock is on, then checked by
//! reading back its commit token.

use super::batch::{self, Expected, Landed, Op};
use super::batch::{finish_write, put_text};
use super::error::StorageError;
use super::manifest::Manifest;
use super::schema::kept_plain;
use super::schema::MANIFEST_KEY;
use super::schema::{
    STORE_CHUNKS, STORE_HISTORY_PAGES, STORE_IMPORTS, STORE_META, STORE_UNDO, UNDO_INFO_KEY,
};
use super::seal::IN_FLIGHT;
use super::seal::{
    aad_for, block_bytes, data_key, entry_place, nonce_of, place, seal_value, unseal_value, Binding,
};
use super::store::Store;
use futures::stream::{self, StreamExt, TryStreamExt};
use js_sys::Uint8Array;
use taizhang_core::base::settings::Settings;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

/// How many times a write is made again when other tabs keep writing.
const RACES: usize = 5;

impl Store {
    /// One transaction: the blocks given (keys and values), the key ranges
    /// `truncate` removed, settings, the undo copy if given, the import log's
    /// entry if given (`(id, JSON)`), the history entries added, commit token.
    /// Everything is encoded before: the transaction only queues requests.
    pub(super) async fn write(
        &self,
        puts: Vec<(JsValue, JsValue)>,
        truncate: Vec<(JsValue, JsValue)>,
        settings: Option<&Settings>,
        undo: Option<(Vec<(JsValue, JsValue)>, String)>,
        logged: Option<(String, String)>,
        history: Vec<Op>,
    ) -> Result<(), StorageError> {
        let settings = match settings {
            Some(s) => {
                Some(serde_json::to_string(s).map_err(|e| StorageError::Failed(e.to_string()))?)
            }
            None => None,
        };
        let attempted: f64 = puts
            .iter()
            .map(|(_, v)| f64::from(v.unchecked_ref::<Uint8Array>().length()))
            .sum();
        let mut ops = Vec::new();
        let mut stores = vec![STORE_META, STORE_CHUNKS];
        if let Some((old_blocks, info)) = undo {
            ops.push(Op::Clear { store: STORE_UNDO });
            ops.extend(old_blocks.into_iter().map(|(key, value)| Op::Put {
                store: STORE_UNDO,
                key,
                value,
            }));
            ops.push(put_text(STORE_UNDO, UNDO_INFO_KEY, &info));
            stores.extend([STORE_UNDO, STORE_IMPORTS]);
        }
        if !history.is_empty() {
            stores.push(STORE_HISTORY_PAGES);
            ops.extend(history);
        }
        if let Some((id, entry)) = logged {
            ops.push(put_text(STORE_IMPORTS, &id, &entry));
        }
        ops.extend(puts.into_iter().map(|(key, value)| Op::Put {
            store: STORE_CHUNKS,
            key,
            value,
        }));
        self.commit_checked(&stores, ops, truncate, settings, attempted)
            .await
    }

    /// Ends `ops` as every write ends (`finish_write`: the truncation, the
    /// settings, a new commit token), runs them with [`Store::commit`] and
    /// succeeds only once a later read sees the token.
    pub(super) async fn commit_checked(
        &self,
        stores: &[&str],
        mut ops: Vec<Op>,
        truncate: Vec<(JsValue, JsValue)>,
        settings: Option<String>,
        attempted_bytes: f64,
    ) -> Result<(), StorageError> {
        let token = format!("{}", js_sys::Math::random());
        finish_write(&mut ops, truncate, settings, &token);
        self.commit(stores, ops).await?;
        self.verify_commit(token, attempted_bytes).await
    }

    /// Runs `ops` in one transaction (see `batch`), each value sealed first
    /// while the lock is on: the transaction itself awaits nothing else.
    pub(super) async fn commit(
        &self,
        stores: &[&str],
        mut ops: Vec<Op>,
    ) -> Result<(), StorageError> {
        let sealing = self.sealing_key()?;
        if let Some(key) = sealing.clone() {
            // Several WebCrypto calls in flight at once: each is a promise
            // answered from the browser's crypto thread, so one after the
            // other the write waits a round trip per value.
            let jobs =
                ops.iter().enumerate().filter_map(|(at, op)| {
                    let (value, aad) = match op {
                        Op::Put {
                            store,
                            key: k,
                            value,
                        } if !(*store == STORE_META && kept_plain(k)) => {
                            (value.clone(), aad_for(store, k, value))
                        }
                        Op::Add { store, value } => (value.clone(), entry_place(store, value)),
                        _ => return None,
                    };
                    let key = key.clone();
                    Some(async move {
                        Ok::<_, StorageError>((at, seal_value(&key, &value, &aad).await?))
                    })
                });
            let sealed: Vec<(usize, JsValue)> = stream::iter(jobs)
                .buffer_unordered(IN_FLIGHT)
                .try_collect()
                .await?;
            for (at, sealed) in sealed {
                if let Some(Op::Put { value, .. } | Op::Add { value, .. }) = ops.get_mut(at) {
                    *value = sealed;
                }
            }
        }
        match sealing {
            Some(key) if self.manifest_on() && Manifest::touched_by(&ops) => {
                self.commit_with_manifest(stores, ops, &key).await
            }
            _ => batch::commit(&self.raw, stores, ops).await,
        }
    }

    /// Writes `ops` (sealed) and the manifest they leave, in one transaction
    /// that expects the manifest read before it; made again from a fresh
    /// read when another tab wrote meanwhile.
    async fn commit_with_manifest(
        &self,
        stores: &[&str],
        ops: Vec<Op>,
        key: &CryptoKey,
    ) -> Result<(), StorageError> {
        let mut stores = stores.to_vec();
        if !stores.contains(&STORE_META) {
            stores.push(STORE_META);
        }
        for _ in 0..RACES {
            let (raw, mut manifest) = self.current_manifest().await?;
            manifest.apply(&ops);
            let mut all = ops.clone();
            let put = Store::manifest_put(key, &manifest).await?;
            let sealed = match &put {
                Op::Put { value, .. } => Some(value.clone()),
                _ => None,
            };
            all.push(put);
            let expected = Expected {
                store: STORE_META,
                key: MANIFEST_KEY.into(),
                nonce: raw.as_ref().and_then(nonce_of),
            };
            match batch::commit_expecting(&self.raw, &stores, all, Some(expected)).await? {
                Landed::Done => {
                    if let Some(sealed) = sealed {
                        self.remember_manifest(&sealed, &manifest);
                    }
                    return Ok(());
                }
                Landed::Raced => continue,
            }
        }
        Err(StorageError::WriteLost)
    }

    /// The data key to seal with while the lock is on (`Locked` without it).
    fn sealing_key(&self) -> Result<Option<CryptoKey>, StorageError> {
        if self.app_lock.borrow().is_none() {
            return Ok(None);
        }
        data_key().map(Some).ok_or(StorageError::Locked)
    }

    /// How values are opened: bound to their place once the lock's values
    /// are (a lock from before binding is bound on its first unlock).
    pub(super) fn binding<'a>(&self, aad: &'a [u8]) -> Binding<'a> {
        match self.app_lock.borrow().as_ref() {
            Some(lock) if !lock.bound => Binding::AtOrUnbound(aad),
            _ => Binding::At(aad),
        }
    }

    /// The value stored in `store` under `key` as it was written, opened if
    /// sealed; refused as tampered if it does not open there, or is plain
    /// while the lock is on (but the lock's own record and the commit token).
    pub(super) async fn unsealed_at(
        &self,
        store: &str,
        key: &JsValue,
        value: &JsValue,
    ) -> Result<JsValue, StorageError> {
        if store == STORE_META && kept_plain(key) {
            return Ok(value.clone());
        }
        let aad = aad_for(store, key, value);
        unseal_value(data_key().as_ref(), value, self.binding(&aad)).await
    }

    /// A block stored in `store` (the ledgers', or the undo's) under `key`.
    pub(super) async fn block_at(
        &self,
        store: &str,
        key: &JsValue,
        value: &JsValue,
    ) -> Result<Vec<u8>, StorageError> {
        let aad = place(store, key);
        block_bytes(data_key().as_ref(), value, self.binding(&aad)).await
    }
}
