//! The office keys this copy trusts for signed files, by fingerprint, and
//! this copy's own key: a WebCrypto key pair whose private key cannot be
//! exported, kept as the browser keeps CryptoKey objects (structured clone).
//! While the app lock is on the private key is kept only wrapped: its PKCS #8
//! bytes sealed under the data key like any value, so a locked page (or
//! code of one's own against the database) has no key that signs; it is
//! imported non-extractable when the page or an engine needs it, unlocked.

use super::batch::put_text;
use super::batch::Op;
use super::error::StorageError;
use super::reports::parsed;
use super::schema::STORE_KEYS;
use super::store::Store;
use js_sys::{Object, Reflect};
use serde::{Deserialize, Serialize};
use taizhang_core::trust::{PublicJwk, TrustedKey};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

/// The own key's entry in the keys store (the trusted keys are text, it is an
/// object; while the lock is on, sealed PKCS #8 bytes).
pub(super) const OWN_KEY: &str = "own";
/// The own key's public JWK while the lock is on (sealed text).
pub(super) const OWN_JWK: &str = "own-jwk";
/// Which office the own key was made for: text beside it, so that the app
/// lock seals it as it seals every text (the key's object cannot be sealed).
pub(super) const OWN_OFFICE: &str = "own-office";

/// The text kept under [`OWN_OFFICE`].
#[derive(Serialize, Deserialize)]
struct MadeFor {
    office: String,
    kid: String,
}

impl Store {
    /// The own key's entry as stored (an object, or sealed bytes).
    async fn own_entry(&self) -> Result<Option<JsValue>, StorageError> {
        self.read_value(STORE_KEYS, OWN_KEY).await
    }

    /// Every key trusted for an office.
    pub async fn trusted_keys(&self) -> Result<Vec<TrustedKey>, StorageError> {
        Ok(trusted_from(&self.key_texts().await?))
    }

    /// The keys store's entries as stored: the keys trusted, withdrawn and
    /// former (checked and opened, not yet read as JSON: see `trusted_from`).
    pub async fn key_texts(&self) -> Result<Vec<String>, StorageError> {
        self.texts_of(STORE_KEYS).await
    }

    /// Trusts each key for its office from now on, all in one transaction (a
    /// key already trusted stays).
    pub async fn trust_keys(&self, keys: &[TrustedKey]) -> Result<(), StorageError> {
        let ops_named = keys
            .iter()
            .map(|key| {
                let text =
                    serde_json::to_string(key).map_err(|e| StorageError::Failed(e.to_string()))?;
                Ok((trusted_name(&key.office, &key.kid), text))
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        let mut ops = Vec::new();
        for (name, text) in ops_named {
            ops.push(Op::Put {
                store: STORE_KEYS,
                key: JsValue::from_str(&name),
                value: JsValue::from_str(&text),
            });
        }
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
                key: JsValue::from_str(&trusted_name(office, kid)),
            },
            Op::Put {
                store: STORE_KEYS,
                key: JsValue::from_str(&withdrawn_name(office, kid)),
                value: JsValue::from_str(&text),
            },
        ];
        self.commit(&[STORE_KEYS], ops).await
    }

    /// The keys withdrawn here, as (office, fingerprint).
    pub async fn withdrawn_keys(&self) -> Result<Vec<(String, String)>, StorageError> {
        let entries: Vec<WithdrawnEntry> = parsed(&self.key_texts().await?);
        Ok(entries.into_iter().map(|e| e.withdrawn).collect())
    }

    /// The keys this copy signed with before a change of its own office:
    /// kept to recognise what they signed, never to sign.
    pub async fn former_keys(&self) -> Result<Vec<FormerKey>, StorageError> {
        let entries: Vec<FormerEntry> = parsed(&self.key_texts().await?);
        Ok(entries.into_iter().map(|e| e.former).collect())
    }
}

/// The keys trusted read from the keys store's texts (`Store::key_texts`).
pub fn trusted_from(texts: &[String]) -> Vec<TrustedKey> {
    parsed(texts)
}

/// The name a trusted key's entry lies under (the lock off).
fn trusted_name(office: &str, kid: &str) -> String {
    format!("{office} {kid}")
}

/// The name a withdrawn key's entry lies under (the lock off).
fn withdrawn_name(office: &str, kid: &str) -> String {
    format!("withdrawn {office} {kid}")
}

/// The name a former own key's entry lies under (the lock off).
pub(super) fn former_name(kid: &str) -> String {
    format!("former {kid}")
}

/// The name the entry whose text is `text` lies under with the lock off
/// (a trusted, withdrawn or former key; the own key's entries have fixed names).
pub(super) fn entry_name(text: &str) -> Option<String> {
    if let Ok(entry) = serde_json::from_str::<WithdrawnEntry>(text) {
        let (office, kid) = entry.withdrawn;
        return Some(withdrawn_name(&office, &kid));
    }
    if let Ok(entry) = serde_json::from_str::<FormerEntry>(text) {
        return Some(former_name(&entry.former.kid));
    }
    let key: TrustedKey = serde_json::from_str(text).ok()?;
    Some(trusted_name(&key.office, &key.kid))
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
    /// This copy's own key, once made. While the lock is on it is opened
    /// from its sealed PKCS #8 bytes (the data key needed); a plain key
    /// object then is refused as tampered, never used.
    pub async fn own_key(&self) -> Result<Option<OwnKey>, StorageError> {
        let key = JsValue::from_str(OWN_KEY);
        let Some(entry) = self.own_entry().await? else {
            return Ok(None);
        };
        let locked = self.app_lock().is_some();
        let own = if super::seal::is_sealed(&entry) {
            let pkcs8 = self.block_at(STORE_KEYS, &key, &entry).await?;
            let Some(jwk) = self.read_text(STORE_KEYS, OWN_JWK).await? else {
                return Err(StorageError::Corrupt("the own key without its JWK".into()));
            };
            let jwk: PublicJwk =
                serde_json::from_str(&jwk).map_err(|e| StorageError::Corrupt(e.to_string()))?;
            Some(OwnKey {
                private: import_private(&pkcs8).await?,
                public: import_public(&jwk).await?,
                jwk,
                office: None,
            })
        } else if locked {
            return Err(StorageError::Tampered(
                "a plain office key while the lock is on".into(),
            ));
        } else {
            let member = |name: &str| Reflect::get(&entry, &JsValue::from_str(name)).ok();
            (|| {
                let private = member("private")?.dyn_into::<CryptoKey>().ok()?;
                let public = member("public")?.dyn_into::<CryptoKey>().ok()?;
                let jwk: PublicJwk = serde_json::from_str(&member("jwk")?.as_string()?).ok()?;
                Some(OwnKey {
                    private,
                    public,
                    jwk,
                    office: None,
                })
            })()
        };
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

    /// This copy's plain key (the lock off, or a lock from before keys were
    /// wrapped), as the former key it becomes when the lock goes on — a
    /// non-extractable key cannot be wrapped — with its key in the store:
    /// kept as former, what it signed is still recognised, and the next
    /// signing makes a new, wrapped one.
    pub(super) async fn plain_own_key_as_former(
        &self,
    ) -> Result<Option<(JsValue, JsValue)>, StorageError> {
        let jwk = self
            .own_entry()
            .await?
            .filter(|v| !super::seal::is_sealed(v))
            .and_then(|entry| Reflect::get(&entry, &JsValue::from_str("jwk")).ok())
            .and_then(|j| j.as_string())
            .and_then(|j| serde_json::from_str::<PublicJwk>(&j).ok());
        let Some(jwk) = jwk else {
            return Ok(None);
        };
        let kid = jwk.thumbprint();
        let office = match self.read_text(STORE_KEYS, OWN_OFFICE).await {
            Ok(text) => text
                .and_then(|t| serde_json::from_str::<MadeFor>(&t).ok())
                .filter(|m| m.kid == kid)
                .map(|m| m.office),
            Err(_) => None,
        };
        let former = FormerKey {
            kid: kid.clone(),
            office,
            jwk,
        };
        let text = serde_json::to_string(&FormerEntry { former })
            .map_err(|e| StorageError::Failed(e.to_string()))?;
        Ok(Some((
            JsValue::from_str(&former_name(&kid)),
            JsValue::from_str(&text),
        )))
    }

    /// While the lock goes off: the own key's entry (its sealed PKCS #8
    /// bytes, opened as `pkcs8`) as the plain entry of non-extractable keys.
    pub(super) async fn own_key_entry_unwrapped(
        &self,
        pkcs8: &[u8],
    ) -> Result<JsValue, StorageError> {
        let jwk = self
            .read_text(STORE_KEYS, OWN_JWK)
            .await?
            .ok_or_else(|| StorageError::Corrupt("the own key without its JWK".into()))?;
        let parsed: PublicJwk =
            serde_json::from_str(&jwk).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let private = import_private(pkcs8).await?;
        let public = import_public(&parsed).await?;
        Ok(key_entry(&private, &public, &jwk)?.into())
    }

    /// Keeps this copy's key, made for `key.office`: `{private, public,
    /// jwk}`, the keys as the browser clones them, the JWK as text, and the
    /// office it was made for as text beside it.
    /// The key it replaces (`retired`), if any, is kept as former in the
    /// same transaction.
    /// While the lock is on, `pkcs8` (the private key's bytes, from a key
    /// made extractable for this once) is what is kept, sealed.
    pub async fn save_own_key(
        &self,
        key: &OwnKey,
        retired: Option<FormerKey>,
        pkcs8: Option<&[u8]>,
    ) -> Result<(), StorageError> {
        let failed = |e: serde_json::Error| StorageError::Failed(e.to_string());
        let text = serde_json::to_string(&key.jwk).map_err(failed)?;
        let mut ops = if self.app_lock().is_some() {
            let pkcs8 = pkcs8.ok_or_else(|| {
                StorageError::Failed("the office key cannot be wrapped while locked".into())
            })?;
            vec![
                Op::Put {
                    store: STORE_KEYS,
                    key: JsValue::from_str(OWN_KEY),
                    value: js_sys::Uint8Array::from(pkcs8).into(),
                },
                put_text(STORE_KEYS, OWN_JWK, &text),
            ]
        } else {
            vec![Op::Put {
                store: STORE_KEYS,
                key: JsValue::from_str(OWN_KEY),
                value: key_entry(&key.private, &key.public, &text)?.into(),
            }]
        };
        if let Some(office) = &key.office {
            let made_for = MadeFor {
                office: office.clone(),
                kid: key.jwk.thumbprint(),
            };
            let text = serde_json::to_string(&made_for).map_err(failed)?;
            ops.push(put_text(STORE_KEYS, OWN_OFFICE, &text));
        }
        if let Some(former) = retired {
            let name = former_name(&former.kid);
            let text = serde_json::to_string(&FormerEntry { former }).map_err(failed)?;
            ops.push(Op::Put {
                store: STORE_KEYS,
                key: JsValue::from_str(&name),
                value: JsValue::from_str(&text),
            });
        }
        self.commit(&[STORE_KEYS], ops).await
    }
}

/// The own key's entry while the lock is off: the keys as the browser clones them, the JWK as text.
pub(super) fn key_entry(
    private: &CryptoKey,
    public: &CryptoKey,
    jwk: &str,
) -> Result<Object, StorageError> {
    let entry = Object::new();
    for (name, value) in [
        ("private", JsValue::from(private)),
        ("public", JsValue::from(public)),
        ("jwk", JsValue::from_str(jwk)),
    ] {
        Reflect::set(&entry, &JsValue::from_str(name), &value)
            .map_err(|e| StorageError::Failed(format!("{e:?}")))?;
    }
    Ok(entry)
}

fn ecdsa() -> Object {
    super::seal::object(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())])
}

/// The private key of PKCS #8 `bytes`, non-extractable: it signs, is never read.
pub async fn import_private(bytes: &[u8]) -> Result<CryptoKey, StorageError> {
    let data = js_sys::Uint8Array::from(bytes);
    let key = super::seal::settle(super::seal::subtle()?.import_key_with_object(
        "pkcs8",
        data.unchecked_ref(),
        &ecdsa(),
        false,
        &js_sys::Array::of1(&"sign".into()),
    ))
    .await?;
    Ok(key.unchecked_into())
}

/// The public key of `jwk`.
pub(super) async fn import_public(jwk: &PublicJwk) -> Result<CryptoKey, StorageError> {
    let object = super::seal::object(&[
        ("kty", jwk.kty.as_str().into()),
        ("crv", jwk.crv.as_str().into()),
        ("x", jwk.x.as_str().into()),
        ("y", jwk.y.as_str().into()),
    ]);
    let key = super::seal::settle(super::seal::subtle()?.import_key_with_object(
        "jwk",
        &object,
        &ecdsa(),
        true,
        &js_sys::Array::of1(&"verify".into()),
    ))
    .await?;
    Ok(key.unchecked_into())
}
