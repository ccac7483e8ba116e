//! One read-write transaction through web-sys: every operation is queued at
//! once, then the transaction's own `complete` or `abort` event is awaited.
//! The indexed-db crate panics on request errors it does not know (an
//! `AbortError` when the browser aborts a transaction, `UnknownError`, a
//! quota error on a request), which would stop the whole page; here an
//! aborted transaction is an error the user is told about, and nothing of it
//! is stored. `complete` is the commit itself, so success means on disk.

use super::fault::Armed;
use super::StorageError;
use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbTransaction, IdbTransactionMode};

/// One write of a transaction.
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

/// Runs `ops` in one read-write transaction over `stores`; all or nothing.
pub async fn commit(db: &IdbDatabase, stores: &[&str], ops: Vec<Op>) -> Result<(), StorageError> {
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    let transaction = db
        .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)
        .map_err(|e| dom_error(&e))?;
    // Listen before queueing: the events come only after this task yields.
    let settled = Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onabort(Some(&reject));
    });
    let fault = Armed::take();
    for (done, op) in ops.into_iter().enumerate() {
        if let Err(error) = fault.check(done).and_then(|()| queue(&transaction, op)) {
            // Nothing queued so far is kept.
            let _ = transaction.abort();
            let _ = JsFuture::from(settled).await;
            return Err(error);
        }
    }
    match JsFuture::from(settled).await {
        Ok(_) => Ok(()),
        Err(_) => Err(abort_reason(&transaction)),
    }
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
