//! A lock as someone at the PC, or an earlier version, would make or read
//! it, by the test's own WebCrypto and IndexedDB calls: the lock's record
//! read and written by hand, keys derived and data keys wrapped without the
//! app's code.

use crate::support::{
    block, locked_with_an_older_block, lower_mark, raw_read, raw_swap, sample_copy,
};
use js_sys::{Array, Object, Reflect, Uint8Array};
use taizhang_core::trust::applock::{AppLock, WrappedKey};
use taizhang_storage::use_data_key;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

pub const PASSPHRASE: &str = "第一个口令第一个";

/// The lock's record as stored now.
pub async fn stored_lock(name: &str) -> AppLock {
    let text = raw_read(name, "meta", &"applock".into())
        .await
        .as_string()
        .expect("a record");
    serde_json::from_str(&text).expect("the record")
}

pub async fn put_lock(name: &str, lock: &AppLock) {
    let text = serde_json::to_string(lock).expect("json");
    raw_swap(
        name,
        "meta",
        &"applock".into(),
        Some(&JsValue::from_str(&text)),
    )
    .await;
}

/// Deletes the manifest and lowers every mark, by hand.
pub async fn marks_lowered_manifest_gone(name: &str) {
    raw_swap(name, "meta", &"manifest".into(), None).await;
    for mark in ["bound", "manifest", "names"] {
        lower_mark(name, mark).await;
    }
}

pub fn subtle() -> web_sys::SubtleCrypto {
    web_sys::window()
        .expect("window")
        .crypto()
        .expect("crypto")
        .subtle()
}

pub fn object(pairs: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in pairs {
        Reflect::set(&object, &(*name).into(), value).expect("set");
    }
    object
}

pub async fn settle(promise: js_sys::Promise) -> JsValue {
    JsFuture::from(promise).await.expect("WebCrypto")
}

pub fn base64url(bytes: &[u8]) -> String {
    let text = web_sys::window()
        .expect("window")
        .btoa(&bytes.iter().map(|&b| char::from(b)).collect::<String>())
        .expect("btoa");
    text.trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_")
}

pub fn from_base64url(text: &str) -> Vec<u8> {
    let mut text = text.replace('-', "+").replace('_', "/");
    while text.len() % 4 != 0 {
        text.push('=');
    }
    let binary = web_sys::window()
        .expect("window")
        .atob(&text)
        .expect("atob");
    binary.chars().map(|c| c as u8).collect()
}

pub fn random(n: u32) -> Vec<u8> {
    let mut bytes = vec![0u8; n as usize];
    web_sys::window()
        .expect("window")
        .crypto()
        .expect("crypto")
        .get_random_values_with_u8_array(&mut bytes)
        .expect("random");
    bytes
}

/// An AES-GCM key from raw bytes.
pub async fn aes(raw: &[u8]) -> CryptoKey {
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let algorithm = object(&[("name", "AES-GCM".into())]);
    settle(
        subtle()
            .import_key_with_object("raw", &Uint8Array::from(raw), &algorithm, false, &usages)
            .expect("import"),
    )
    .await
    .unchecked_into()
}

/// PBKDF2-SHA-256 of the passphrase, as an AES-GCM key.
pub async fn derived(passphrase: &str, salt: &[u8], iterations: u32) -> CryptoKey {
    let base: CryptoKey = settle(
        subtle()
            .import_key_with_str(
                "raw",
                &Uint8Array::from(passphrase.as_bytes()),
                "PBKDF2",
                false,
                &Array::of1(&"deriveKey".into()),
            )
            .expect("import"),
    )
    .await
    .unchecked_into();
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
    ]);
    let target = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    settle(
        subtle()
            .derive_key_with_object_and_object(&params, &base, &target, false, &usages)
            .expect("derive"),
    )
    .await
    .unchecked_into()
}

pub fn gcm(iv: &[u8], aad: Option<&[u8]>) -> Object {
    let params = object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
    ]);
    if let Some(aad) = aad {
        Reflect::set(&params, &"additionalData".into(), &Uint8Array::from(aad)).expect("set");
    }
    params
}

/// `raw` wrapped under `kek` without additional data, as earlier versions did.
pub async fn legacy_wrap(kek: &CryptoKey, raw: &[u8]) -> WrappedKey {
    let iv = random(12);
    let out = settle(
        subtle()
            .encrypt_with_object_and_u8_array(&gcm(&iv, None), kek, raw)
            .expect("encrypt"),
    )
    .await;
    WrappedKey::new(&iv, &Uint8Array::new(&out).to_vec())
}

/// Whether `wrapped` opens under `kek` with `aad` (none: without).
pub async fn opens(kek: &CryptoKey, wrapped: &WrappedKey, aad: Option<&[u8]>) -> Option<Vec<u8>> {
    let iv = from_base64url(&wrapped.iv);
    let body = from_base64url(&wrapped.key);
    let promise = subtle()
        .decrypt_with_object_and_u8_array(&gcm(&iv, aad), kek, &body)
        .expect("decrypt");
    JsFuture::from(promise)
        .await
        .ok()
        .map(|out| Uint8Array::new(&out).to_vec())
}

/// A copy locked as the version before bound wrappings left it: every mark
/// carried, both wrappings without additional data. The raw data key, the
/// recovery key and the passphrase's key-encryption key are returned.
pub async fn legacy_locked(name: &str) -> (Vec<u8>, [u8; 32], CryptoKey) {
    let (store, _data) = sample_copy(name).await;
    let raw = random(32);
    let recovery: [u8; 32] = random(32).try_into().expect("32 bytes");
    let salt = random(16);
    let kek = derived(PASSPHRASE, &salt, 600_000).await;
    let lock = AppLock {
        kdf: "PBKDF2-SHA-256".into(),
        iterations: 600_000,
        salt: base64url(&salt),
        by_passphrase: legacy_wrap(&kek, &raw).await,
        by_recovery: legacy_wrap(&aes(&recovery).await, &raw).await,
        bound: true,
        manifest: true,
        names: true,
    };
    let key = aes(&raw).await;
    use_data_key(Some(key.clone()));
    store.turn_lock_on(&lock, &key).await.expect("on");
    store.close();
    use_data_key(None);
    (raw, recovery, kek)
}

/// A locked copy (`locked_with_an_older_block`) closed, no key in use, its
/// older block put back, the manifest deleted and every mark lowered, by
/// hand: what the attacks on the marks start from. The older block.
pub async fn older_block_back_marks_lowered(name: &str) -> JsValue {
    let (store, _, older_block) = locked_with_an_older_block(name).await;
    store.close();
    use_data_key(None);
    raw_swap(name, "chunks", &block("cases", 0), Some(&older_block)).await;
    marks_lowered_manifest_gone(name).await;
    older_block
}
