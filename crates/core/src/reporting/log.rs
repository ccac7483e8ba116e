//! What the import log keeps of each applied file, and what this copy keeps
//! of each file it wrote.

use super::receipt::Receipt;
use crate::trust::{Trust, TrustedKey};
use crate::{Day, Timestamp};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// SHA-256 of a file's bytes.
pub fn sha256(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

/// SHA-256 of a file's bytes, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    sha256(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// What identifies a file received or sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    pub file_name: String,
    pub sha256: String,
    pub source_office: Option<String>,
    pub exported_at: Option<Timestamp>,
    /// The fingerprint of the key that signed it (none for an unsigned file):
    /// reporting counts a file whose key is trusted for its sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<String>,
}

impl FileFacts {
    /// The UTC day it was exported.
    pub fn exported_on(&self) -> Option<Day> {
        self.exported_at.as_ref().and_then(Timestamp::day)
    }

    /// How far its sender is known, given the keys this copy trusts now (a
    /// key trusted after the file came counts from then on).
    pub fn trust(&self, trusted: &[TrustedKey]) -> Trust {
        match (&self.signed_by, &self.source_office) {
            (None, _) => Trust::Unsigned,
            (Some(kid), Some(office))
                if trusted.iter().any(|k| &k.kid == kid && &k.office == office) =>
            {
                Trust::Verified
            }
            (Some(_), _) => Trust::Unknown,
        }
    }
}

/// One applied import: the file, when, and what it did (`Outcome::ALL` order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub id: String,
    #[serde(flatten)]
    pub file: FileFacts,
    pub applied_at: Timestamp,
    pub counts: [usize; 6],
}

/// A file this copy wrote, and its receipt once one came back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentFile {
    #[serde(flatten)]
    pub file: FileFacts,
    pub receipt: Option<Receipt>,
    /// Records (offices included) in an exchange file, which its receipt's
    /// counts must add up to; unknown for workbooks and files kept before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<usize>,
}
