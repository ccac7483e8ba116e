//! What the in-browser tests share: a clock, a fresh database, and plain
//! IndexedDB calls made as an older build, or someone at the PC with the
//! browser's tools, would.

use taizhang_core::Timestamp;
use taizhang_storage::{delete_database, Store};

pub fn now() -> Timestamp {
    Timestamp::from_unix_millis(js_sys::Date::now() as i64)
}

pub async fn fresh(name: &str) -> Store {
    delete_database(name).await.expect("delete");
    Store::open(name).await.expect("open")
}

/// A read-write transaction over `store` of the database `name`, opened
/// with plain IndexedDB calls (as an older build, or someone at the PC with
/// the browser's tools, would), with its connection.
pub async fn raw_transaction(
    name: &str,
    store: &str,
) -> (web_sys::IdbDatabase, web_sys::IdbTransaction) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let factory = web_sys::window()
        .expect("window")
        .indexed_db()
        .expect("indexedDB")
        .expect("indexedDB");
    let request = factory.open(name).expect("open");
    let opened = js_sys::Promise::new(&mut |resolve, _| request.set_onsuccess(Some(&resolve)));
    JsFuture::from(opened).await.expect("opened");
    let db: web_sys::IdbDatabase = request.result().expect("db").unchecked_into();
    let t = db
        .transaction_with_str_and_mode(store, web_sys::IdbTransactionMode::Readwrite)
        .expect("transaction");
    (db, t)
}

/// Waits until `t` has committed, then closes its connection `db`.
pub async fn raw_commit(db: web_sys::IdbDatabase, t: web_sys::IdbTransaction) {
    let done = js_sys::Promise::new(&mut |resolve, _| t.set_oncomplete(Some(&resolve)));
    wasm_bindgen_futures::JsFuture::from(done)
        .await
        .expect("committed");
    db.close();
}

/// Adds `value` to `store` of the database `name` (as a copy of an older
/// build wrote it).
pub async fn add_raw(name: &str, store: &str, value: &wasm_bindgen::JsValue) {
    let (db, t) = raw_transaction(name, store).await;
    t.object_store(store)
        .expect("store")
        .add(value)
        .expect("add");
    raw_commit(db, t).await;
}

/// Reads the value at `key` of `store` in the database `name`, then puts
/// `put` there (none: deletes it), with plain IndexedDB calls as someone at
/// the PC with the browser's tools would; returns what was there.
pub async fn raw_swap(
    name: &str,
    store: &str,
    key: &wasm_bindgen::JsValue,
    put: Option<&wasm_bindgen::JsValue>,
) -> wasm_bindgen::JsValue {
    let (db, t) = raw_transaction(name, store).await;
    let objects = t.object_store(store).expect("store");
    let read = objects.get(key).expect("get");
    let got = js_sys::Promise::new(&mut |resolve, _| read.set_onsuccess(Some(&resolve)));
    wasm_bindgen_futures::JsFuture::from(got)
        .await
        .expect("read");
    let found = read.result().expect("value");
    match put {
        Some(value) => objects.put_with_key(value, key).map(|_| ()),
        None => objects.delete(key).map(|_| ()),
    }
    .expect("write");
    raw_commit(db, t).await;
    found
}

/// Every key of `store` in the database `name`, as JSON, read with plain
/// IndexedDB calls.
pub async fn raw_keys(name: &str, store: &str) -> Vec<String> {
    let (db, t) = raw_transaction(name, store).await;
    let read = t
        .object_store(store)
        .expect("store")
        .get_all_keys()
        .expect("keys");
    let got = js_sys::Promise::new(&mut |resolve, _| read.set_onsuccess(Some(&resolve)));
    wasm_bindgen_futures::JsFuture::from(got)
        .await
        .expect("read");
    let keys: js_sys::Array = read.result().expect("keys").into();
    raw_commit(db, t).await;
    keys.iter()
        .map(|k| {
            js_sys::JSON::stringify(&k)
                .expect("json")
                .as_string()
                .expect("text")
        })
        .collect()
}

/// `text` sealed as the app lock's contract says (trust-format §5), with
/// WebCrypto called here, not through the storage code: AES-256-GCM under
/// the data key, a random 12-byte nonce before the ciphertext, the store and
/// the key's JSON as additional data, in `{ sealed, as: "text", bound }`.
pub async fn sealed_text(
    key: &web_sys::CryptoKey,
    store: &str,
    at: &str,
    text: &str,
) -> wasm_bindgen::JsValue {
    use js_sys::{Object, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    let crypto = web_sys::window().expect("window").crypto().expect("crypto");
    let mut iv = [0u8; 12];
    crypto
        .get_random_values_with_u8_array(&mut iv)
        .expect("random");
    let aad = format!("{store}\n{}", serde_json::to_string(at).expect("json"));
    let params = Object::new();
    Reflect::set(&params, &"name".into(), &"AES-GCM".into()).expect("set");
    Reflect::set(&params, &"iv".into(), &Uint8Array::from(&iv[..])).expect("set");
    Reflect::set(
        &params,
        &"additionalData".into(),
        &Uint8Array::from(aad.as_bytes()),
    )
    .expect("set");
    let promise = crypto
        .subtle()
        .encrypt_with_object_and_u8_array(&params, key, text.as_bytes())
        .expect("encrypt");
    let out = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("encrypted");
    let mut sealed = iv.to_vec();
    sealed.extend(Uint8Array::new(&out.unchecked_into::<js_sys::ArrayBuffer>()).to_vec());
    let value = Object::new();
    Reflect::set(&value, &"sealed".into(), &Uint8Array::from(&sealed[..])).expect("set");
    Reflect::set(&value, &"as".into(), &"text".into()).expect("set");
    Reflect::set(&value, &"bound".into(), &JsValue::TRUE).expect("set");
    value.into()
}
