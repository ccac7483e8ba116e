//! SHA-256 of a file's bytes, by the browser's WebCrypto (native speed: the
//! pure-Rust digest, built small for the web, takes about a second for a
//! 32 MB file). WebCrypto exists only in secure contexts (https, localhost);
//! on a plain-http intranet the pure digest does the work.

use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use taizhang_core::reporting;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub(super) fn subtle() -> Option<web_sys::SubtleCrypto> {
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok()?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).ok()?;
    subtle.dyn_into().ok()
}

/// 64 lowercase hex digits.
pub async fn sha256(bytes: &[u8]) -> String {
    sha256_bytes(bytes)
        .await
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The 32 bytes of the digest.
pub async fn sha256_bytes(bytes: &[u8]) -> Vec<u8> {
    let Some(subtle) = subtle() else {
        return reporting::sha256(bytes);
    };
    let digest = match subtle.digest_with_str_and_u8_array("SHA-256", bytes) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    };
    match digest.ok().and_then(|d| d.dyn_into::<ArrayBuffer>().ok()) {
        Some(buffer) => Uint8Array::new(&buffer).to_vec(),
        None => reporting::sha256(bytes),
    }
}
