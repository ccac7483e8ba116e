//! The office keys this copy trusts for signed files, by fingerprint, and
//! this copy's own key: a WebCrypto key pair whose private key cannot be
//! exported, kept as the browser keeps CryptoKey objects (structured clone).

use super::batch::{self, Op};
use super::error::StorageError;
use super::schema::STORE_KEYS;
use super::store::{put_text, Store};
use taizhang_core::trust::TrustedKey;
use wasm_bindgen::JsValue;

/// The own key's entry in the keys store (the trusted keys are text, it is an object).
const OWN_KEY: &str = "own";

impl Store {
    /// Every key trusted for an office.
    pub async fn trusted_keys(&self) -> Result<Vec<TrustedKey>, StorageError> {
        self.read_all(STORE_KEYS).await
    }

    /// Trusts `key` for its office from now on (a key already trusted stays).
    pub async fn trust_key(&self, key: &TrustedKey) -> Result<(), StorageError> {
        let text = serde_json::to_string(key).map_err(|e| StorageError::Failed(e.to_string()))?;
        let id = format!("{} {}", key.office, key.kid);
        batch::commit(
            &self.raw,
            &[STORE_KEYS],
            vec![put_text(STORE_KEYS, &id, &text)],
        )
        .await
    }
}

impl Store {
    /// This copy's key pair and public JWK (`{private, public, jwk}`), once made.
    pub async fn own_key(&self) -> Result<Option<JsValue>, StorageError> {
        let value = self
            .db
            .transaction(&[STORE_KEYS])
            .run(|t| async move {
                t.object_store(STORE_KEYS)?
                    .get(&JsValue::from_str(OWN_KEY))
                    .await
            })
            .await
            .map_err(super::error::from_idb)?;
        Ok(value.filter(|v| v.is_object()))
    }

    /// Keeps this copy's key (made once, on its first need).
    pub async fn save_own_key(&self, entry: JsValue) -> Result<(), StorageError> {
        let op = Op::Put {
            store: STORE_KEYS,
            key: JsValue::from_str(OWN_KEY),
            value: entry,
        };
        batch::commit(&self.raw, &[STORE_KEYS], vec![op]).await
    }
}
