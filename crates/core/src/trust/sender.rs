//! Who a file says it comes from, and how far that is known: the preview
//! states it before anything is written.

use super::jwk::PublicJwk;
use serde::{Deserialize, Serialize};

/// How far a file's sender is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trust {
    /// Its signature verifies with a key this copy trusts for that office.
    Verified,
    /// Its signature verifies, but no roster or earlier trust names the key for that office.
    Unknown,
    /// It carries no signature (a file of a copy without a key, or of an older version).
    Unsigned,
}

impl Trust {
    /// The `data-trust` of the preview.
    pub fn key(self) -> &'static str {
        match self {
            Trust::Verified => "verified",
            Trust::Unknown => "unknown",
            Trust::Unsigned => "unsigned",
        }
    }
}

/// A key this copy trusts for an office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedKey {
    pub office: String,
    /// Its fingerprint.
    pub kid: String,
    pub jwk: PublicJwk,
}

/// The sender of a file as its preview shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    pub trust: Trust,
    /// The signing office and its key (none for an unsigned file).
    pub key: Option<TrustedKey>,
}

impl Default for Sender {
    fn default() -> Sender {
        Sender::unsigned()
    }
}

impl Sender {
    pub fn unsigned() -> Sender {
        Sender {
            trust: Trust::Unsigned,
            key: None,
        }
    }
}
