//! An import's undo copies while the lock is on. A block the import
//! overwrites is, as stored, opened and sealed again at the undo's place:
//! two WebCrypto calls answered off the page's thread, instead of the block
//! encoded from the ledgers and packed anew on it. The sealed blocks last
//! read or written here are kept for that. One is used only if its nonce is
//! the one the manifest last seen names at its place — then it is the value
//! stored there, since only the data key makes a value that opens with a
//! given nonce; any other block is encoded as without the lock.

use super::schema::{STORE_CHUNKS, STORE_UNDO};
use super::seal::{data_key, holds_data_key, is_sealed, nonce_of, place, place_text, resealed};
use super::store::Store;
use futures::future::join_all;
use wasm_bindgen::JsValue;

impl Store {
    /// Keeps the sealed values of `blocks` (key and value), as a load read
    /// them all (`all`: every other is forgotten) or a write wrote them.
    pub(super) fn keep_sealed_blocks<'a>(
        &self,
        blocks: impl IntoIterator<Item = (&'a JsValue, &'a JsValue)>,
        all: bool,
    ) {
        let mut kept = self.sealed_blocks.borrow_mut();
        if all {
            kept.clear();
        }
        for (key, value) in blocks {
            if is_sealed(value) {
                kept.insert(place_text(STORE_CHUNKS, key), value.clone());
            }
        }
    }

    /// Forgets the sealed blocks kept: what is stored may have been
    /// written meanwhile without them being told (the lock turned off, on
    /// or bound; a load without the lock).
    pub(super) fn forget_sealed_blocks(&self) {
        self.sealed_blocks.borrow_mut().clear();
    }

    /// The undo's copies of the blocks stored at `keys`, each sealed again
    /// at the undo's place from the one kept, where it is still the one
    /// stored and opens with the data key held; `None` for any other (and
    /// for all, when the lock is off or changed meanwhile).
    pub(super) async fn undo_copies_kept(&self, keys: &[JsValue]) -> Vec<Option<JsValue>> {
        let none = || vec![None; keys.len()];
        let lock = self.app_lock.borrow().clone();
        let (Some(key), Some((_, manifest))) = (
            data_key().filter(|_| lock.is_some()),
            self.manifest_seen.borrow().clone(),
        ) else {
            return none();
        };
        let sealing = key.clone();
        let copies = keys.iter().map(|at| {
            let from = place_text(STORE_CHUNKS, at);
            let value = self.sealed_blocks.borrow().get(&from).cloned();
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
        match *self.app_lock.borrow() == lock && holds_data_key(&sealing) {
            true => copies,
            false => none(),
        }
    }
}
