//! The first unlock of a lock turned on by an earlier version: each step
//! the lock's marks (or a manifest not yet naming the stores it came to
//! name) ask for, after every value was checked against a manifest still
//! stored — so that a mark lowered by hand gets no older copy named.

use super::super::batch::Landed;
use super::super::batch::Op;
use super::super::error::StorageError;
use super::super::manifest::Manifest;
use super::super::names::{key_under, new_names};
use super::super::schema::{NAMES_KEY, STORE_KEYS, STORE_META};
use super::super::seal::{aad_for, remember_namer, seal_value, unseal_value, Binding};
use super::super::store::Store;
use super::{is_own_key, Rebinding, RACES};
use taizhang_core::trust::applock::AppLock;
use wasm_bindgen::JsValue;
use web_sys::CryptoKey;

impl Store {
    /// Binds every value to its place (sealed again with its store and key
    /// as additional data) and marks the lock so, in one transaction: a lock
    /// turned on before values were bound is bound on its first unlock. A
    /// value that opens neither bound nor as the old lock sealed it is
    /// refused, and nothing is written.
    pub async fn bind_values(&self, key: &CryptoKey) -> Result<(), StorageError> {
        self.bind_values_within(key, 2 * RACES).await
    }

    /// Keeps the wrapping an unlock opened bound to the marks, once the lock
    /// carries every mark (after [`Store::bind_values`]). Nothing when
    /// another tab changed that wrapping meanwhile: the next unlock binds it.
    pub async fn bind_wrapping(&self, rebinding: &Rebinding) -> Result<(), StorageError> {
        self.rewrite_basis.borrow_mut().take();
        self.read_lock_again().await?;
        let Some(next) = self.app_lock().and_then(|lock| rebinding.applied_to(&lock)) else {
            return Ok(());
        };
        self.keep_lock(Vec::new(), next).await.map(|_| ())
    }

    /// [`Store::bind_values`], each step followed by a look at what is
    /// stored then (a step raced by another tab's write is made anew),
    /// `steps` at most.
    async fn bind_values_within(&self, key: &CryptoKey, steps: usize) -> Result<(), StorageError> {
        let Some(steps) = steps.checked_sub(1) else {
            return Err(StorageError::WriteLost);
        };
        let Some(mut lock) = self.app_lock() else {
            return Ok(());
        };
        // Before any step names or seals anything anew, every value must be
        // the one a manifest still stored names (whatever the plain marks
        // say: lowered by hand, they must not get an older copy named).
        let stored = self.stored_manifest(key).await?;
        let whole = stored.as_ref().is_some_and(Manifest::answers_for_all);
        if lock.bound && lock.manifest && lock.names && whole {
            return Ok(());
        }
        if stored.is_some() {
            let (values, raw) = self.every_value_and_manifest().await?;
            if let Some(manifest) = Store::manifest_opened(key, raw).await? {
                manifest.check_all(&values)?;
            }
            // Each step reads what it makes its rewrite from itself.
            self.rewrite_basis.borrow_mut().take();
        }
        if lock.bound && lock.manifest {
            match lock.names {
                false => self.start_names(key, lock).await?,
                true => self.name_whole(key, lock).await?,
            };
            return Box::pin(self.bind_values_within(key, steps)).await;
        }
        if lock.bound {
            self.start_manifest(key, lock).await?;
            return Box::pin(self.bind_values_within(key, steps)).await;
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
            if is_own_key(store, &k) && !super::super::seal::is_sealed(&value) {
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
        ops.push(Store::manifest_of(key, &ops).await?);
        self.keep_lock(ops, lock).await?;
        Box::pin(self.bind_values_within(key, steps)).await
    }

    /// Hides the names of keys and files sent for a lock turned on before
    /// they were (see `names`): each such entry opened where it lies, then
    /// sealed again under its hidden name, with the secret and the manifest
    /// that names them, in one transaction.
    async fn start_names(
        &self,
        key: &CryptoKey,
        mut lock: AppLock,
    ) -> Result<Landed, StorageError> {
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
        // The values first: a write after them (the manifest's with it)
        // has the rewrite made anew.
        let values = self.every_value().await?;
        let (_, mut manifest) = self.current_manifest().await?;
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
        let landed = self.keep_lock(ops, lock).await?;
        if let Landed::Done = landed {
            remember_namer(namer);
        }
        Ok(landed)
    }

    /// Starts the manifest of a lock turned on before it was kept: it names
    /// the values as they are now (each opened first, so none is taken that
    /// does not open where it lies), and the lock is marked as keeping it.
    async fn start_manifest(
        &self,
        key: &CryptoKey,
        mut lock: AppLock,
    ) -> Result<Landed, StorageError> {
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
        let manifest = Store::manifest_of(key, &ops).await?;
        self.keep_lock(vec![manifest], lock).await
    }
}
