//! What the in-browser tests share: a clock, a fresh database, a copy with
//! the app lock on, a key trusted and a file sent, and plain IndexedDB calls
//! made as an older build, or someone at the PC with the browser's tools,
//! would.

use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::history::{How, ImportHistory};
use taizhang_core::ledgers::sample;
use taizhang_core::reporting::{FileFacts, LogEntry, SentFile};
use taizhang_core::trust::applock::AppLock;
use taizhang_core::trust::{PublicJwk, TrustedKey};
use taizhang_core::{Dataset, Kind, Timestamp};
use taizhang_storage::{delete_database, new_app_lock, use_data_key, Change, ImportCounts, Store};
use wasm_bindgen::JsValue;
use web_sys::CryptoKey;

pub fn now() -> Timestamp {
    Timestamp::from_unix_millis(js_sys::Date::now() as i64)
}

/// A fresh database `name`, opened as the exchange engine opens it: the
/// blocks each load reads kept for an import's undo copies.
pub async fn fresh(name: &str) -> Store {
    taizhang_storage::keep_blocks_for_undo();
    delete_database(name).await.expect("delete");
    Store::open(name).await.expect("open")
}

/// Turns the app lock on over `store` with a new lock (passphrase
/// 第一个口令第一个), its data key in use from now on: the lock and the key.
pub async fn lock_on(store: &Store) -> (AppLock, CryptoKey) {
    let (lock, _, key) = new_app_lock("第一个口令第一个").await.expect("lock");
    use_data_key(Some(key.clone()));
    store.turn_lock_on(&lock, &key).await.expect("on");
    (lock, key)
}

/// A fresh database `name` holding the sample: the store and the sample.
pub async fn sample_copy(name: &str) -> (Store, Dataset) {
    let store = fresh(name).await;
    let data = sample::dataset(&now());
    store
        .save(&data, &Change::everything(&data))
        .await
        .expect("save");
    (store, data)
}

/// A fresh database `name` (holding the sample if `with_sample`) with a new
/// lock turned on (passphrase 第一个口令第一个), closed, no key in use:
/// the recovery key.
pub async fn closed_locked_copy(name: &str, with_sample: bool) -> [u8; 32] {
    let store = match with_sample {
        true => sample_copy(name).await.0,
        false => fresh(name).await,
    };
    let (lock, recovery, key) = new_app_lock("第一个口令第一个").await.expect("lock");
    use_data_key(Some(key.clone()));
    store.turn_lock_on(&lock, &key).await.expect("on");
    store.close();
    use_data_key(None);
    recovery
}

/// A fresh database `name` holding the sample, the app lock then turned on
/// over it (`lock_on`): the store, the sample, the lock and its key.
pub async fn locked_copy(name: &str) -> (Store, Dataset, AppLock, CryptoKey) {
    let (store, data) = sample_copy(name).await;
    let (lock, key) = lock_on(&store).await;
    (store, data, lock, key)
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

/// AES-GCM's parameters for the value at `at` of `store`, as the app lock's
/// contract says (trust-format §5): the nonce, and as additional data the
/// store's name, a line break and the key's JSON.
fn gcm_at(iv: &[u8], store: &str, at: &JsValue) -> js_sys::Object {
    use js_sys::{Reflect, Uint8Array};
    let json = String::from(js_sys::JSON::stringify(at).expect("json"));
    let aad = format!("{store}\n{json}");
    let params = js_sys::Object::new();
    Reflect::set(&params, &"name".into(), &"AES-GCM".into()).expect("set");
    Reflect::set(&params, &"iv".into(), &Uint8Array::from(iv)).expect("set");
    Reflect::set(
        &params,
        &"additionalData".into(),
        &Uint8Array::from(aad.as_bytes()),
    )
    .expect("set");
    params
}

fn subtle() -> web_sys::SubtleCrypto {
    web_sys::window()
        .expect("window")
        .crypto()
        .expect("crypto")
        .subtle()
}

/// `plain` sealed at `at` of `store` with WebCrypto called here, not through
/// the storage code: AES-256-GCM under the data key, a random 12-byte nonce
/// before the ciphertext, in `{ sealed, as, bound }` (and `packed` if asked:
/// the caller packed `plain`). The value and its nonce in hex.
pub async fn sealed_by_hand(
    key: &CryptoKey,
    store: &str,
    at: &JsValue,
    (plain, kind, packed): (&[u8], &str, bool),
) -> (JsValue, String) {
    use js_sys::{Object, Reflect, Uint8Array};
    use wasm_bindgen::JsCast;
    let mut iv = [0u8; 12];
    web_sys::window()
        .expect("window")
        .crypto()
        .expect("crypto")
        .get_random_values_with_u8_array(&mut iv)
        .expect("random");
    let promise = subtle()
        .encrypt_with_object_and_u8_array(&gcm_at(&iv, store, at), key, plain)
        .expect("encrypt");
    let out = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("encrypted");
    let mut sealed = iv.to_vec();
    sealed.extend(Uint8Array::new(&out.unchecked_into::<js_sys::ArrayBuffer>()).to_vec());
    let value = Object::new();
    Reflect::set(&value, &"sealed".into(), &Uint8Array::from(&sealed[..])).expect("set");
    Reflect::set(&value, &"as".into(), &kind.into()).expect("set");
    Reflect::set(&value, &"bound".into(), &JsValue::TRUE).expect("set");
    if packed {
        Reflect::set(&value, &"packed".into(), &JsValue::TRUE).expect("set");
    }
    let nonce = iv.iter().map(|b| format!("{b:02x}")).collect();
    (value.into(), nonce)
}

/// `text` sealed by hand ([`sealed_by_hand`]) under the key `at`, unpacked.
pub async fn sealed_text(key: &CryptoKey, store: &str, at: &str, text: &str) -> JsValue {
    sealed_by_hand(key, store, &at.into(), (text.as_bytes(), "text", false))
        .await
        .0
}

/// The plain bytes of the sealed value at `at` of `store`, opened with
/// WebCrypto called here, as they were sealed (packed or not).
pub async fn opened_by_hand(
    key: &CryptoKey,
    store: &str,
    at: &JsValue,
    value: &JsValue,
) -> Vec<u8> {
    use js_sys::{Reflect, Uint8Array};
    use wasm_bindgen::JsCast;
    let sealed: Uint8Array = Reflect::get(value, &"sealed".into())
        .expect("sealed")
        .unchecked_into();
    let sealed = sealed.to_vec();
    let promise = subtle()
        .decrypt_with_object_and_u8_array(&gcm_at(&sealed[..12], store, at), key, &sealed[12..])
        .expect("decrypt");
    let out = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("opens");
    Uint8Array::new(&out.unchecked_into::<js_sys::ArrayBuffer>()).to_vec()
}

/// A key trusted for `office`, with a fingerprint of its own.
pub fn trusted(office: &str, kid: &str) -> TrustedKey {
    TrustedKey {
        office: office.into(),
        kid: kid.into(),
        jwk: PublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: "x".into(),
            y: "y".into(),
        },
        from: None,
        since: None,
        vouched_by: None,
    }
}

/// A file sent, known by its SHA-256.
pub fn sent(sha256: &str) -> SentFile {
    SentFile {
        file: FileFacts {
            file_name: "台账.json".into(),
            sha256: sha256.into(),
            source_office: Some(OFFICE.into()),
            exported_at: None,
            signed_by: None,
        },
        receipt: None,
        records: None,
    }
}

/// The office, the key fingerprint and the file hash the fixtures speak of.
pub const OFFICE: &str = "430200-committee";
pub const KID: &str = "fingerprint-of-the-city-key";
pub const SHA: &str = "5e8c0f1c2a9d7b3e4f60718293a4b5c6d7e8f90112233445566778899aabbccd";

/// The text of a value sealed as [`sealed_text`] seals it, opened by hand
/// ([`opened_by_hand`]), or as the store seals it (packed: LZ4, its length
/// first, unpacked by the library's own reader).
pub async fn opened_text(key: &CryptoKey, store: &str, at: &str, value: &JsValue) -> String {
    let plain = opened_by_hand(key, store, &at.into(), value).await;
    let plain = match js_sys::Reflect::get(value, &"packed".into()) {
        Ok(packed) if packed.is_truthy() => unpacked_by_hand(&plain),
        _ => plain,
    };
    String::from_utf8(plain).expect("text")
}

/// Packed bytes as docs/app-lock.md describes them, read here: a zero
/// byte, the unpacked and the LZ4 block's lengths (4 bytes each,
/// little-endian), the block (unpacked by the LZ4 library's own reader),
/// zero bytes after it.
pub fn unpacked_by_hand(packed: &[u8]) -> Vec<u8> {
    let length = |at: usize| u32::from_le_bytes(packed[at..at + 4].try_into().expect("4")) as usize;
    assert_eq!(packed[0], 0, "packed bytes begin with a zero byte");
    let (said, block) = (length(1), length(5));
    assert!(packed[9 + block..].iter().all(|&b| b == 0), "zero padding");
    let plain = lz4_flex::block::decompress(&packed[9..9 + block], said).expect("LZ4");
    assert_eq!(plain.len(), said);
    plain
}

/// The key of a ledger's block, as stored.
pub fn block(kind: &str, index: u32) -> JsValue {
    js_sys::Array::of2(&kind.into(), &index.into()).into()
}

/// The value at `key` of `store`, read with plain IndexedDB calls.
pub async fn raw_read(name: &str, store: &str, key: &JsValue) -> JsValue {
    let found = raw_swap(name, store, key, None).await;
    if !found.is_undefined() {
        raw_swap(name, store, key, Some(&found)).await;
    }
    found
}

/// The first case's block touched.
pub fn first_case() -> Change {
    let mut change = Change::default();
    change.touch(Kind::Cases, [0]);
    change
}

/// `data` with the first case's notes `notes`, saved.
pub async fn edit(store: &Store, data: &Dataset, notes: &str) -> Dataset {
    let mut next = data.clone();
    next.cases[0].notes = notes.into();
    store.save(&next, &first_case()).await.expect("save");
    next
}

/// Sets the lock record's mark `mark` to false by hand (the record is plain).
pub async fn lower_mark(name: &str, mark: &str) {
    let at = JsValue::from_str("applock");
    let record = raw_read(name, "meta", &at)
        .await
        .as_string()
        .expect("record");
    let mut record: serde_json::Value = serde_json::from_str(&record).expect("record");
    record[mark] = serde_json::Value::Bool(false);
    raw_swap(
        name,
        "meta",
        &at,
        Some(&JsValue::from_str(&record.to_string())),
    )
    .await;
}

pub fn entry(id: &str) -> LogEntry {
    LogEntry {
        id: id.into(),
        file: FileFacts {
            file_name: format!("台账-{id}.json"),
            sha256: "ab".repeat(32),
            source_office: None,
            exported_at: Some(now()),
            signed_by: None,
        },
        applied_at: now(),
        counts: [0, 1, 0, 0, 0, 0],
    }
}

/// An import over `from` that gives the first case `notes` (logged as `id`).
pub async fn import(store: &Store, from: &Dataset, notes: &str, id: &str) -> Dataset {
    try_import(store, from, notes, id).await.expect("import")
}

/// [`import`], its result given back rather than expected to land.
pub async fn try_import(
    store: &Store,
    from: &Dataset,
    notes: &str,
    id: &str,
) -> Result<Dataset, taizhang_storage::StorageError> {
    let mut next = from.clone();
    next.cases[0].notes = notes.into();
    store
        .save_undoable(
            from,
            &Settings::default(),
            &next,
            &first_case(),
            id.into(),
            ImportCounts::default(),
            &entry(id),
            &ImportHistory::none(now(), How::Form),
        )
        .await
        .map(|()| next)
}

/// `value` (a stored object) with its `packed` mark taken away, by hand.
pub fn unmarked(value: &JsValue) -> JsValue {
    use wasm_bindgen::JsCast;
    let bare = js_sys::Object::assign(&js_sys::Object::new(), value.unchecked_ref());
    js_sys::Reflect::delete_property(&bare, &"packed".into()).expect("delete");
    bare.into()
}

/// Puts `value` at `at` of `store` in the database `name`, naming `nonce`
/// for it in the manifest (opened and sealed again here): as the app would
/// have stored it.
pub async fn put_named(
    name: &str,
    key: &CryptoKey,
    store: &str,
    at: &JsValue,
    value: &JsValue,
    nonce: &str,
) {
    let manifest_at = JsValue::from_str("manifest");
    let manifest = raw_read(name, "meta", &manifest_at).await;
    let text = opened_text(key, "meta", "manifest", &manifest).await;
    let mut manifest: serde_json::Value = serde_json::from_str(&text).expect("manifest");
    let place = format!(
        "{store}\n{}",
        String::from(js_sys::JSON::stringify(at).expect("json"))
    );
    assert!(
        manifest["places"][&place].is_string(),
        "the manifest names {place}"
    );
    manifest["places"][&place] = nonce.into();
    let text = serde_json::to_string(&manifest).expect("json");
    let resealed = sealed_text(key, "meta", "manifest", &text).await;
    raw_swap(name, "meta", &manifest_at, Some(&resealed)).await;
    raw_swap(name, store, at, Some(value)).await;
}

/// The ledger block at `at` of the database `name`, sealed again by hand
/// as an earlier version sealed it (unpacked, no mark) and named in the
/// manifest: its plain bytes.
pub async fn sealed_before_packing(name: &str, key: &CryptoKey, at: &JsValue) -> Vec<u8> {
    let value = raw_read(name, "chunks", at).await;
    let plain = unpacked_by_hand(&opened_by_hand(key, "chunks", at, &value).await);
    let (older, nonce) = sealed_by_hand(key, "chunks", at, (&plain, "bytes", false)).await;
    put_named(name, key, "chunks", at, &older, &nonce).await;
    plain
}

/// A locked copy with an older block kept by hand: the store (unlocked,
/// the key in use), the key, the older block and its notes.
pub async fn locked_with_an_older_block(name: &str) -> (Store, CryptoKey, JsValue) {
    let (store, data, _, key) = locked_copy(name).await;
    let older = edit(&store, &data, "较早的内容").await;
    let older_block = raw_read(name, "chunks", &block("cases", 0)).await;
    edit(&store, &older, "较新的内容").await;
    (store, key, older_block)
}
