//! Sealing what is stored while the app lock is on: every value is
//! encrypted with AES-256-GCM (WebCrypto) under the data key, a fresh
//! random nonce each time. A sealed value is `{sealed, as}`: the nonce and
//! ciphertext, and what it was — `bytes` (a block), `text` (JSON), or
//! `entry` (a history entry, whose index members `record` and `log`, ids
//! and no text of a record, stay beside it so the indexes keep working).
//!
//! Each value is sealed bound to where it lies: the AES-GCM additional data
//! is its place — the store's name and the value's key, or for a history
//! entry (whose key the database gives) the record and import it names — so
//! a value moved elsewhere does not open. Such a value, or a plain one while
//! the lock is on, is `Tampered`: never read.
//!
//! The data key is held here, for this page or worker only, while unlocked.

use super::StorageError;
use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use std::cell::RefCell;
use taizhang_core::trust::applock::IV_BYTES;
use taizhang_core::trust::packed::pack;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

thread_local! {
    static DATA_KEY: RefCell<Option<CryptoKey>> = const { RefCell::new(None) };
    /// The HMAC key the lock's hidden names are made with (see `names`),
    /// once opened in this page or worker; it goes with the data key.
    static NAMER: RefCell<Option<CryptoKey>> = const { RefCell::new(None) };
}

/// Uses `key` to seal and open stored values from now on (`None`: forgets it).
pub fn use_data_key(key: Option<CryptoKey>) {
    DATA_KEY.with(|k| *k.borrow_mut() = key);
    NAMER.with(|n| *n.borrow_mut() = None);
}

/// The HMAC key of the lock's hidden names, once opened here.
pub(crate) fn namer() -> Option<CryptoKey> {
    NAMER.with(|n| n.borrow().clone())
}

/// Uses `namer` for the lock's hidden names (its secret is stored).
pub(crate) fn remember_namer(namer: CryptoKey) {
    NAMER.with(|n| *n.borrow_mut() = Some(namer));
}

/// The data key, while the app is unlocked.
pub fn data_key() -> Option<CryptoKey> {
    DATA_KEY.with(|k| k.borrow().clone())
}

/// Whether `key` is the data key this page holds now (the same key
/// object: the page may have been handed another since `key` was taken).
pub(crate) fn holds_data_key(key: &CryptoKey) -> bool {
    data_key().is_some_and(|held| AsRef::<JsValue>::as_ref(&held) == AsRef::<JsValue>::as_ref(key))
}

/// How many values are sealed or opened at once: enough to keep the crypto
/// thread busy, few enough that a million records' blocks are not all
/// copied at the same time.
pub(crate) const IN_FLIGHT: usize = 16;

/// [`IV_BYTES`] as the browser's arrays count.
pub(crate) const IV_LENGTH: u32 = IV_BYTES as u32;

pub(crate) const SEALED: &str = "sealed";
pub(crate) const AS: &str = "as";
const TEXT: &str = "text";
pub(crate) const BYTES: &str = "bytes";
/// On a value whose plain bytes were packed before they were sealed
/// (`taizhang_core::trust::packed`); a lock's values from before packing
/// lack it.
pub(crate) const PACKED: &str = "packed";
/// On a value sealed bound to its place.
pub(crate) const BOUND: &str = "bound";

/// Where a value lies, as the additional data it is sealed with.
pub(crate) fn place(store: &str, key: &JsValue) -> Vec<u8> {
    place_text(store, key).into_bytes()
}

/// [`place`] as text (what the manifest keeps its places by).
pub(crate) fn place_text(store: &str, key: &JsValue) -> String {
    let key = js_sys::JSON::stringify(key)
        .ok()
        .and_then(|k| k.as_string())
        .unwrap_or_default();
    format!("{store}\n{key}")
}

/// Where a history entry or page lies: its store, and the record (or the
/// bucket) and import (its index members) it belongs to.
pub(crate) fn entry_place(store: &str, entry: &JsValue) -> Vec<u8> {
    let member = |name| {
        member(entry, name)
            .map(|v| v.as_string().or_else(|| v.as_f64().map(number_text)))
            .unwrap_or_default()
            .unwrap_or_default()
    };
    let owner = match member("record") {
        record if record.is_empty() => member("bucket"),
        record => record,
    };
    format!("{store}\n{owner}\n{}", member("log")).into_bytes()
}

/// A number as `f64`'s `Display` writes it (a bucket is a whole number;
/// any other as JavaScript writes it, the same text in the ranges stored),
/// without the float formatting in the page's first download.
fn number_text(n: f64) -> String {
    let js = || js_sys::Number::from(n).to_string_with_radix(10);
    match n {
        _ if n == 0.0 && n.is_sign_negative() => "-0".into(),
        _ if n.fract() == 0.0 && n.abs() < 9.0e15 => (n as i64).to_string(),
        _ => js().map(String::from).unwrap_or_default(),
    }
}

/// The additional data of a value stored in `store` under `key` (a history
/// entry: by the record and import it names).
pub(crate) fn aad_for(store: &str, key: &JsValue, value: &JsValue) -> Vec<u8> {
    if store == super::schema::STORE_HISTORY || store == super::schema::STORE_HISTORY_PAGES {
        entry_place(store, value)
    } else {
        place(store, key)
    }
}

/// How a stored value is opened: bound to its place (the lock's values are),
/// or, while a lock made before binding is bound on its first unlock, also
/// as that lock sealed it (unbound).
#[derive(Clone, Copy)]
pub(crate) enum Binding<'a> {
    At(&'a [u8]),
    AtOrUnbound(&'a [u8]),
}

pub(crate) fn tampered(what: &str) -> StorageError {
    StorageError::Tampered(what.to_owned())
}

/// The nonce a stored value was sealed with, in hex (none: not sealed):
/// the version of the value the manifest names.
pub(crate) fn nonce_of(value: &JsValue) -> Option<String> {
    nonce_bytes_of(value).map(|nonce| nonce_text(&nonce))
}

/// The nonce a stored value was sealed with (none: not sealed).
pub(crate) fn nonce_bytes_of(value: &JsValue) -> Option<Vec<u8>> {
    let sealed = member(value, SEALED)?;
    let bytes = sealed.dyn_ref::<Uint8Array>()?;
    if bytes.length() < IV_LENGTH {
        return None;
    }
    Some(bytes.subarray(0, IV_LENGTH).to_vec())
}

fn crypto() -> Result<JsValue, StorageError> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .filter(|c| !c.is_undefined())
        .ok_or(StorageError::NoCrypto)
}

pub(crate) fn subtle() -> Result<SubtleCrypto, StorageError> {
    Reflect::get(&crypto()?, &JsValue::from_str("subtle"))
        .ok()
        .and_then(|s| s.dyn_into().ok())
        .ok_or(StorageError::NoCrypto)
}

/// `n` bytes from the browser's cryptographic random source.
pub(crate) fn random(n: usize) -> Result<Vec<u8>, StorageError> {
    let crypto: web_sys::Crypto = crypto()?.unchecked_into();
    let mut bytes = vec![0u8; n];
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| StorageError::NoCrypto)?;
    Ok(bytes)
}

pub(crate) fn object(pairs: &[(&str, JsValue)]) -> Object {
    let out = Object::new();
    for (name, value) in pairs {
        let _ = Reflect::set(&out, &JsValue::from_str(name), value);
    }
    out
}

pub(crate) async fn settle(
    promise: Result<js_sys::Promise, JsValue>,
) -> Result<JsValue, StorageError> {
    let promise = promise.map_err(|e| StorageError::Failed(format!("{e:?}")))?;
    JsFuture::from(promise)
        .await
        .map_err(|e| StorageError::Failed(format!("{e:?}")))
}

pub(crate) fn gcm(iv: &Uint8Array, aad: Option<&[u8]>) -> Object {
    let params = object(&[("name", "AES-GCM".into()), ("iv", iv.into())]);
    if let Some(aad) = aad {
        let _ = Reflect::set(&params, &"additionalData".into(), &Uint8Array::from(aad));
    }
    params
}

/// The nonce followed by the ciphertext and its tag.
pub(crate) async fn encrypt(
    key: &CryptoKey,
    plain: &[u8],
    aad: Option<&[u8]>,
) -> Result<Vec<u8>, StorageError> {
    let plain = Uint8Array::from(plain);
    Ok(encrypt_at(key, &plain, aad, &new_nonce()?).await?.to_vec())
}

/// A fresh random nonce for one sealing.
pub(crate) fn new_nonce() -> Result<Vec<u8>, StorageError> {
    random(IV_BYTES)
}

/// A nonce as [`nonce_of`] spells it (the manifest's hex).
pub(crate) fn nonce_text(nonce: &[u8]) -> String {
    nonce.iter().map(|b| format!("{b:02x}")).collect()
}

/// [`encrypt`] with `aad` as the additional data it is bound to, left in
/// the browser's memory (it is stored as it is: copying it into wasm and
/// back would cost two copies of every block).
async fn encrypt_at(
    key: &CryptoKey,
    plain: &Uint8Array,
    aad: Option<&[u8]>,
    iv: &[u8],
) -> Result<Uint8Array, StorageError> {
    let params = gcm(&Uint8Array::from(iv), aad);
    let out = settle(subtle()?.encrypt_with_object_and_js_u8_array(&params, key, plain)).await?;
    let body = Uint8Array::new(&out.unchecked_into::<ArrayBuffer>());
    let sealed = Uint8Array::new_with_length(IV_LENGTH + body.length());
    sealed.set(&Uint8Array::from(iv), 0);
    sealed.set(&body, IV_LENGTH);
    Ok(sealed)
}

/// The plain bytes of what [`encrypt`] made; `None` when the key is not the
/// one it was sealed with, or the bytes were changed.
pub(crate) async fn decrypt(
    key: &CryptoKey,
    sealed: &[u8],
    aad: Option<&[u8]>,
) -> Result<Option<Vec<u8>>, StorageError> {
    let Some(decrypting) = super::opening::start_decrypt(key, &Uint8Array::from(sealed), aad)?
    else {
        return Ok(None);
    };
    Ok(decrypting
        .await
        .ok()
        .map(|out| Uint8Array::new(&out.unchecked_into::<ArrayBuffer>()).to_vec()))
}

pub(crate) fn member(value: &JsValue, name: &str) -> Option<JsValue> {
    if !value.is_object() {
        return None;
    }
    Reflect::get(value, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined())
}

/// Whether `value` is stored sealed.
pub(crate) fn is_sealed(value: &JsValue) -> bool {
    member(value, SEALED).is_some()
}

/// `value` as it is stored under `key`: blocks and texts sealed whole, a
/// history entry's text sealed beside its index members. Empty bytes (the
/// undo's "this block did not exist") and objects of other kinds (this
/// copy's own signing key, which cannot be read anyway) are kept as they are.
pub(crate) async fn seal_value(
    key: &CryptoKey,
    value: &JsValue,
    aad: &[u8],
) -> Result<JsValue, StorageError> {
    seal_value_with(key, value, aad, &new_nonce()?).await
}

/// [`seal_value`] with the nonce chosen before (a write names it in its
/// manifest while the value is being sealed).
pub(crate) async fn seal_value_with(
    key: &CryptoKey,
    value: &JsValue,
    aad: &[u8],
    nonce: &[u8],
) -> Result<JsValue, StorageError> {
    if is_sealed(value) {
        return Ok(value.clone());
    }
    // The plain bytes, what they were, and the object the sealed value is.
    // They are packed first (see `packed`): the browser would have
    // compressed them, and cannot once they are sealed.
    let (plain, kind, sealed) = if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        if bytes.length() == 0 {
            return Ok(value.clone());
        }
        (pack(&bytes.to_vec()), BYTES, Object::new())
    } else if let Some(text) = value.as_string() {
        (pack(text.as_bytes()), "text", Object::new())
    } else if let Some(text) = member(value, TEXT).and_then(|t| t.as_string()) {
        let entry = Object::assign(&Object::new(), value.unchecked_ref());
        let _ = Reflect::delete_property(&entry, &JsValue::from_str(TEXT));
        (pack(text.as_bytes()), "entry", entry)
    } else {
        return Ok(value.clone());
    };
    let ciphertext = encrypt_at(key, &Uint8Array::from(&plain[..]), Some(aad), nonce).await?;
    let _ = Reflect::set(&sealed, &PACKED.into(), &JsValue::TRUE);
    let _ = Reflect::set(&sealed, &SEALED.into(), &ciphertext.into());
    let _ = Reflect::set(&sealed, &AS.into(), &kind.into());
    let _ = Reflect::set(&sealed, &BOUND.into(), &JsValue::TRUE);
    Ok(sealed.into())
}

/// `value`, sealed bound at `from`, sealed again bound at `to` with a fresh
/// nonce, as it was (packed or not): its plain bytes never leave the
/// browser's crypto. `None` if it does not open there with `key`.
pub(crate) async fn resealed(
    key: &CryptoKey,
    value: &JsValue,
    from: &[u8],
    to: &[u8],
) -> Option<JsValue> {
    let bytes = member(value, BOUND)
        .and_then(|_| member(value, SEALED))
        .and_then(|s| s.dyn_into::<Uint8Array>().ok())?;
    let opened = super::opening::start_decrypt(key, &bytes, Some(from)).ok()??;
    let plain = Uint8Array::new(&opened.await.ok()?.unchecked_into::<ArrayBuffer>());
    let sealed = encrypt_at(key, &plain, Some(to), &new_nonce().ok()?)
        .await
        .ok()?;
    let again = Object::new();
    let _ = Reflect::set(&again, &SEALED.into(), &sealed.into());
    for member_name in [AS, BOUND, PACKED] {
        if let Some(kept) = member(value, member_name) {
            let _ = Reflect::set(&again, &member_name.into(), &kept);
        }
    }
    Some(again.into())
}

/// Whether a plain value may stand while the lock is on: empty bytes (the
/// undo's "this block did not exist"). Nothing else — not even a key
/// object: this copy's own key is kept wrapped then.
pub(crate) fn plain_allowed(value: &JsValue) -> bool {
    is_empty_bytes(value)
}

/// Whether `value` is empty bytes (kept plain: they say nothing).
pub(crate) fn is_empty_bytes(value: &JsValue) -> bool {
    value
        .dyn_ref::<Uint8Array>()
        .is_some_and(|b| b.length() == 0)
}

/// The plain bytes of a sealed value and what it was (`bytes`, `text`,
/// `entry`); `None` for a value not sealed, which is `Tampered` while the
/// lock is on (a key at hand), unless it may stand plain.
async fn open(
    key: Option<&CryptoKey>,
    value: &JsValue,
    binding: Binding<'_>,
) -> Result<Option<(Vec<u8>, String)>, StorageError> {
    super::opening::start_opening(key, value, binding)?
        .finish()
        .await
}

/// What [`seal_value`] sealed, as it was; anything not sealed as it is.
/// Sealed without a key at hand: `Locked`; not opened by the key: `Corrupt`.
pub(crate) async fn unseal_value(
    key: Option<&CryptoKey>,
    value: &JsValue,
    binding: Binding<'_>,
) -> Result<JsValue, StorageError> {
    let Some((plain, kind)) = open(key, value, binding).await? else {
        return Ok(value.clone());
    };
    let text =
        || String::from_utf8(plain.clone()).map_err(|e| StorageError::Corrupt(e.to_string()));
    match kind.as_str() {
        BYTES => Ok(Uint8Array::from(&plain[..]).into()),
        "text" => Ok(JsValue::from_str(&text()?)),
        "entry" => {
            let entry = Object::assign(&Object::new(), value.unchecked_ref());
            let _ = Reflect::delete_property(&entry, &JsValue::from_str(SEALED));
            let _ = Reflect::delete_property(&entry, &JsValue::from_str(AS));
            let _ = Reflect::delete_property(&entry, &JsValue::from_str(BOUND));
            let _ = Reflect::delete_property(&entry, &JsValue::from_str(PACKED));
            let _ = Reflect::set(&entry, &TEXT.into(), &JsValue::from_str(&text()?));
            Ok(entry.into())
        }
        _ => Err(StorageError::Corrupt(
            "a sealed value of no known kind".into(),
        )),
    }
}
