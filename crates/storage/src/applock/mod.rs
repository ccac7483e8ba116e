//! The app lock's writes. Turning the lock on or off rewrites every stored
//! value in one transaction with the record, so a crash leaves the old or
//! the new state whole; changing the passphrase rewrites the record alone.

mod first_unlock;
mod whole;
mod wrapping;

pub use wrapping::{new_app_lock, new_recovery, rewrapped, unlock, Rebinding, Secret, Unlocked};

use super::batch::{finish_write, put_text, Op};
use super::batch::{Expected, Found, Landed};
use super::error::{from_idb, StorageError};
use super::keys::{OWN_JWK, OWN_KEY};
use super::names::{is_hidden_key, key_under, new_names, plain_name};
use super::schema::{
    APP_LOCK_KEY, COMMIT_KEY, MANIFEST_KEY, NAMES_KEY, STORE_CHUNKS, STORE_HISTORY,
    STORE_HISTORY_PAGES, STORE_IMPORTS, STORE_KEYS, STORE_META, STORE_SENT, STORE_UNDO,
};
use super::seal::{aad_for, remember_namer, seal_value, tampered, unseal_value};
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
/// How many times a rewrite is made anew when other tabs keep writing.
const RACES: usize = 5;

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

    /// Seals every stored value under `key` and keeps `lock`, in one
    /// transaction (made anew when another tab wrote meanwhile).
    pub async fn turn_lock_on(&self, lock: &AppLock, key: &CryptoKey) -> Result<(), StorageError> {
        for _ in 0..RACES {
            if let Landed::Done = self.turn_lock_on_once(lock, key).await? {
                return Ok(());
            }
        }
        Err(StorageError::WriteLost)
    }

    async fn turn_lock_on_once(
        &self,
        lock: &AppLock,
        key: &CryptoKey,
    ) -> Result<Landed, StorageError> {
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
            ..lock.clone()
        };
        let landed = self.keep_lock(ops, lock).await?;
        if let Landed::Done = landed {
            remember_namer(namer);
        }
        Ok(landed)
    }

    /// Stores every value plain again and drops the record, in one
    /// transaction (made anew when another tab wrote meanwhile).
    pub async fn turn_lock_off(&self, key: &CryptoKey) -> Result<(), StorageError> {
        for _ in 0..RACES {
            if let Landed::Done = self.turn_lock_off_once(key).await? {
                *self.app_lock.borrow_mut() = None;
                return Ok(());
            }
            self.read_lock_again().await?;
        }
        Err(StorageError::WriteLost)
    }

    async fn turn_lock_off_once(&self, key: &CryptoKey) -> Result<Landed, StorageError> {
        // Turned off meanwhile in another tab: nothing is left to do.
        self.read_lock_again().await?;
        if self.app_lock().is_none() {
            return Ok(Landed::Done);
        }
        let (values, manifest) = self.every_value_and_manifest().await?;
        // Nothing is taken plain that the manifest would refuse (an older
        // copy put back while the lock was on).
        match Store::manifest_opened(key, manifest).await? {
            Some(manifest) => manifest.check_all(&values)?,
            // The record says a manifest is kept: deleted by hand, it must
            // not let values be taken unchecked.
            None if self.app_lock().is_some_and(|lock| lock.manifest) => {
                return Err(tampered("the manifest is gone"));
            }
            None => {}
        }
        let mut ops = Vec::new();
        for (store, k, value) in values {
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
        self.rewrite(ops).await
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
    /// Refused (as a write lost) when another tab changed the lock since
    /// this tab read it: this tab then knows the lock as it is now.
    pub async fn change_app_lock(&self, lock: &AppLock) -> Result<(), StorageError> {
        self.rewrite_basis.borrow_mut().take();
        // A change is of the passphrase's wrapping or of the recovery key's,
        // the other as stored now: one made from an older record (another
        // tab changed the other since) would bring its old wrapping back.
        self.read_lock_again().await?;
        let Some(stored) = self.app_lock() else {
            return Err(StorageError::Locked);
        };
        let same_passphrase = lock.by_passphrase == stored.by_passphrase
            && lock.salt == stored.salt
            && lock.iterations == stored.iterations;
        if lock.by_recovery != stored.by_recovery && !same_passphrase {
            return Err(StorageError::WriteLost);
        }
        match self.keep_lock(Vec::new(), lock.clone()).await? {
            Landed::Done => Ok(()),
            Landed::Raced => Err(StorageError::WriteLost),
        }
    }

    /// Writes `ops` with `lock`'s record in one transaction, and keeps it;
    /// `Raced` (nothing written) when another tab changed the record since
    /// this tab decided on `lock` (so a passphrase or recovery key changed
    /// there, or the lock turned off, is never written back over), or wrote
    /// anything since `ops` were made from what was stored.
    async fn keep_lock(&self, mut ops: Vec<Op>, lock: AppLock) -> Result<Landed, StorageError> {
        let before = self.app_lock();
        self.read_lock_again().await?;
        if self.app_lock() != before {
            self.rewrite_basis.borrow_mut().take();
            return Ok(Landed::Raced);
        }
        let record =
            serde_json::to_string(&lock).map_err(|e| StorageError::Failed(e.to_string()))?;
        ops.push(put_text(STORE_META, APP_LOCK_KEY, &record));
        let landed = self.rewrite(ops).await?;
        if let Landed::Done = landed {
            *self.app_lock.borrow_mut() = Some(lock);
        }
        Ok(landed)
    }

    /// `ops` and a new commit token in one transaction over every store,
    /// written as given (the sealing is theirs), expecting the lock's record
    /// this tab knows and the commit token read with the values they were
    /// made from (if they were).
    async fn rewrite(&self, mut ops: Vec<Op>) -> Result<Landed, StorageError> {
        finish_write(&mut ops, Vec::new(), None, &super::batch::new_token());
        let mut expected = vec![Expected {
            store: STORE_META,
            key: APP_LOCK_KEY.into(),
            found: Found::Lock(self.app_lock()),
        }];
        if let Some(basis) = self.rewrite_basis.borrow_mut().take() {
            expected.push(Expected {
                store: STORE_META,
                key: COMMIT_KEY.into(),
                found: Found::Plain(basis),
            });
        }
        let landed =
            super::batch::commit_expecting(&self.raw, &SEALED_STORES, ops, expected).await?;
        // Every value may be sealed anew, or plain: none kept is used again.
        super::undo_copies::forget_kept();
        Ok(landed)
    }

    /// Every value of the stores the lock seals, with its store and key,
    /// but the lock's record and the commit token.
    async fn every_value(&self) -> Result<Vec<StoredValue>, StorageError> {
        Ok(self.every_value_and_manifest().await?.0)
    }

    /// [`Store::every_value`], with the manifest stored in the same read
    /// (sealed, as it lies), so that the values are checked against the
    /// manifest of the same moment.
    async fn every_value_and_manifest(
        &self,
    ) -> Result<(Vec<StoredValue>, Option<JsValue>), StorageError> {
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
                let token = t
                    .object_store(STORE_META)?
                    .get(&JsValue::from_str(COMMIT_KEY))
                    .await?;
                Ok((all, token))
            })
            .await
            .map_err(from_idb)?;
        let (read, token) = read;
        *self.rewrite_basis.borrow_mut() = Some(token.unwrap_or(JsValue::UNDEFINED));
        let raw_manifest = read
            .iter()
            .find(|(store, key, _)| {
                *store == STORE_META && key.as_string().as_deref() == Some(MANIFEST_KEY)
            })
            .map(|(_, _, value)| value.clone());
        // The manifest is not a value it names: it is made anew from them;
        // the names' secret is made anew as the lock goes on, or dropped.
        let manifest = |store: &str, key: &JsValue| {
            store == STORE_META
                && key
                    .as_string()
                    .is_some_and(|k| k == MANIFEST_KEY || k == NAMES_KEY)
        };
        let values = read
            .into_iter()
            .filter(|(store, key, _)| {
                !(manifest(store, key) || *store == STORE_META && super::schema::kept_plain(key))
            })
            .collect();
        Ok((values, raw_manifest))
    }
}
