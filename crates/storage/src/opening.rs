//! Opening stored values in two steps: each is checked and its decryption
//! begun at once (a WebCrypto call answered from the browser's crypto
//! thread), then its plain bytes awaited; so a load can begin opening its
//! blocks while it is still reading them.

use super::seal::{
    member, plain_allowed, subtle, tampered, Binding, AS, BOUND, BYTES, IV_LENGTH, PACKED, SEALED,
};
use super::StorageError;
use js_sys::{ArrayBuffer, Uint8Array};
use taizhang_core::trust::packed::{is_packed, unpack};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

/// A stored value being opened: checked and its decryption begun at once
/// (so that the crypto thread works while the page reads on), its plain
/// bytes awaited by [`Opening::finish`].
pub(crate) enum Opening {
    /// Not sealed, and allowed to stand plain.
    Plain(JsValue),
    Started {
        decrypting: Option<JsFuture>,
        /// What it is when it does not open.
        failed: fn() -> StorageError,
        kind: String,
        /// Whether its plain bytes were packed before they were sealed.
        packed: bool,
    },
}

fn not_where_it_lies() -> StorageError {
    tampered("a sealed value that does not open where it lies")
}

fn not_with_the_data_key() -> StorageError {
    StorageError::Corrupt("a sealed value does not open with the data key".into())
}

/// Begins opening `value`: `Tampered` at once if it is plain while the
/// lock is on (a key at hand) and may not stand so, or is sealed unbound
/// where it must be bound.
pub(crate) fn start_opening(
    key: Option<&CryptoKey>,
    value: &JsValue,
    binding: Binding<'_>,
) -> Result<Opening, StorageError> {
    let Some(sealed) = member(value, SEALED) else {
        if key.is_some() && !plain_allowed(value) {
            return Err(tampered("a plain value while the lock is on"));
        }
        return Ok(Opening::Plain(value.clone()));
    };
    let key = key.ok_or(StorageError::Locked)?;
    let bytes = sealed
        .dyn_into::<Uint8Array>()
        .unwrap_or_else(|_| Uint8Array::new_with_length(0));
    let bound = member(value, BOUND).is_some();
    let (decrypting, failed): (_, fn() -> StorageError) = match (binding, bound) {
        (Binding::At(aad) | Binding::AtOrUnbound(aad), true) => {
            (start_decrypt(key, &bytes, Some(aad))?, not_where_it_lies)
        }
        (Binding::At(_), false) => return Err(tampered("a sealed value not bound to its place")),
        (Binding::AtOrUnbound(_), false) => {
            (start_decrypt(key, &bytes, None)?, not_with_the_data_key)
        }
    };
    let kind = member(value, AS)
        .and_then(|a| a.as_string())
        .unwrap_or_default();
    Ok(Opening::Started {
        decrypting,
        failed,
        kind,
        packed: member(value, PACKED).is_some(),
    })
}

impl Opening {
    /// The plain bytes (unpacked if packed) and what they were (`bytes`,
    /// `text`, `entry`); `None` for a value not sealed.
    pub(crate) async fn finish(self) -> Result<Option<(Vec<u8>, String)>, StorageError> {
        let Opening::Started {
            decrypting,
            failed,
            kind,
            packed,
        } = self
        else {
            return Ok(None);
        };
        let opened = match decrypting {
            Some(decrypting) => decrypting.await.ok(),
            None => None,
        };
        let plain = opened
            .map(|out| Uint8Array::new(&out.unchecked_into::<ArrayBuffer>()).to_vec())
            .ok_or_else(failed)?;
        // Whether it was packed is told by what is sealed (its first byte),
        // not by the label beside it: a label that disagrees was changed.
        let plain = match (packed, is_packed(&plain)) {
            (true, true) => {
                unpack(&plain).map_err(|_| tampered("packed bytes that do not unpack"))?
            }
            (false, false) => plain,
            _ => return Err(tampered("a sealed value whose packing mark was changed")),
        };
        Ok(Some((plain, kind)))
    }

    /// A block's bytes, opened if sealed: copied out of the browser once.
    pub(crate) async fn block(self) -> Result<Vec<u8>, StorageError> {
        let plain = match &self {
            Opening::Plain(value) => Some(value.clone()),
            Opening::Started { .. } => None,
        };
        match (self.finish().await?, plain) {
            (Some((plain, kind)), _) if kind == BYTES => Ok(plain),
            (Some(_), _) => Err(StorageError::Corrupt("a sealed block is not bytes".into())),
            (None, value) => value
                .as_ref()
                .and_then(|v| v.dyn_ref::<Uint8Array>())
                .map(Uint8Array::to_vec)
                .ok_or_else(|| StorageError::Corrupt("block is not bytes".into())),
        }
    }
}

/// A block's bytes, opened if sealed: copied out of the browser once.
pub(crate) async fn block_bytes(
    key: Option<&CryptoKey>,
    value: &JsValue,
    binding: Binding<'_>,
) -> Result<Vec<u8>, StorageError> {
    start_opening(key, value, binding)?.block().await
}

/// The decryption of what was bound to `aad`, begun where the browser keeps
/// it (the stored bytes go to WebCrypto without passing through wasm);
/// `None` when it is too short to be sealed.
pub(crate) fn start_decrypt(
    key: &CryptoKey,
    sealed: &Uint8Array,
    aad: Option<&[u8]>,
) -> Result<Option<JsFuture>, StorageError> {
    if sealed.length() < IV_LENGTH {
        return Ok(None);
    }
    let iv = sealed.subarray(0, IV_LENGTH);
    let body = sealed.subarray(IV_LENGTH, sealed.length());
    let promise = subtle()?
        .decrypt_with_object_and_js_u8_array(&super::seal::gcm(&iv, aad), key, &body)
        .map_err(|e| StorageError::Failed(format!("{e:?}")))?;
    Ok(Some(JsFuture::from(promise)))
}
