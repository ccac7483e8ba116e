//! The sealed manifest (trust-format §5, turn 4): while the lock is on, one
//! sealed value names, for every ledger block, the settings, every key
//! stored and what is kept to undo the last import, the nonce its sealed
//! value was made with (a kept "this block did not exist", empty bytes
//! left plain, as [`KEPT_EMPTY`]). It is rewritten in the
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
use super::schema::{
    NAMES_KEY, SETTINGS_KEY, STORE_CHUNKS, STORE_IMPORTS, STORE_KEYS, STORE_META, STORE_SENT,
    STORE_UNDO,
};
use super::seal::{is_empty_bytes, nonce_of, place_text, tampered};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use wasm_bindgen::{JsCast, JsValue};

/// Each named place (`store` and key, as the additional data spells it)
/// with the nonce of its sealed value, in hex.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Manifest {
    places: BTreeMap<String, String>,
    /// The stores of [`WHOLE`] it names every value of. A manifest made
    /// before it named them names none; the next unlock names them
    /// (`applock::whole`), so that until then they are read unchecked.
    #[serde(default)]
    whole: BTreeSet<String>,
}

/// Stores the manifest came to name later than the blocks, settings and
/// keys: what is kept to undo the last import, the import log, the files sent.
pub(super) const WHOLE: [&str; 3] = [STORE_UNDO, STORE_IMPORTS, STORE_SENT];

/// What the manifest says of a place whose value is empty bytes, kept
/// plain: the undo's "this block did not exist before the import".
const KEPT_EMPTY: &str = "empty";

/// Whether the manifest names the value at `key` of `store`.
pub(super) fn named(store: &str, key: &JsValue) -> bool {
    store == STORE_CHUNKS
        || store == STORE_KEYS
        || WHOLE.contains(&store)
        || (store == STORE_META
            && key
                .as_string()
                .is_some_and(|k| k == SETTINGS_KEY || k == NAMES_KEY))
}

/// A block key's ledger and number, from its JSON (`["cases",3]`).
fn block_of(json: &str) -> Option<(String, f64)> {
    let (kind, number): (String, f64) = serde_json::from_str(json).ok()?;
    Some((kind, number))
}

/// A bound of a range of block keys: a block (`["cases",3]`), or past
/// every block of a ledger (`["cases",[]]`: in IndexedDB's order an array
/// comes after every number), as the truncation of a table writes it.
fn bound_of(key: &JsValue) -> Option<(String, f64)> {
    let parts = key.dyn_ref::<js_sys::Array>()?;
    let kind = parts.get(0).as_string()?;
    let index = parts.get(1);
    match index.as_f64() {
        Some(number) => Some((kind, number)),
        None if js_sys::Array::is_array(&index) => Some((kind, f64::INFINITY)),
        None => None,
    }
}

impl Manifest {
    /// A manifest made from every value stored (the lock turned on, or
    /// values bound): it names every store of [`WHOLE`] too.
    pub(super) fn of_everything() -> Manifest {
        Manifest {
            whole: WHOLE.iter().map(|s| (*s).to_owned()).collect(),
            ..Manifest::default()
        }
    }

    /// Whether every value of `store` it should name is named (a store of
    /// [`WHOLE`] only once this manifest was made or completed to).
    pub(super) fn answers_for(&self, store: &str) -> bool {
        match WHOLE.contains(&store) {
            true => self.whole.contains(store),
            false => store == STORE_CHUNKS || store == STORE_KEYS || store == STORE_META,
        }
    }

    /// Whether it names every store of [`WHOLE`] whole.
    pub(super) fn answers_for_all(&self) -> bool {
        WHOLE.iter().all(|store| self.answers_for(store))
    }

    /// Names `store` whole from now on.
    pub(super) fn name_whole(&mut self, store: &str) {
        self.whole.insert(store.to_owned());
    }

    /// Refuses unless every value of every store it answers for is the one
    /// it names, and none it names is gone: `values` are all that is stored.
    pub(super) fn check_all(
        &self,
        values: &[(&'static str, JsValue, JsValue)],
    ) -> Result<(), StorageError> {
        let mut seen = HashSet::new();
        for (store, key, value) in values {
            // A place it names is checked even in a store it does not yet
            // answer for whole (a manifest that named the undo before it
            // said so).
            if self.answers_for(store) || self.names(store, key) {
                self.check(store, key, value, &mut seen)?;
            }
        }
        // (The settings and the names' secret gone are refused by the load.)
        for store in [STORE_CHUNKS, STORE_KEYS].into_iter().chain(WHOLE) {
            if self.answers_for(store) {
                self.all_seen(store, &seen)?;
            }
        }
        Ok(())
    }

    /// The manifest after `ops` (their values sealed) are written.
    pub(super) fn apply(&mut self, ops: &[Op]) {
        self.apply_with(ops, |_, value| nonce_of(value));
    }

    /// [`Manifest::apply`] with each value's nonce told by `nonce_at` (its
    /// op's position and value): the nonces chosen before sealing.
    pub(super) fn apply_with(
        &mut self,
        ops: &[Op],
        nonce_at: impl Fn(usize, &JsValue) -> Option<String>,
    ) {
        for (at, op) in ops.iter().enumerate() {
            match op {
                Op::Put { store, key, value } if named(store, key) => {
                    let version = match is_empty_bytes(value) {
                        true => Some(KEPT_EMPTY.to_owned()),
                        false => nonce_at(at, value),
                    };
                    match version {
                        Some(nonce) => self.places.insert(place_text(store, key), nonce),
                        None => self.places.remove(&place_text(store, key)),
                    };
                }
                Op::Delete { store, key } if named(store, key) => {
                    self.places.remove(&place_text(store, key));
                }
                Op::DeleteRange { store, from, to } if *store == STORE_CHUNKS => {
                    let prefix = format!("{STORE_CHUNKS}\n");
                    match (bound_of(from), bound_of(to)) {
                        (Some(from), Some(to)) => self.places.retain(|place, _| {
                            let block = place.strip_prefix(&prefix).and_then(block_of);
                            !block.is_some_and(|b| from <= b && b < to)
                        }),
                        // A range it cannot read: it names no block any
                        // more rather than one that may be gone (a block
                        // then found is refused as not named).
                        _ => self.places.retain(|place, _| !place.starts_with(&prefix)),
                    }
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
                *store == STORE_CHUNKS
                    || *store == STORE_KEYS
                    || *store == STORE_META
                    || *store == STORE_UNDO
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
        let found = match is_empty_bytes(value) {
            true => Some(KEPT_EMPTY.to_owned()),
            false => nonce_of(value),
        };
        if expected.is_none() || expected.cloned() != found {
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

    /// Refuses when a value of `store` the manifest names was not `seen`.
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

    /// The nonce it names at `place` (as [`place_text`] spells it), in hex.
    pub(super) fn nonce_at(&self, place: &str) -> Option<&str> {
        self.places.get(place).map(String::as_str)
    }

    /// Whether the manifest names the value at `key` of `store`.
    fn names(&self, store: &str, key: &JsValue) -> bool {
        self.places.contains_key(&place_text(store, key))
    }
}
