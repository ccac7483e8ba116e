//! The app lock (data at rest): what is kept in the clear so that the data
//! key can be unwrapped — the key derivation's parameters and the data key
//! wrapped twice, by the passphrase and by the recovery key — and the rules
//! a user meets: the passphrase's length, the recovery key as text, the
//! pause after wrong tries, the idle time.

use crate::trust::password::password_is_long_enough;
use crate::trust::{base64url_decode, base64url_encode};
use serde::{Deserialize, Serialize};

/// PBKDF2-SHA-256 rounds for a new lock: OWASP's figure for 2023 on.
pub const ITERATIONS: u32 = 600_000;
/// A record asking fewer is not ours; more than this would hang the page
/// (a tampered record cannot make unlocking take minutes).
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Minutes without a key press or click before the app locks itself.
pub const DEFAULT_IDLE_MINUTES: u32 = 15;
/// Bytes of the data key and of the recovery key (AES-256).
pub const KEY_BYTES: usize = 32;
/// Bytes of an AES-GCM nonce and of the salt.
pub const IV_BYTES: usize = 12;
pub const SALT_BYTES: usize = 16;

/// The data key encrypted (AES-256-GCM) under a key-encryption key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrappedKey {
    /// base64url of the 12-byte nonce.
    pub iv: String,
    /// base64url of the encrypted data key with its tag.
    pub key: String,
}

impl WrappedKey {
    pub fn new(iv: &[u8], wrapped: &[u8]) -> WrappedKey {
        WrappedKey {
            iv: base64url_encode(iv),
            key: base64url_encode(wrapped),
        }
    }

    /// The nonce and the wrapped bytes, if both read and the nonce has its size.
    pub fn parts(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        let iv = base64url_decode(&self.iv).filter(|iv| iv.len() == IV_BYTES)?;
        Some((iv, base64url_decode(&self.key)?))
    }
}

/// Kept in the clear while the lock is on: enough to unwrap the data key
/// with the passphrase or the recovery key, nothing that reveals either.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppLock {
    /// Always "PBKDF2-SHA-256".
    pub kdf: String,
    pub iterations: u32,
    /// base64url of the random salt.
    pub salt: String,
    pub by_passphrase: WrappedKey,
    pub by_recovery: WrappedKey,
    /// Every value is sealed bound to where it lies (the AES-GCM additional
    /// data is its store and key). A lock turned on before that was so is
    /// bound on its first unlock.
    #[serde(default)]
    pub bound: bool,
    /// A sealed manifest names the nonce of every ledger block, the settings
    /// and every key stored, so that an older sealed copy put back is
    /// refused. A lock turned on before the manifest gets one on its first
    /// unlock.
    #[serde(default)]
    pub manifest: bool,
    /// Trusted keys and files sent lie under names that say nothing (an
    /// HMAC of the office code and fingerprint, of the file's SHA-256). A
    /// lock turned on before that gets them on its first unlock.
    #[serde(default)]
    pub names: bool,
}

pub const KDF: &str = "PBKDF2-SHA-256";

/// The additional data every wrapping of the data key is bound to (AES-GCM),
/// since marks were bound: it states the marks a record must carry. A
/// wrapping that opens with it in a record whose marks say less had them
/// lowered by hand (so that the next unlock would take older values as a
/// lock from an earlier version); a wrapping from before opens without it.
pub const WRAPPING_AAD: &[u8] = b"taizhang app lock: bound, manifest, names";

impl AppLock {
    /// Whether the record carries every mark (what a bound wrapping states).
    pub fn fully_marked(&self) -> bool {
        self.bound && self.manifest && self.names
    }

    /// The salt and rounds to derive the passphrase's key with, when the
    /// record is one this app writes.
    pub fn derivation(&self) -> Option<(Vec<u8>, u32)> {
        let sane = self.kdf == KDF && (ITERATIONS..=MAX_ITERATIONS).contains(&self.iterations);
        let salt = base64url_decode(&self.salt).filter(|s| s.len() >= SALT_BYTES)?;
        sane.then_some((salt, self.iterations))
    }
}

/// Why a new passphrase is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PassphraseProblem {
    #[error("the passphrase is shorter than 8 characters")]
    TooShort,
    #[error("the two passphrases differ")]
    Different,
}

/// A new passphrase, typed twice.
pub fn check_new_passphrase(first: &str, second: &str) -> Result<(), PassphraseProblem> {
    if !password_is_long_enough(first) {
        return Err(PassphraseProblem::TooShort);
    }
    if first != second {
        return Err(PassphraseProblem::Different);
    }
    Ok(())
}

/// RFC 4648 base32: letters and the digits 2–7, none two people confuse
/// when one reads it out and the other types it.
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const GROUP: usize = 4;

/// The recovery key as a person writes it down: 52 characters of base32 in
/// groups of four (`ABCD-EFGH-…`).
pub fn recovery_text(key: &[u8; KEY_BYTES]) -> String {
    let mut digits = Vec::with_capacity(KEY_BYTES * 8 / 5 + 1);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in key {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            digits.push(ALPHABET[((buffer >> bits) & 31) as usize]);
        }
    }
    if bits > 0 {
        digits.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize]);
    }
    digits
        .chunks(GROUP)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The key a recovery text stands for, whatever its case, spaces and
/// dashes; `None` if it is not one.
pub fn read_recovery(text: &str) -> Option<[u8; KEY_BYTES]> {
    let mut out = Vec::with_capacity(KEY_BYTES);
    let (mut buffer, mut bits) = (0u32, 0u32);
    let mut count = 0;
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let upper = c.to_ascii_uppercase() as u32;
        let value = ALPHABET.iter().position(|&a| u32::from(a) == upper)?;
        buffer = (buffer << 5) | value as u32;
        bits += 5;
        count += 1;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    // 52 digits: 256 bits and four of padding, which must be zero.
    let padding_clear = buffer & ((1 << bits) - 1) == 0;
    (count == 52 && padding_clear)
        .then(|| out.try_into().ok())
        .flatten()
}

/// Seconds to wait before the next try after `failures` wrong ones in a
/// row: none for the first two (a typo), then doubling to a minute.
pub fn pause_after(failures: u32) -> u32 {
    match failures {
        0..=2 => 0,
        n => (1u32 << (n - 2).min(6)).min(60),
    }
}

/// Whether the page, last used at `last_active_ms`, is now (`now_ms`) idle
/// for `minutes` or longer.
pub fn idle_for(last_active_ms: f64, now_ms: f64, minutes: u32) -> bool {
    now_ms - last_active_ms >= f64::from(minutes) * 60_000.0
}
