//! An import's undo copies while the lock is on. A block the import
//! overwrites is, as stored, opened and sealed again at the undo's place:
//! two WebCrypto calls answered off the thread, instead of the block encoded
//! from the ledgers and packed anew on it. A worker that imports (the
//! exchange engine, which previews in one task and applies in another)
//! asks to keep the sealed blocks its last load read; a page does not, and
//! keeps none. One is used only if its nonce is the one the manifest stored
//! now names at its place — then it is the value stored there, since only
//! the data key makes a value that opens with a given nonce — and if it
//! opens there with the data key held; any other block is encoded as
//! without the lock.

use super::schema::{STORE_CHUNKS, STORE_UNDO};
use super::seal::{data_key, holds_data_key, is_sealed, nonce_of, place, place_text, resealed};
use super::store::Store;
use super::StorageError;
use futures::future::join_all;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsValue;

thread_local! {
    /// The sealed blocks the last load read (key and value), once asked to
    /// keep them (`None`: not asked).
    static KEPT: RefCell<Option<Vec<(JsValue, JsValue)>>> = const { RefCell::new(None) };
}

/// Keeps, from now on in this worker, the sealed blocks each load reads,
/// for the next import's undo copies.
pub fn keep_blocks_for_undo() {
    KEPT.with(|kept| kept.borrow_mut().get_or_insert_with(Vec::new).clear());
}

/// Keeps the sealed blocks a load read (key and value), if asked to.
pub(super) fn keep_loaded(keys: &[JsValue], values: &[JsValue]) {
    KEPT.with(|kept| {
        if let Some(kept) = kept.borrow_mut().as_mut() {
            kept.clear();
            let sealed = keys.iter().zip(values).filter(|(_, v)| is_sealed(v));
            kept.extend(sealed.map(|(k, v)| (k.clone(), v.clone())));
        }
    });
}

/// Forgets the sealed blocks kept: what is stored may have been written
/// meanwhile without them (the lock turned off, on or bound; a load
/// without the lock; an import made).
pub(super) fn forget_kept() {
    KEPT.with(|kept| {
        if let Some(kept) = kept.borrow_mut().as_mut() {
            kept.clear();
        }
    });
}

impl Store {
    /// The undo's copies of the blocks stored at `keys`, each sealed again
    /// at the undo's place from the one kept, where it is still the one
    /// stored and opens with the data key held; `None` for any other (and
    /// for all, when the lock is off or changed meanwhile).
    pub(super) async fn undo_copies_kept(
        &self,
        keys: &[JsValue],
    ) -> Result<Vec<Option<JsValue>>, StorageError> {
        let none = || vec![None; keys.len()];
        let kept: HashMap<String, JsValue> = KEPT.with(|kept| {
            let kept = kept.borrow();
            let blocks = kept.iter().flatten();
            blocks
                .map(|(k, v)| (place_text(STORE_CHUNKS, k), v.clone()))
                .collect()
        });
        let lock = self.app_lock.borrow().clone();
        let Some(key) = data_key().filter(|_| lock.is_some() && !kept.is_empty()) else {
            return Ok(none());
        };
        // The manifest as stored now (the write then expects this one).
        let (_, manifest) = self.current_manifest().await?;
        let copies = keys.iter().map(|at| {
            let from = place_text(STORE_CHUNKS, at);
            let value = kept.get(&from).cloned();
            let stored = value.filter(|v| nonce_of(v).as_deref() == manifest.nonce_at(&from));
            let key = key.clone();
            async move {
                let value = stored?;
                let (from, to) = (from.into_bytes(), place(STORE_UNDO, at));
                resealed(&key, &value, &from, &to).await
            }
        });
        let copies = join_all(copies).await;
        // A value sealed for the lock as it was is written only under it,
        // and with the key the rest of the write is sealed with (the page
        // may be handed another meanwhile).
        match *self.app_lock.borrow() == lock && holds_data_key(&key) {
            true => Ok(copies),
            false => Ok(none()),
        }
    }
}
