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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    pub id: String,
    #[serde(flatten)]
    pub file: FileFacts,
    pub applied_at: Timestamp,
    pub counts: [usize; 6],
}

/// Read as written (the file's facts beside the entry's own fields), but
/// field by field: `flatten` reads through serde's buffering of any value,
/// 4 KB of wasm in the page's first download (the log is read at the start).
impl<'de> Deserialize<'de> for LogEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<LogEntry, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            id: String,
            file_name: String,
            sha256: String,
            source_office: Option<String>,
            exported_at: Option<Timestamp>,
            #[serde(default)]
            signed_by: Option<String>,
            applied_at: Timestamp,
            counts: [usize; 6],
        }
        let f = Fields::deserialize(deserializer)?;
        Ok(LogEntry {
            id: f.id,
            file: FileFacts {
                file_name: f.file_name,
                sha256: f.sha256,
                source_office: f.source_office,
                exported_at: f.exported_at,
                signed_by: f.signed_by,
            },
            applied_at: f.applied_at,
            counts: f.counts,
        })
    }
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

#[cfg(test)]
mod tests {
    use super::{FileFacts, LogEntry};
    use crate::Timestamp;

    fn entry(signed_by: Option<&str>, exported_at: Option<&str>) -> LogEntry {
        LogEntry {
            id: "import-1".into(),
            file: FileFacts {
                file_name: "430204.json".into(),
                sha256: "ab".repeat(32),
                source_office: Some("430204-court".into()),
                exported_at: exported_at.and_then(Timestamp::parse),
                signed_by: signed_by.map(str::to_owned),
            },
            applied_at: Timestamp::parse("2024-05-02T08:00:00Z").expect("a timestamp"),
            counts: [1, 2, 3, 4, 5, 6],
        }
    }

    #[test]
    fn an_entry_reads_back_as_written() {
        for e in [
            entry(Some("kid-1"), Some("2024-05-01T10:00:00Z")),
            entry(None, None),
        ] {
            let json = serde_json::to_string(&e).expect("written");
            assert_eq!(serde_json::from_str::<LogEntry>(&json).expect("read"), e);
        }
    }

    #[test]
    fn missing_options_are_none_and_other_fields_are_left() {
        let json = r#"{"id":"import-1","file_name":"430204.json","sha256":"abababababababababababababababababababababababababababababababab","source_office":"430204-court","applied_at":"2024-05-02T08:00:00Z","counts":[1,2,3,4,5,6],"later":true}"#;
        assert_eq!(
            serde_json::from_str::<LogEntry>(json).expect("read"),
            entry(None, None)
        );
        let bad = r#"{"id":"import-1","file_name":"x","sha256":"y","applied_at":"2024-05-02T08:00:00+08:00","counts":[1,2,3,4,5,6]}"#;
        assert!(serde_json::from_str::<LogEntry>(bad).is_err());
    }
}
