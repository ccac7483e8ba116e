//! What is kept to undo the last import, named in the manifest for a lock
//! whose manifest did not name it (turned on before it did).

use super::super::batch::Op;
use super::super::error::StorageError;
use super::super::schema::STORE_UNDO;
use super::super::seal::{aad_for, unseal_value, Binding};
use super::super::store::Store;
use std::collections::HashSet;
use taizhang_core::trust::applock::AppLock;
use web_sys::CryptoKey;

impl Store {
    /// Names each kept value as it is now, after opening it where it lies
    /// (none is named that does not open there), and marks the lock so. If
    /// the manifest names some already (the mark lowered by hand), each
    /// must be the one it names: an older copy put back is refused here,
    /// not named.
    pub(super) async fn start_undo_names(
        &self,
        key: &CryptoKey,
        mut lock: AppLock,
    ) -> Result<(), StorageError> {
        let (_, mut manifest) = self.current_manifest().await?;
        let kept: Vec<_> = self
            .every_value()
            .await?
            .into_iter()
            .filter(|(store, ..)| *store == STORE_UNDO)
            .collect();
        if manifest.names_any(STORE_UNDO) {
            let mut seen = HashSet::new();
            for (store, k, value) in &kept {
                manifest.check(store, k, value, &mut seen)?;
            }
            manifest.all_seen(STORE_UNDO, &seen)?;
        } else {
            let mut named = Vec::with_capacity(kept.len());
            for (store, k, value) in kept {
                unseal_value(Some(key), &value, Binding::At(&aad_for(store, &k, &value))).await?;
                named.push(Op::Put {
                    store,
                    key: k,
                    value,
                });
            }
            manifest.apply(&named);
        }
        lock.undo = true;
        self.keep_lock(vec![Store::manifest_put(key, &manifest).await?], lock)
            .await
    }
}
