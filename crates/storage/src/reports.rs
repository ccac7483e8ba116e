//! The import log and the files sent: read whole (a copy applies and sends a
//! few files a month), written one entry at a time.

use super::batch::Op;
use super::error::StorageError;
use super::keys::OWN_KEY;
use super::schema::{STORE_IMPORTS, STORE_KEYS, STORE_SENT};
use super::store::Store;
use serde::de::DeserializeOwned;
use taizhang_core::base::order;
use taizhang_core::reporting::{LogEntry, SentFile};
use wasm_bindgen::JsValue;

impl Store {
    /// Every applied import still logged, oldest first.
    pub async fn import_log(&self) -> Result<Vec<LogEntry>, StorageError> {
        Ok(log_from(&self.log_texts().await?))
    }

    /// The import log as stored (checked and opened, not yet read as JSON:
    /// see `log_from`).
    pub async fn log_texts(&self) -> Result<Vec<String>, StorageError> {
        self.texts_of(STORE_IMPORTS).await
    }

    /// Every file this copy wrote, oldest first.
    pub async fn sent_files(&self) -> Result<Vec<SentFile>, StorageError> {
        Ok(sent_from(&self.sent_texts().await?))
    }

    /// The files sent as stored (checked and opened, not yet read as JSON:
    /// see `sent_from`).
    pub async fn sent_texts(&self) -> Result<Vec<String>, StorageError> {
        self.texts_of(STORE_SENT).await
    }

    /// Keeps (or replaces) a file sent, by its SHA-256.
    pub async fn record_sent(&self, sent: &SentFile) -> Result<(), StorageError> {
        let text = serde_json::to_string(sent).map_err(|e| StorageError::Failed(e.to_string()))?;
        let ops: Vec<Op> = vec![Op::Put {
            store: STORE_SENT,
            key: JsValue::from_str(&sent.file.sha256),
            value: JsValue::from_str(&text),
        }];
        self.commit(&[STORE_SENT], ops).await
    }

    /// The JSON texts of a store, each checked and opened where it lies.
    pub(super) async fn texts_of(&self, store: &'static str) -> Result<Vec<String>, StorageError> {
        let (keys, values) = self.read_every(store).await?;
        let mut texts = Vec::with_capacity(values.len());
        for (key, value) in keys.iter().zip(values) {
            // This copy's own key is no text (a key object, or sealed bytes).
            if store == STORE_KEYS && key.as_string().as_deref() == Some(OWN_KEY) {
                continue;
            }
            texts.push(self.text_at(store, key, &value).await?);
        }
        Ok(texts)
    }
}

/// The JSON texts of a store read (`Store::texts_of`); an entry that does
/// not parse (another kind of entry in the same store) is left out.
pub(super) fn parsed<T: DeserializeOwned>(texts: &[String]) -> Vec<T> {
    texts
        .iter()
        .filter_map(|text| serde_json::from_str(text).ok())
        .collect()
}

/// The import log read from its stored texts (`Store::log_texts`), oldest first.
pub fn log_from(texts: &[String]) -> Vec<LogEntry> {
    let mut log: Vec<LogEntry> = parsed(texts);
    order::sort_by(&mut log, |a, b| a.applied_at.cmp(&b.applied_at));
    log
}

/// The files sent read from their stored texts (`Store::sent_texts`), oldest
/// first; a text that does not parse is left out.
pub fn sent_from(texts: &[String]) -> Vec<SentFile> {
    let mut sent: Vec<SentFile> = parsed(texts);
    sent.sort_by(|a, b| a.file.exported_at.cmp(&b.file.exported_at));
    sent
}

/// The name a file sent lies under with the lock off: its SHA-256.
pub(super) fn sent_name(text: &str) -> Option<String> {
    let sent: SentFile = serde_json::from_str(text).ok()?;
    Some(sent.file.sha256)
}
