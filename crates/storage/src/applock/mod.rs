//! The app lock's writes. Turning the lock on or off rewrites every stored
//! value in one transaction with the record, so a crash leaves the old or
//! the new state whole; changing the passphrase rewrites the record alone.

mod undo_named;
mod wrapping;

pub use wrapping::{new_app_lock, new_recovery, rewrapped, unlock, Secret};

use super::batch::{finish_write, put_text, Op};
use super::error::{from_idb, StorageError};
use super::keys::{OWN_JWK, OWN_KEY};
use super::names::{is_hidden_key, key_under, new_names, plain_name};
use super::schema::{
    APP_LOCK_KEY, MANIFEST_KEY, NAMES_KEY, STORE_CHUNKS, STORE_HISTORY, STORE_HISTORY_PAGES,
    STORE_IMPORTS, STORE_KEYS, STORE_META, STORE_SENT, STORE_UNDO,
};
use super::seal::{aad_for, remember_namer, seal_value, tampered, unseal_value, Binding};
use super::store::Store;
use js_sys::Uint8Array;
use taizhang_core::trust::applock::AppLock;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

/// Whether a value is this copy's own key's entry.
fn is_own_key(store: &str, key: &JsValue) -> bool {
    store == STORE_KEYS && key.as_string().as_deref() == Some(OWN_KEY)
}

/// The stores whose values are sealed while the lock is on.
const SEALED_STORES: [&str; 8] = [
    STORE_META,
    STORE_CHUNKS,
    STORE_UNDO,
    STORE_IMPORTS,
    STORE_SENT,
    STORE_KEYS,
    STORE_HISTORY,
    STORE_HISTORY_PAGES,
];

/// A value as stored: its store, key and value.
type StoredValue = (&'static str, JsValue, JsValue);

impl Store {
    /// The lock's record, when the lock is on.
    pub fn app_lock(&self) -> Option<AppLock> {
        self.app_lock.borrow().clone()
    }

    /// Seals every stored value under `key` and keeps `lock`, in one transaction.
    pub async fn turn_lock_on(&self, lock: &AppLock, key: &CryptoKey) -> Result<(), StorageError> {
        let (names, namer) = new_names(key).await?;
        let mut ops = vec![names];
        let mut values = Vec::new();
        if let Some((gone, former)) = self.retired_own_key().await? {
            ops.push(gone);
            values.push(former);
        }
        values.extend(
            self.every_value()
                .await?
                .into_iter()
                .filter(|(store, k, _)| !is_own_key(store, k)),
        );
        for (store, k, value) in values {
            let at = key_under(&namer, store, &k).await?;
            if at != k {
                ops.push(Op::Delete { store, key: k });
            }
            let aad = aad_for(store, &at, &value);
            let sealed = seal_value(key, &value, &aad).await?;
            ops.push(Op::Put {
                store,
                key: at,
                value: sealed,
            });
        }
        ops.push(Store::manifest_of(key, &ops).await?);
        let lock = AppLock {
            manifest: true,
            names: true,
            undo: true,
            ..lock.clone()
        };
        self.keep_lock(ops, lock).await?;
        remember_namer(namer);
        Ok(())
    }

    /// Stores every value plain again and drops the record, in one transaction.
    pub async fn turn_lock_off(&self, key: &CryptoKey) -> Result<(), StorageError> {
        let mut ops = Vec::new();
        for (store, k, value) in self.every_value().await? {
            let aad = aad_for(store, &k, &value);
            let mut plain = unseal_value(Some(key), &value, self.binding(&aad)).await?;
            if is_own_key(store, &k) {
                // Its wrapped bytes become the plain entry of a key that cannot be read.
                let pkcs8 = plain.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec);
                match pkcs8 {
                    Some(pkcs8) => plain = self.own_key_entry_unwrapped(&pkcs8).await?,
                    None => continue,
                }
            }
            if store == STORE_KEYS && k.as_string().as_deref() == Some(OWN_JWK) {
                ops.push(Op::Delete { store, key: k });
                continue;
            }
            let mut at = k.clone();
            if is_hidden_key(&k) {
                // Named again from what it holds.
                let name = plain
                    .as_string()
                    .and_then(|text| plain_name(store, &text))
                    .ok_or_else(|| tampered("a hidden entry does not say its name"))?;
                at = JsValue::from_str(&name);
                ops.push(Op::Delete { store, key: k });
            }
            ops.push(Op::Put {
                store,
                key: at,
                value: plain,
            });
        }
        ops.push(Op::Delete {
            store: STORE_META,
            key: NAMES_KEY.into(),
        });
        ops.push(Op::Delete {
            store: STORE_META,
            key: APP_LOCK_KEY.into(),
        });
        ops.push(Op::Delete {
            store: STORE_META,
            key: MANIFEST_KEY.into(),
        });
        self.rewrite(ops).await?;
        *self.app_lock.borrow_mut() = None;
        Ok(())
    }

    /// Binds every value to its place (sealed again with its store and key
    /// as additional data) and marks the lock so, in one transaction: a lock
    /// turned on before values were bound is bound on its first unlock. A
    /// value that opens neither bound nor as the old lock sealed it is
    /// refused, and nothing is written.
    pub async fn bind_values(&self, key: &CryptoKey) -> Result<(), StorageError> {
        let Some(mut lock) = self.app_lock() else {
            return Ok(());
        };
        if lock.bound && lock.manifest {
            return match (lock.names, lock.undo) {
                (true, true) => Ok(()),
                (false, _) => {
                    self.start_names(key, lock).await?;
                    Box::pin(self.bind_values(key)).await
                }
                (true, false) => self.start_undo_names(key, lock).await,
            };
        }
        if lock.bound {
            self.start_manifest(key, lock).await?;
            return Box::pin(self.bind_values(key)).await;
        }
        let mut ops = Vec::new();
        if let Some((gone, (store, k, value))) = self.retired_own_key().await? {
            let aad = aad_for(store, &k, &value);
            ops.push(gone);
            ops.push(Op::Put {
                store,
                key: k,
                value: seal_value(key, &value, &aad).await?,
            });
        }
        for (store, k, value) in self.every_value().await? {
            if is_own_key(store, &k) && !super::seal::is_sealed(&value) {
                continue;
            }
            let aad = aad_for(store, &k, &value);
            let plain = unseal_value(Some(key), &value, Binding::AtOrUnbound(&aad)).await?;
            let sealed = seal_value(key, &plain, &aad).await?;
            ops.push(Op::Put {
                store,
                key: k,
                value: sealed,
            });
        }
        lock.bound = true;
        lock.manifest = true;
        lock.undo = true;
        ops.push(Store::manifest_of(key, &ops).await?);
        self.keep_lock(ops, lock).await?;
        Box::pin(self.bind_values(key)).await
    }

    /// Hides the names of keys and files sent for a lock turned on before
    /// they were (see `names`): each such entry opened where it lies, then
    /// sealed again under its hidden name, with the secret and the manifest
    /// that names them, in one transaction.
    async fn start_names(&self, key: &CryptoKey, mut lock: AppLock) -> Result<(), StorageError> {
        // A secret already kept (a record whose mark was lowered by hand)
        // is used again: entries hidden under it stay found.
        let (mut ops, namer) = match self.stored_namer().await? {
            Some(namer) => (Vec::new(), namer),
            None => {
                let (names, namer) = new_names(key).await?;
                (vec![names], namer)
            }
        };
        // Every key entry must be the one the manifest names (an older copy
        // put back is refused here, not sealed again under a new name).
        let (_, mut manifest) = self.current_manifest().await?;
        let values = self.every_value().await?;
        let mut seen = std::collections::HashSet::new();
        for (store, k, value) in values.iter().filter(|(store, ..)| *store == STORE_KEYS) {
            manifest.check(store, k, value, &mut seen)?;
        }
        manifest.all_seen(STORE_KEYS, &seen)?;
        for (store, k, value) in values {
            let at = key_under(&namer, store, &k).await?;
            if at == k {
                continue;
            }
            let plain =
                unseal_value(Some(key), &value, Binding::At(&aad_for(store, &k, &value))).await?;
            ops.push(Op::Delete { store, key: k });
            let aad = aad_for(store, &at, &plain);
            ops.push(Op::Put {
                store,
                key: at,
                value: seal_value(key, &plain, &aad).await?,
            });
        }
        manifest.apply(&ops);
        ops.push(Store::manifest_put(key, &manifest).await?);
        lock.names = true;
        self.keep_lock(ops, lock).await?;
        remember_namer(namer);
        Ok(())
    }

    /// Starts the manifest of a lock turned on before it was kept: it names
    /// the values as they are now (each opened first, so none is taken that
    /// does not open where it lies), and the lock is marked as keeping it.
    async fn start_manifest(&self, key: &CryptoKey, mut lock: AppLock) -> Result<(), StorageError> {
        let mut ops = Vec::new();
        for (store, k, value) in self.every_value().await? {
            let aad = aad_for(store, &k, &value);
            unseal_value(Some(key), &value, Binding::At(&aad)).await?;
            ops.push(Op::Put {
                store,
                key: k,
                value,
            });
        }
        // The hidden names' secret, if the lock has one, is named too.
        if let Some(names) = self.read_value(STORE_META, NAMES_KEY).await? {
            let at = JsValue::from_str(NAMES_KEY);
            unseal_value(
                Some(key),
                &names,
                Binding::At(&aad_for(STORE_META, &at, &names)),
            )
            .await?;
            ops.push(Op::Put {
                store: STORE_META,
                key: JsValue::from_str(NAMES_KEY),
                value: names,
            });
        }
        lock.manifest = true;
        lock.undo = true;
        let manifest = Store::manifest_of(key, &ops).await?;
        self.keep_lock(vec![manifest], lock).await
    }

    /// This copy's plain own key retired as the lock goes on (or a lock
    /// from before keys were wrapped is bound): the write that removes its
    /// entry, and the entry that keeps it as former (plain, to be sealed).
    async fn retired_own_key(&self) -> Result<Option<(Op, StoredValue)>, StorageError> {
        let Some((former_key, former)) = self.plain_own_key_as_former().await? else {
            return Ok(None);
        };
        let gone = Op::Delete {
            store: STORE_KEYS,
            key: JsValue::from_str(OWN_KEY),
        };
        Ok(Some((gone, (STORE_KEYS, former_key, former))))
    }

    /// Keeps `lock` (the data key wrapped anew): nothing else is rewritten.
    pub async fn change_app_lock(&self, lock: &AppLock) -> Result<(), StorageError> {
        self.keep_lock(Vec::new(), lock.clone()).await
    }

    /// Writes `ops` with `lock`'s record in one transaction, and keeps it.
    async fn keep_lock(&self, mut ops: Vec<Op>, mut lock: AppLock) -> Result<(), StorageError> {
        // A tab whose record is older (another tab bound, started the
        // manifest or hid the names since) never writes the marks back down.
        let before = self.app_lock();
        self.read_lock_again().await?;
        if let Some(stored) = self.app_lock().filter(|_| before.is_some()) {
            lock.bound |= stored.bound;
            lock.manifest |= stored.manifest;
            lock.names |= stored.names;
            lock.undo |= stored.undo;
        }
        let record =
            serde_json::to_string(&lock).map_err(|e| StorageError::Failed(e.to_string()))?;
        ops.push(put_text(STORE_META, APP_LOCK_KEY, &record));
        self.rewrite(ops).await?;
        *self.app_lock.borrow_mut() = Some(lock);
        Ok(())
    }

    /// `ops` and a new commit token in one transaction over every store,
    /// written as given (the sealing is theirs).
    async fn rewrite(&self, mut ops: Vec<Op>) -> Result<(), StorageError> {
        let token = format!("{}", js_sys::Math::random());
        finish_write(&mut ops, Vec::new(), None, &token);
        super::batch::commit(&self.raw, &SEALED_STORES, ops).await?;
        self.verify_commit(token, 0.0).await
    }

    /// Every value of the stores the lock seals, with its store and key,
    /// but the lock's record and the commit token.
    async fn every_value(&self) -> Result<Vec<StoredValue>, StorageError> {
        let read = self
            .db
            .transaction(&SEALED_STORES)
            .run(|t| async move {
                let mut all = Vec::new();
                for name in SEALED_STORES {
                    let store = t.object_store(name)?;
                    let keys = store.get_all_keys(None).await?;
                    let values = store.get_all(None).await?;
                    all.extend(keys.into_iter().zip(values).map(|(k, v)| (name, k, v)));
                }
                Ok(all)
            })
            .await
            .map_err(from_idb)?;
        // The manifest is not a value it names: it is made anew from them;
        // the names' secret is made anew as the lock goes on, or dropped.
        let manifest = |store: &str, key: &JsValue| {
            store == STORE_META
                && key
                    .as_string()
                    .is_some_and(|k| k == MANIFEST_KEY || k == NAMES_KEY)
        };
        Ok(read
            .into_iter()
            .filter(|(store, key, _)| {
                !(manifest(store, key) || *store == STORE_META && super::schema::kept_plain(key))
            })
            .collect())
    }
}
