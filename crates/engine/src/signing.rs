//! Signing what this copy writes with its office key: ES256 by WebCrypto,
//! the private key made non-extractable on the first export and kept in the
//! database, so it never leaves the browser (no export, no logging). While
//! the app lock is on, a key is made extractable only to be wrapped at once
//! (its PKCS #8 bytes sealed under the data key) and used non-extractable. Where
//! the page is no secure context (plain http) there is no WebCrypto and no
//! key: files go unsigned, as before keys existed.

use super::database::open;
use super::digest::subtle;
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use taizhang_core::trust::{signed_file, Header, PublicJwk};
use taizhang_protocol::Failure;
use taizhang_storage::{FormerKey, OwnKey};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn object(pairs: &[(&str, &str)]) -> Object {
    let out = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&out, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    out
}

fn get(from: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(from, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined())
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Option<JsValue> {
    JsFuture::from(promise.ok()?).await.ok()
}

/// This copy's key for `office`, made on first need. A key signs only as
/// the office it was made for: when this copy has chosen another own office
/// since, a new key is made and the old one kept as former (it still
/// recognises what it signed). A key kept before keys named their office
/// is taken as made for the first office it signs as.
async fn own_key(subtle: &web_sys::SubtleCrypto, office: &str) -> Result<Option<OwnKey>, Failure> {
    let store = open().await?;
    let stored = store.own_key().await;
    let wrapped = store.app_lock().is_some();
    store.close();
    let stored = stored?;
    if let Some(key) = &stored {
        if key.office.as_deref() == Some(office) {
            return Ok(stored);
        }
    }
    let (made, retired, pkcs8) = match stored {
        // A key kept before keys named their office (never one kept wrapped).
        Some(key) if key.office.is_none() && !wrapped => (
            OwnKey {
                office: Some(office.to_owned()),
                ..key
            },
            None,
            None,
        ),
        stored => {
            let Some(NewKey {
                private,
                public,
                jwk,
                pkcs8,
            }) = new_key(subtle, wrapped).await
            else {
                return Ok(None);
            };
            let retired = stored.map(|old| FormerKey {
                kid: old.jwk.thumbprint(),
                office: old.office,
                jwk: old.jwk,
            });
            let made = OwnKey {
                private,
                public,
                jwk,
                office: Some(office.to_owned()),
            };
            (made, retired, pkcs8)
        }
    };
    let store = open().await?;
    let saved = store.save_own_key(&made, retired, pkcs8.as_deref()).await;
    store.close();
    saved?;
    Ok(Some(made))
}

/// A key pair just made: the private key to use (never extractable), and,
/// when it is to be kept wrapped, its PKCS #8 bytes.
struct NewKey {
    private: web_sys::CryptoKey,
    public: web_sys::CryptoKey,
    jwk: PublicJwk,
    pkcs8: Option<Vec<u8>>,
}

/// A new ECDSA P-256 key pair whose private key is not extractable: it can
/// be used, never read. `wrapped`: made extractable for its bytes to be
/// sealed (the app lock is on), then used as a non-extractable import of
/// them. `None` when the browser will not make one.
async fn new_key(subtle: &web_sys::SubtleCrypto, wrapped: bool) -> Option<NewKey> {
    let algorithm = object(&[("name", "ECDSA"), ("namedCurve", "P-256")]);
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pair = settle(subtle.generate_key_with_object(&algorithm, wrapped, &usages)).await?;
    let mut private: web_sys::CryptoKey = get(&pair, "privateKey")?.dyn_into().ok()?;
    let public: web_sys::CryptoKey = get(&pair, "publicKey")?.dyn_into().ok()?;
    let pkcs8 = if wrapped {
        let bytes = settle(subtle.export_key("pkcs8", &private))
            .await?
            .dyn_into::<ArrayBuffer>()
            .ok()
            .map(|buffer| Uint8Array::new(&buffer).to_vec())?;
        // Used as storage opens it after each unlock: imported non-extractable.
        private = taizhang_storage::import_private(&bytes).await.ok()?;
        Some(bytes)
    } else {
        None
    };
    let jwk = settle(subtle.export_key("jwk", &public)).await?;
    let text = |k: &str| get(&jwk, k).and_then(|v| v.as_string()).unwrap_or_default();
    let jwk = PublicJwk {
        kty: text("kty"),
        crv: text("crv"),
        x: text("x"),
        y: text("y"),
    };
    Some(NewKey {
        private,
        public,
        jwk,
        pkcs8,
    })
}

/// This copy's public key for `office`, made now if it has none (`None`
/// where the browser offers no WebCrypto).
pub async fn own_public_key(office: &str) -> Result<Option<PublicJwk>, Failure> {
    let Some(subtle) = subtle() else {
        return Ok(None);
    };
    Ok(own_key(&subtle, office).await?.map(|own| own.jwk))
}

/// `bytes` (a file of format `cty`) signed by this copy as `office`; as they
/// are where the browser offers no WebCrypto.
pub async fn sign(bytes: Vec<u8>, office: &str, cty: &str) -> Result<Vec<u8>, Failure> {
    let Some(subtle) = subtle() else {
        return Ok(bytes);
    };
    let Some(OwnKey { private, jwk, .. }) = own_key(&subtle, office).await? else {
        return Ok(bytes);
    };
    let header = Header::new(jwk, office, cty);
    let (protected, payload, input) = header.signing_input(&bytes);
    let algorithm = object(&[("name", "ECDSA"), ("hash", "SHA-256")]);
    let signature = settle(subtle.sign_with_object_and_u8_array(&algorithm, &private, &input))
        .await
        .and_then(|s| s.dyn_into::<ArrayBuffer>().ok())
        .map(|buffer| Uint8Array::new(&buffer).to_vec());
    match signature {
        Some(signature) if signature.len() == 64 => {
            Ok(signed_file(&protected, &payload, &signature).into_bytes())
        }
        _ => Err(Failure::CannotWrite(
            "the signature could not be made".into(),
        )),
    }
}
