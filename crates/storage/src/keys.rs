//! The office keys this copy trusts for signed files, by fingerprint, and
//! this copy's own key: a WebCrypto key pair whose private key cannot be
//! exported, kept as the browser keeps CryptoKey objects (structured clone).

use super::batch::Op;
use super::error::StorageError;
use super::schema::STORE_KEYS;
use super::store::{put_text, Store};
use js_sys::{Object, Reflect};
use taizhang_core::trust::{PublicJwk, TrustedKey};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

/// The own key's entry in the keys store (the trusted keys are text, it is an object).
const OWN_KEY: &str = "own";

impl Store {
    /// Every key trusted for an office.
    pub async fn trusted_keys(&self) -> Result<Vec<TrustedKey>, StorageError> {
        self.read_all(STORE_KEYS).await
    }

    /// Trusts each key for its office from now on, all in one transaction (a
    /// key already trusted stays).
    pub async fn trust_keys(&self, keys: &[TrustedKey]) -> Result<(), StorageError> {
        let ops = keys
            .iter()
            .map(|key| {
                let text =
                    serde_json::to_string(key).map_err(|e| StorageError::Failed(e.to_string()))?;
                let id = format!("{} {}", key.office, key.kid);
                Ok(put_text(STORE_KEYS, &id, &text))
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        self.commit(&[STORE_KEYS], ops).await
    }
}

/// This copy's own key as kept: the private key, which can sign but never
/// be read, and the public key as a JWK (what signed files carry).
pub struct OwnKey {
    pub private: CryptoKey,
    pub jwk: PublicJwk,
}

impl Store {
    /// This copy's own key, once made.
    pub async fn own_key(&self) -> Result<Option<OwnKey>, StorageError> {
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
        Ok(value.and_then(|entry| {
            let member = |name: &str| Reflect::get(&entry, &JsValue::from_str(name)).ok();
            let private = member("private")?.dyn_into::<CryptoKey>().ok()?;
            let jwk = serde_json::from_str(&member("jwk")?.as_string()?).ok()?;
            Some(OwnKey { private, jwk })
        }))
    }

    /// Keeps this copy's key (made once, on its first need): `{private,
    /// public, jwk}`, the keys as the browser clones them, the JWK as text.
    pub async fn save_own_key(
        &self,
        private: &CryptoKey,
        public: &CryptoKey,
        jwk: &PublicJwk,
    ) -> Result<(), StorageError> {
        let text = serde_json::to_string(jwk).map_err(|e| StorageError::Failed(e.to_string()))?;
        let entry = Object::new();
        for (name, value) in [
            ("private", JsValue::from(private)),
            ("public", JsValue::from(public)),
            ("jwk", JsValue::from_str(&text)),
        ] {
            Reflect::set(&entry, &JsValue::from_str(name), &value)
                .map_err(|e| StorageError::Failed(format!("{e:?}")))?;
        }
        let op = Op::Put {
            store: STORE_KEYS,
            key: JsValue::from_str(OWN_KEY),
            value: entry.into(),
        };
        self.commit(&[STORE_KEYS], vec![op]).await
    }
}
