//! Names that say nothing while the lock is on (trust-format §5, turn 4:
//! no office code or file hash readable while locked). The keys store
//! keeps a trusted key under its office's code and fingerprint, the sent
//! store a file under its SHA-256; sealing hides values, not the keys they
//! lie under. So while the lock is on such an entry lies under
//! `#<base64url HMAC-SHA-256(store NUL name)>`, keyed by a random secret
//! of the lock's, kept sealed in `meta`/`names` and named in the manifest:
//! a write finds its entry again by the same name, and turning the lock off
//! names each entry again from what it holds. This copy's own key's
//! entries keep their fixed names, which say nothing.

use super::batch::Op;
use super::error::StorageError;
use super::keys::{entry_name, OWN_JWK, OWN_KEY, OWN_OFFICE};
use super::reports::sent_name;
use super::schema::{NAMES_KEY, STORE_KEYS, STORE_META, STORE_SENT};
use super::seal::{
    namer, object, place, random, remember_namer, seal_value, settle, subtle, tampered,
};
use super::store::Store;
use js_sys::{Array, ArrayBuffer, Uint8Array};
use taizhang_core::trust::base64url_encode;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

/// What a hidden name begins with. A plain name has no reason to (office
/// codes are letters, digits, `_` and `-`, hashes are hex, the own key's
/// names are words), but a key's office code comes from a file: a hidden
/// name is told by its whole form (`is_hidden_key`), and a key's plain name
/// holds a space besides.
const HIDDEN: &str = "#";
const SECRET_BYTES: usize = 32;
/// An HMAC-SHA-256 (32 bytes) in base64url without padding.
const HIDDEN_LENGTH: usize = 43;

/// Whether the entry `name` of `store` lies under a hidden name while the
/// lock is on.
fn hidden(store: &str, name: &str) -> bool {
    (store == STORE_KEYS && ![OWN_KEY, OWN_JWK, OWN_OFFICE].contains(&name)) || store == STORE_SENT
}

/// Whether `key` of `store` is a hidden name (not the name it stands for):
/// `#` and the 43 base64url characters of an HMAC-SHA-256, nothing else
/// (an office code from a file may begin with `#` too).
pub(super) fn is_hidden_key(key: &JsValue) -> bool {
    key.as_string().is_some_and(|k| {
        k.strip_prefix(HIDDEN).is_some_and(|mac| {
            mac.len() == HIDDEN_LENGTH
                && mac
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
    })
}

/// The name an entry of `store` lies under with the lock off, from its text.
pub(super) fn plain_name(store: &str, text: &str) -> Option<String> {
    match store {
        STORE_KEYS => entry_name(text),
        STORE_SENT => sent_name(text),
        _ => None,
    }
}

/// The secret as a key that signs (HMAC-SHA-256), not extractable.
async fn namer_from(secret: &[u8]) -> Result<CryptoKey, StorageError> {
    let algorithm = object(&[("name", "HMAC".into()), ("hash", "SHA-256".into())]);
    let key = settle(subtle()?.import_key_with_object(
        "raw",
        Uint8Array::from(secret).unchecked_ref(),
        &algorithm,
        false,
        &Array::of1(&"sign".into()),
    ))
    .await?;
    Ok(key.unchecked_into())
}

/// The hidden name of entry `name` of `store` under `namer`.
async fn hide(namer: &CryptoKey, store: &str, name: &str) -> Result<String, StorageError> {
    let mut message = store.as_bytes().to_vec();
    message.push(0);
    message.extend_from_slice(name.as_bytes());
    let mac = settle(subtle()?.sign_with_str_and_u8_array("HMAC", namer, &message)).await?;
    let mac = Uint8Array::new(&mac.unchecked_into::<ArrayBuffer>()).to_vec();
    Ok(format!("{HIDDEN}{}", base64url_encode(&mac)))
}

/// Where the value at `key` of `store` lies under the lock's names: the
/// one rule for writes (`entry_key`) and for the lock's rewrites.
pub(super) async fn key_under(
    namer: &CryptoKey,
    store: &str,
    key: &JsValue,
) -> Result<JsValue, StorageError> {
    match key.as_string() {
        Some(name) if hidden(store, &name) && !is_hidden_key(key) => {
            Ok(JsValue::from_str(&hide(namer, store, &name).await?))
        }
        _ => Ok(key.clone()),
    }
}

/// A new secret for a lock: the write that keeps it sealed under `key`, and
/// the HMAC key it makes (used once the write has landed: `remember_namer`).
pub(super) async fn new_names(key: &CryptoKey) -> Result<(Op, CryptoKey), StorageError> {
    let secret = random(SECRET_BYTES)?;
    let namer = namer_from(&secret).await?;
    let at = JsValue::from_str(NAMES_KEY);
    let value = seal_value(
        key,
        &Uint8Array::from(&secret[..]).into(),
        &place(STORE_META, &at),
    )
    .await?;
    let op = Op::Put {
        store: STORE_META,
        key: at,
        value,
    };
    Ok((op, namer))
}

impl Store {
    /// The key under which the entry `name` of `store` lies now.
    pub(super) async fn entry_key(&self, store: &str, name: &str) -> Result<JsValue, StorageError> {
        if !hidden(store, name) || self.app_lock.borrow().is_none() {
            return Ok(JsValue::from_str(name));
        }
        // Another tab may have hidden the names since this one read the
        // lock's record: read it again rather than write a plain name.
        if !self.app_lock.borrow().as_ref().is_some_and(|l| l.names) {
            self.read_lock_again().await?;
        }
        let names = self.app_lock.borrow().as_ref().is_some_and(|l| l.names);
        if !names {
            return Ok(JsValue::from_str(name));
        }
        let namer = self.namer().await?;
        key_under(&namer, store, &JsValue::from_str(name)).await
    }

    /// The lock's HMAC key, opened from `meta` the first time.
    async fn namer(&self) -> Result<CryptoKey, StorageError> {
        self.stored_namer()
            .await?
            .ok_or_else(|| tampered("the names' secret is gone"))
    }

    /// The HMAC key of the secret stored, if one is.
    pub(super) async fn stored_namer(&self) -> Result<Option<CryptoKey>, StorageError> {
        if let Some(namer) = namer() {
            return Ok(Some(namer));
        }
        match self.namer_opened().await {
            Err(error) => Err(self.stale_or(error).await),
            opened => opened,
        }
    }

    /// [`Store::stored_namer`] read and opened.
    async fn namer_opened(&self) -> Result<Option<CryptoKey>, StorageError> {
        let at = JsValue::from_str(NAMES_KEY);
        let Some(stored) = self.read_value(STORE_META, NAMES_KEY).await? else {
            return Ok(None);
        };
        let secret = self
            .unsealed_at(STORE_META, &at, &stored)
            .await?
            .dyn_into::<Uint8Array>()
            .map_err(|_| tampered("the names' secret is not bytes"))?
            .to_vec();
        if secret.len() != SECRET_BYTES {
            return Err(tampered("the names' secret is not 32 bytes"));
        }
        let namer = namer_from(&secret).await?;
        remember_namer(namer.clone());
        Ok(Some(namer))
    }
}
