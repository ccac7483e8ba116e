//! The office keys this copy trusts for signed files, by fingerprint, and
//! this copy's own key: a WebCrypto key pair whose private key cannot be
//! exported, kept as the browser keeps CryptoKey objects (structured clone).

use super::batch::Op;
use super::error::StorageError;
use super::schema::STORE_KEYS;
use super::store::{put_text, Store};
use js_sys::{Object, Reflect};
use serde::{Deserialize, Serialize};
use taizhang_core::trust::{PublicJwk, TrustedKey};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

/// The own key's entry in the keys store (the trusted keys are text, it is an object).
const OWN_KEY: &str = "own";
/// Which office the own key was made for: text beside it, so that the app
/// lock seals it as it seals every text (the key's object cannot be sealed).
const OWN_OFFICE: &str = "own-office";

/// The text kept under [`OWN_OFFICE`].
#[derive(Serialize, Deserialize)]
struct MadeFor {
    office: String,
    kid: String,
}

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

    /// Withdraws the trust in `kid` for `office`: it verifies no new file
    /// (what it brought stays).
    /// The key is remembered as withdrawn, so that no roster brings it back
    /// (the user may still trust it again, by comparing its fingerprint).
    pub async fn withdraw_key(&self, office: &str, kid: &str) -> Result<(), StorageError> {
        let withdrawn = WithdrawnEntry {
            withdrawn: (office.to_owned(), kid.to_owned()),
        };
        let text =
            serde_json::to_string(&withdrawn).map_err(|e| StorageError::Failed(e.to_string()))?;
        let ops = vec![
            Op::Delete {
                store: STORE_KEYS,
                key: JsValue::from_str(&format!("{office} {kid}")),
            },
            put_text(STORE_KEYS, &format!("withdrawn {office} {kid}"), &text),
        ];
        self.commit(&[STORE_KEYS], ops).await
    }

    /// The keys withdrawn here, as (office, fingerprint).
    pub async fn withdrawn_keys(&self) -> Result<Vec<(String, String)>, StorageError> {
        let entries: Vec<WithdrawnEntry> = self.read_all(STORE_KEYS).await?;
        Ok(entries.into_iter().map(|e| e.withdrawn).collect())
    }

    /// The keys this copy signed with before a change of its own office:
    /// kept to recognise what they signed, never to sign.
    pub async fn former_keys(&self) -> Result<Vec<FormerKey>, StorageError> {
        let entries: Vec<FormerEntry> = self.read_all(STORE_KEYS).await?;
        Ok(entries.into_iter().map(|e| e.former).collect())
    }
}

/// How a withdrawn key is remembered beside the trusted ones (its one
/// member tells it apart, as a former key's does).
#[derive(Serialize, Deserialize)]
struct WithdrawnEntry {
    withdrawn: (String, String),
}

/// A key this copy signed with as `office` until it chose another own office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormerKey {
    pub office: Option<String>,
    pub kid: String,
    pub jwk: PublicJwk,
}

/// How a former key is kept beside the trusted ones (its one member tells
/// the two apart: a trusted key never reads as one, nor it as a trusted key).
#[derive(Serialize, Deserialize)]
struct FormerEntry {
    former: FormerKey,
}

/// This copy's own key as kept: the private key, which can sign but never
/// be read, and the public key as a JWK (what signed files carry).
pub struct OwnKey {
    pub private: CryptoKey,
    pub public: CryptoKey,
    pub jwk: PublicJwk,
    /// The office it was made for (a key kept before keys had one: none).
    pub office: Option<String>,
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
        let own = value.and_then(|entry| {
            let member = |name: &str| Reflect::get(&entry, &JsValue::from_str(name)).ok();
            let private = member("private")?.dyn_into::<CryptoKey>().ok()?;
            let public = member("public")?.dyn_into::<CryptoKey>().ok()?;
            let jwk: PublicJwk = serde_json::from_str(&member("jwk")?.as_string()?).ok()?;
            Some(OwnKey {
                private,
                public,
                jwk,
                office: None,
            })
        });
        let Some(mut own) = own else {
            return Ok(None);
        };
        let made_for = self.read_text(STORE_KEYS, OWN_OFFICE).await?;
        own.office = made_for
            .and_then(|text| serde_json::from_str::<MadeFor>(&text).ok())
            .filter(|m| m.kid == own.jwk.thumbprint())
            .map(|m| m.office);
        Ok(Some(own))
    }

    /// Keeps this copy's key, made for `key.office`: `{private, public,
    /// jwk}`, the keys as the browser clones them, the JWK as text, and the
    /// office it was made for as text beside it.
    /// The key it replaces (`retired`), if any, is kept as former in the
    /// same transaction.
    pub async fn save_own_key(
        &self,
        key: &OwnKey,
        retired: Option<FormerKey>,
    ) -> Result<(), StorageError> {
        let failed = |e: serde_json::Error| StorageError::Failed(e.to_string());
        let text = serde_json::to_string(&key.jwk).map_err(failed)?;
        let entry = Object::new();
        for (name, value) in [
            ("private", JsValue::from(&key.private)),
            ("public", JsValue::from(&key.public)),
            ("jwk", JsValue::from_str(&text)),
        ] {
            Reflect::set(&entry, &JsValue::from_str(name), &value)
                .map_err(|e| StorageError::Failed(format!("{e:?}")))?;
        }
        let mut ops = vec![Op::Put {
            store: STORE_KEYS,
            key: JsValue::from_str(OWN_KEY),
            value: entry.into(),
        }];
        if let Some(office) = &key.office {
            let made_for = MadeFor {
                office: office.clone(),
                kid: key.jwk.thumbprint(),
            };
            let text = serde_json::to_string(&made_for).map_err(failed)?;
            ops.push(put_text(STORE_KEYS, OWN_OFFICE, &text));
        }
        if let Some(former) = retired {
            let id = format!("former {}", former.kid);
            let text = serde_json::to_string(&FormerEntry { former }).map_err(failed)?;
            ops.push(put_text(STORE_KEYS, &id, &text));
        }
        self.commit(&[STORE_KEYS], ops).await
    }
}
