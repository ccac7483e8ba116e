//! The import log and the files sent: read whole (a copy applies and sends a
//! few files a month), written one entry at a time.

use super::batch::put_text;
use super::batch::Op;
use super::error::StorageError;
use super::schema::{STORE_IMPORTS, STORE_SENT};
use super::store::Store;
use serde::de::DeserializeOwned;
use taizhang_core::reporting::{LogEntry, SentFile};

impl Store {
    /// Every applied import still logged, oldest first.
    pub async fn import_log(&self) -> Result<Vec<LogEntry>, StorageError> {
        let mut log: Vec<LogEntry> = self.read_all(STORE_IMPORTS).await?;
        log.sort_by(|a, b| a.applied_at.cmp(&b.applied_at));
        Ok(log)
    }

    /// Every file this copy wrote, oldest first.
    pub async fn sent_files(&self) -> Result<Vec<SentFile>, StorageError> {
        let mut sent: Vec<SentFile> = self.read_all(STORE_SENT).await?;
        sent.sort_by(|a, b| a.file.exported_at.cmp(&b.file.exported_at));
        Ok(sent)
    }

    /// Keeps (or replaces) a file sent, by its SHA-256.
    pub async fn record_sent(&self, sent: &SentFile) -> Result<(), StorageError> {
        let text = serde_json::to_string(sent).map_err(|e| StorageError::Failed(e.to_string()))?;
        let ops: Vec<Op> = vec![put_text(STORE_SENT, &sent.file.sha256, &text)];
        self.commit(&[STORE_SENT], ops).await
    }

    /// The JSON texts of a store, parsed (an entry that does not parse is left out).
    pub(super) async fn read_all<T: DeserializeOwned>(
        &self,
        store: &'static str,
    ) -> Result<Vec<T>, StorageError> {
        let (keys, values) = self.read_every(store).await?;
        let mut read = Vec::with_capacity(values.len());
        for (key, value) in keys.iter().zip(values) {
            let text = self.unsealed_at(store, key, &value).await?.as_string();
            read.extend(text.and_then(|text| serde_json::from_str(&text).ok()));
        }
        Ok(read)
    }
}
