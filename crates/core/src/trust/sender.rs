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

/// A key this copy trusts for an office (as a roster lists it: office,
/// fingerprint and public key; as kept here, also where it came from and when).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedKey {
    pub office: String,
    /// Its fingerprint.
    pub kid: String,
    pub jwk: PublicJwk,
    /// The file or roster it was trusted from (kept here only; never in a roster).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<crate::Timestamp>,
    /// The office whose roster vouched for it, where that is not its own:
    /// an office this copy does not know yet may hang only under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vouched_by: Option<String>,
}

impl TrustedKey {
    /// The key as a roster lists it (where it came from stays here).
    pub fn listed(&self) -> TrustedKey {
        TrustedKey {
            from: None,
            since: None,
            vouched_by: None,
            ..self.clone()
        }
    }

    /// The key as kept, trusted from `from` at `since`.
    pub fn trusted_from(self, from: &str, since: crate::Timestamp) -> TrustedKey {
        TrustedKey {
            from: Some(from.to_owned()),
            since: Some(since),
            ..self
        }
    }
}

/// The sender of a file as its preview shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    pub trust: Trust,
    /// The signing office and its key (none for an unsigned file).
    pub key: Option<TrustedKey>,
    /// Signed by this copy's own key, now or before a change of its own
    /// office: such a file never approves or acknowledges anything here.
    #[serde(default)]
    pub own: bool,
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
            own: false,
        }
    }
}
