//! The app lock's keys: a random data key seals what is stored; it is kept
//! only wrapped (AES-256-GCM) by a key derived from the passphrase
//! (PBKDF2-SHA-256) and by the recovery key, in the clear record `applock`
//! of `meta`. In memory it is a non-extractable CryptoKey.

use crate::error::StorageError;
use crate::seal::{decrypt, encrypt, object, random, settle, subtle, tampered};
use js_sys::{Array, Uint8Array};
use taizhang_core::trust::applock::{
    AppLock, WrappedKey, ITERATIONS, KDF, KEY_BYTES, SALT_BYTES, WRAPPING_AAD,
};
use taizhang_core::trust::base64url_encode;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

/// What unlocks: the passphrase, or the recovery key's 32 bytes.
pub enum Secret<'a> {
    Passphrase(&'a str),
    Recovery(&'a [u8; KEY_BYTES]),
}

fn usages() -> Array {
    Array::of2(&"encrypt".into(), &"decrypt".into())
}

/// The 32 bytes as a non-extractable AES-256-GCM key.
async fn aes_key(raw: &[u8]) -> Result<CryptoKey, StorageError> {
    let algorithm = object(&[("name", "AES-GCM".into())]);
    let data = Uint8Array::from(raw);
    let key = settle(subtle()?.import_key_with_object(
        "raw",
        data.unchecked_ref(),
        &algorithm,
        false,
        &usages(),
    ))
    .await?;
    Ok(key.unchecked_into())
}

/// The key-encryption key of a secret: PBKDF2 over the passphrase with the
/// record's salt and rounds, or the recovery key itself.
async fn wrapping_key(
    secret: &Secret<'_>,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, StorageError> {
    let passphrase = match secret {
        Secret::Recovery(bytes) => return aes_key(&bytes[..]).await,
        Secret::Passphrase(text) => text,
    };
    let subtle = subtle()?;
    let material = Uint8Array::from(passphrase.as_bytes());
    let base = settle(subtle.import_key_with_str(
        "raw",
        material.unchecked_ref(),
        "PBKDF2",
        false,
        &Array::of1(&"deriveKey".into()),
    ))
    .await?;
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", JsValue::from_f64(f64::from(iterations))),
    ]);
    let target = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let key = settle(subtle.derive_key_with_object_and_object(
        &params,
        base.unchecked_ref(),
        &target,
        false,
        &usages(),
    ))
    .await?;
    Ok(key.unchecked_into())
}

async fn wrap(
    raw: &[u8],
    secret: &Secret<'_>,
    salt: &[u8],
    iterations: u32,
) -> Result<WrappedKey, StorageError> {
    wrap_under(&wrapping_key(secret, salt, iterations).await?, raw).await
}

/// `raw` wrapped under `kek`, bound to the marks ([`WRAPPING_AAD`]).
async fn wrap_under(kek: &CryptoKey, raw: &[u8]) -> Result<WrappedKey, StorageError> {
    let sealed = encrypt(kek, raw, Some(WRAPPING_AAD)).await?;
    let (iv, body) = sealed.split_at(taizhang_core::trust::applock::IV_BYTES);
    Ok(WrappedKey::new(iv, body))
}

/// The data key as opened by a secret.
struct Opened {
    raw: Vec<u8>,
    kek: CryptoKey,
    /// The wrapping was bound to the marks; `false`: from before they were.
    bound: bool,
}

/// The raw data key `lock` wraps for `secret`; `WrongSecret` if it does not
/// open, `Tampered` if its wrapping states marks the record no longer has.
async fn unwrap_raw(lock: &AppLock, secret: &Secret<'_>) -> Result<Vec<u8>, StorageError> {
    Ok(open_wrapping(lock, secret).await?.raw)
}

async fn open_wrapping(lock: &AppLock, secret: &Secret<'_>) -> Result<Opened, StorageError> {
    let (salt, iterations) = lock
        .derivation()
        .ok_or_else(|| StorageError::Corrupt("the app lock's record".into()))?;
    let wrapped = match secret {
        Secret::Passphrase(_) => &lock.by_passphrase,
        Secret::Recovery(_) => &lock.by_recovery,
    };
    let (iv, body) = wrapped
        .parts()
        .ok_or_else(|| StorageError::Corrupt("the app lock's record".into()))?;
    let kek = wrapping_key(secret, &salt, iterations).await?;
    let mut sealed = iv;
    sealed.extend(body);
    let key_sized = |raw: Option<Vec<u8>>| raw.filter(|raw| raw.len() == KEY_BYTES);
    if let Some(raw) = key_sized(decrypt(&kek, &sealed, Some(WRAPPING_AAD)).await?) {
        if !lock.fully_marked() {
            let mut raw = raw;
            raw.fill(0);
            return Err(tampered("the app lock's marks were lowered"));
        }
        return Ok(Opened {
            raw,
            kek,
            bound: true,
        });
    }
    let raw = key_sized(decrypt(&kek, &sealed, None).await?).ok_or(StorageError::WrongSecret)?;
    Ok(Opened {
        raw,
        kek,
        bound: false,
    })
}

/// A new lock for `passphrase`: its record, the recovery key to show the
/// user once, and the data key (non-extractable) to seal with.
pub async fn new_app_lock(
    passphrase: &str,
) -> Result<(AppLock, [u8; KEY_BYTES], CryptoKey), StorageError> {
    let mut raw = random(KEY_BYTES)?;
    let recovery: [u8; KEY_BYTES] = random(KEY_BYTES)?
        .try_into()
        .map_err(|_| StorageError::NoCrypto)?;
    let salt = random(SALT_BYTES)?;
    let lock = AppLock {
        kdf: KDF.to_owned(),
        iterations: ITERATIONS,
        salt: base64url_encode(&salt),
        by_passphrase: wrap(&raw, &Secret::Passphrase(passphrase), &salt, ITERATIONS).await?,
        by_recovery: wrap(&raw, &Secret::Recovery(&recovery), &salt, ITERATIONS).await?,
        bound: true,
        manifest: true,
        names: true,
    };
    let key = aes_key(&raw).await;
    raw.fill(0);
    Ok((lock, recovery, key?))
}

/// What an unlock opened: the data key, and the secret's wrapping bound
/// to the marks when it was from before they were.
pub struct Unlocked {
    pub key: CryptoKey,
    pub rebinding: Option<Rebinding>,
}

/// A wrapping from before marks were bound, and the same data key wrapped
/// anew, bound: kept once the lock carries every mark (the first unlock's
/// steps made), so that marks lowered by hand are seen on the next unlock.
pub struct Rebinding {
    by_passphrase: bool,
    from: WrappedKey,
    to: WrappedKey,
}

impl Rebinding {
    /// `lock` with the wrapping bound, if the lock carries every mark and
    /// still holds the wrapping this was made from.
    pub(crate) fn applied_to(&self, lock: &AppLock) -> Option<AppLock> {
        let mut next = lock.clone();
        let slot = match self.by_passphrase {
            true => &mut next.by_passphrase,
            false => &mut next.by_recovery,
        };
        if !lock.fully_marked() || *slot != self.from {
            return None;
        }
        *slot = self.to.clone();
        Some(next)
    }
}

/// The data key `lock` wraps, opened by `secret`. Refused as tampered when
/// the wrapping states marks the record no longer carries.
pub async fn unlock(lock: &AppLock, secret: &Secret<'_>) -> Result<Unlocked, StorageError> {
    let mut opened = open_wrapping(lock, secret).await?;
    let rebinding = match opened.bound {
        true => Ok(None),
        false => wrap_under(&opened.kek, &opened.raw).await.map(|to| {
            let by_passphrase = matches!(secret, Secret::Passphrase(_));
            let from = match by_passphrase {
                true => lock.by_passphrase.clone(),
                false => lock.by_recovery.clone(),
            };
            Some(Rebinding {
                by_passphrase,
                from,
                to,
            })
        }),
    };
    let key = aes_key(&opened.raw).await;
    opened.raw.fill(0);
    Ok(Unlocked {
        key: key?,
        rebinding: rebinding?,
    })
}

/// `lock` with the data key wrapped under a new recovery key (the passphrase
/// opening it), and that recovery key to show once: the old one no longer
/// opens anything.
pub async fn new_recovery(
    lock: &AppLock,
    passphrase: &str,
) -> Result<(AppLock, [u8; KEY_BYTES]), StorageError> {
    let mut raw = unwrap_raw(lock, &Secret::Passphrase(passphrase)).await?;
    let mut recovery = [0u8; KEY_BYTES];
    recovery.copy_from_slice(&random(KEY_BYTES)?);
    let (salt, iterations) = lock
        .derivation()
        .ok_or_else(|| StorageError::Corrupt("the app lock's record".into()))?;
    let by_recovery = wrap(&raw, &Secret::Recovery(&recovery), &salt, iterations).await;
    raw.fill(0);
    let mut next = lock.clone();
    next.by_recovery = by_recovery?;
    Ok((next, recovery))
}

/// `lock` with the data key wrapped for `new` instead of `current` (a new
/// salt; the recovery key's wrapping stays).
pub async fn rewrapped(lock: &AppLock, current: &str, new: &str) -> Result<AppLock, StorageError> {
    let mut raw = unwrap_raw(lock, &Secret::Passphrase(current)).await?;
    let salt = random(SALT_BYTES)?;
    let by_passphrase = wrap(&raw, &Secret::Passphrase(new), &salt, ITERATIONS).await;
    raw.fill(0);
    let mut next = lock.clone();
    // The recovery key is used directly, so a new salt does not touch its wrapping.
    next.salt = base64url_encode(&salt);
    next.iterations = ITERATIONS;
    next.by_passphrase = by_passphrase?;
    Ok(next)
}
