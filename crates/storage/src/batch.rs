//! One read-write transaction through web-sys: every operation is queued at
//! once, then the transaction's own `complete` or `abort` event is awaited.
//! The indexed-db crate panics on request errors it does not know (an
//! `AbortError` when the browser aborts a transaction, `UnknownError`, a
//! quota error on a request), which would stop the whole page; here an
//! aborted transaction is an error the user is told about, and nothing of it
//! is stored. `complete` is the commit itself, so success means on disk.

use super::fault::Armed;
use super::schema::{COMMIT_KEY, SETTINGS_KEY, STORE_CHUNKS, STORE_META};
use super::seal::nonce_of;
use super::StorageError;
use js_sys::{Array, Promise};
use std::cell::Cell;
use std::rc::Rc;
use taizhang_core::trust::applock::AppLock;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbTransaction, IdbTransactionMode};

/// One write of a transaction.
#[derive(Clone)]
pub enum Op {
    Put {
        store: &'static str,
        key: JsValue,
        value: JsValue,
    },
    /// A value under the next key the store counts up.
    Add {
        store: &'static str,
        value: JsValue,
    },
    Delete {
        store: &'static str,
        key: JsValue,
    },
    /// Every key in `[from, to)`.
    DeleteRange {
        store: &'static str,
        from: JsValue,
        to: JsValue,
    },
    Clear {
        store: &'static str,
    },
}

/// What a write expects to find as its transaction begins at `key` of
/// `store`.
pub struct Expected {
    pub store: &'static str,
    pub key: JsValue,
    pub found: Found,
}

/// What an [`Expected`] value is.
pub enum Found {
    /// Sealed with this nonce (none: no sealed value there).
    Nonce(Option<String>),
    /// The lock's record as this tab knows it (none: the lock is off).
    /// Any change (the lock turned off and on again with a new key, its
    /// passphrase or recovery key changed, a mark raised) makes the write
    /// read the record again before it is made.
    Lock(Option<AppLock>),
    /// This plain value (none: nothing there), as the commit token is.
    Plain(JsValue),
}

impl Found {
    fn holds(&self, value: &JsValue) -> bool {
        match self {
            Found::Nonce(nonce) => nonce_of(value) == *nonce,
            Found::Plain(expected) => {
                let nothing = |v: &JsValue| v.is_undefined() || v.is_null();
                (nothing(value) && nothing(expected))
                    || value.as_string() == expected.as_string() && !nothing(value)
            }
            Found::Lock(known) => {
                let stored = value
                    .as_string()
                    .map(|text| serde_json::from_str::<AppLock>(&text).ok());
                match (stored, known) {
                    (None, None) => value.is_undefined() || value.is_null(),
                    (Some(Some(stored)), Some(known)) => stored == *known,
                    _ => false,
                }
            }
        }
    }
}

/// How a write expecting a value ended.
pub enum Landed {
    Done,
    /// The value was another (another tab wrote meanwhile): nothing written.
    Raced,
}

/// A new commit token (random: equal tokens mean the same stored data).
pub fn new_token() -> String {
    js_sys::Math::random().to_string()
}

/// Runs `ops` in one read-write transaction over `stores`, all or nothing,
/// first reading the values `expected` names inside the same
/// transaction: if one is not as expected, the transaction is aborted.
pub async fn commit_expecting(
    db: &IdbDatabase,
    stores: &[&str],
    ops: Vec<Op>,
    expected: Vec<Expected>,
) -> Result<Landed, StorageError> {
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    let transaction = db
        .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)
        .map_err(|e| dom_error(&e))?;
    // Listen before queueing: the events come only after this task yields.
    let settled = Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onabort(Some(&reject));
    });
    let raced = Rc::new(Cell::new(false));
    // Kept alive until the transaction has settled.
    let _watches = expected
        .into_iter()
        .map(|expected| watch(&transaction, expected, Rc::clone(&raced)))
        .collect::<Result<Vec<_>, _>>()?;
    let fault = Armed::take();
    for (done, op) in ops.into_iter().enumerate() {
        if let Err(error) = fault.check(done).and_then(|()| queue(&transaction, op)) {
            // Nothing queued so far is kept.
            let _ = transaction.abort();
            let _ = JsFuture::from(settled).await;
            return Err(error);
        }
    }
    // `complete` fires once the transaction is committed: what it wrote
    // has landed, and no read afterwards is needed to know it (another
    // tab's write may already lie over it). A full disk aborts instead.
    match JsFuture::from(settled).await {
        Ok(_) => Ok(Landed::Done),
        Err(_) if raced.get() => Ok(Landed::Raced),
        Err(_) => Err(abort_reason(&transaction)),
    }
}

type Watch = Closure<dyn FnMut(web_sys::Event)>;

/// Reads the value `expected` names as one of the transaction's first
/// requests and aborts the transaction (setting `raced`) when it is not as
/// expected.
fn watch(
    transaction: &IdbTransaction,
    expected: Expected,
    raced: Rc<Cell<bool>>,
) -> Result<Watch, StorageError> {
    let request = transaction
        .object_store(expected.store)
        .and_then(|store| store.get(&expected.key))
        .map_err(|e| dom_error(&e))?;
    let (aborting, reading) = (transaction.clone(), request.clone());
    let on_read: Watch = Closure::new(move |_event: web_sys::Event| {
        let found = reading.result().unwrap_or(JsValue::UNDEFINED);
        if !expected.found.holds(&found) {
            raced.set(true);
            let _ = aborting.abort();
        }
    });
    request.set_onsuccess(Some(on_read.as_ref().unchecked_ref()));
    Ok(on_read)
}

fn queue(transaction: &IdbTransaction, op: Op) -> Result<(), StorageError> {
    let store = |name: &str| transaction.object_store(name).map_err(|e| dom_error(&e));
    let request = match op {
        Op::Put {
            store: name,
            key,
            value,
        } => store(name)?.put_with_key(&value, &key),
        Op::Add { store: name, value } => store(name)?.add(&value),
        Op::Delete { store: name, key } => store(name)?.delete(&key),
        Op::DeleteRange {
            store: name,
            from,
            to,
        } => {
            let range = IdbKeyRange::bound_with_lower_open_and_upper_open(&from, &to, false, true)
                .map_err(|e| dom_error(&e))?;
            store(name)?.delete(&range)
        }
        Op::Clear { store: name } => store(name)?.clear(),
    };
    request.map(|_| ()).map_err(|e| dom_error(&e))
}

/// Why the browser aborted the transaction.
fn abort_reason(transaction: &IdbTransaction) -> StorageError {
    match transaction.error() {
        Some(error) if error.name() == "QuotaExceededError" => StorageError::QuotaExceeded,
        Some(error) => StorageError::Failed(format!("{}: {}", error.name(), error.message())),
        None => StorageError::WriteLost,
    }
}

fn dom_error(value: &JsValue) -> StorageError {
    match value.dyn_ref::<web_sys::DomException>() {
        Some(e) if e.name() == "QuotaExceededError" => StorageError::QuotaExceeded,
        Some(e) if e.name() == "InvalidStateError" => StorageError::VersionChanged,
        Some(e) => StorageError::Failed(format!("{}: {}", e.name(), e.message())),
        None => StorageError::Failed(format!("{value:?}")),
    }
}

/// The end of every write transaction: blocks past each table's end go, the
/// settings (if given) are stored, and the commit token that proves it landed.
pub(super) fn finish_write(
    ops: &mut Vec<Op>,
    truncate: Vec<(JsValue, JsValue)>,
    settings: Option<String>,
    commit_token: &str,
) {
    ops.extend(truncate.into_iter().map(|(from, to)| Op::DeleteRange {
        store: STORE_CHUNKS,
        from,
        to,
    }));
    if let Some(json) = settings {
        ops.push(put_text(STORE_META, SETTINGS_KEY, &json));
    }
    ops.push(put_text(STORE_META, COMMIT_KEY, commit_token));
}

pub(super) fn put_text(store: &'static str, key: &str, text: &str) -> Op {
    Op::Put {
        store,
        key: JsValue::from_str(key),
        value: JsValue::from_str(text),
    }
}
