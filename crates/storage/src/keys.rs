//! The office keys this copy trusts for signed files, by fingerprint.

use super::batch;
use super::error::StorageError;
use super::schema::STORE_KEYS;
use super::store::{put_text, Store};
use taizhang_core::trust::TrustedKey;

impl Store {
    /// Every key trusted for an office.
    pub async fn trusted_keys(&self) -> Result<Vec<TrustedKey>, StorageError> {
        self.read_all(STORE_KEYS).await
    }

    /// Trusts `key` for its office from now on (a key already trusted stays).
    pub async fn trust_key(&self, key: &TrustedKey) -> Result<(), StorageError> {
        let text = serde_json::to_string(key).map_err(|e| StorageError::Failed(e.to_string()))?;
        let id = format!("{} {}", key.office, key.kid);
        batch::commit(
            &self.raw,
            &[STORE_KEYS],
            vec![put_text(STORE_KEYS, &id, &text)],
        )
        .await
    }
}
