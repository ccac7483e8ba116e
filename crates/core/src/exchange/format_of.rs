//! Which small JSON file a file says it is, by its `format` member: a
//! receipt, a roster. A large file is not parsed a first time only to learn
//! that it is not one (an exchange file of 300 MB would be).

use serde::Deserialize;

/// Whether `bytes`, at most `max_bytes` long, are a JSON object whose
/// `format` is `format`.
pub fn says_format(bytes: &[u8], max_bytes: usize, format: &str) -> bool {
    #[derive(Deserialize)]
    struct Format {
        format: Option<serde_json::Value>,
    }
    bytes.len() <= max_bytes
        && serde_json::from_slice::<Format>(bytes)
            .is_ok_and(|head| head.format.as_ref().and_then(|f| f.as_str()) == Some(format))
}
