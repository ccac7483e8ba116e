//! What can go wrong with the browser's storage, told to the user with what to do.

use taizhang_core::chunks::ChunkError;

#[derive(Debug, Clone, thiserror::Error, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum StorageError {
    #[error("IndexedDB is not available in this browser or window")]
    Unavailable,
    #[error("the browser's storage is full")]
    QuotaExceeded,
    #[error("the write did not reach the database")]
    WriteLost,
    #[error("a newer version of the app opened the database in another tab")]
    VersionChanged,
    #[error("the database was created by a newer version of the app")]
    TooNew,
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
    #[cfg(feature = "fault-injection")]
    #[error("a test asked this write to fail")]
    InjectedFault,
    #[error("the app is locked: the data key is needed")]
    Locked,
    #[error("the passphrase or recovery key does not open the lock")]
    WrongSecret,
    #[error("this browser offers no WebCrypto here (a page over plain http)")]
    NoCrypto,
    #[error("storage failed: {0}")]
    Failed(String),
}

impl From<ChunkError> for StorageError {
    fn from(error: ChunkError) -> StorageError {
        StorageError::Corrupt(error.to_string())
    }
}

/// Errors from the indexed-db crate, which carries ours as `User`.
pub(crate) type IdbError = indexed_db::Error<StorageError>;

pub(crate) fn from_idb(error: IdbError) -> StorageError {
    match error {
        indexed_db::Error::User(inner) => inner,
        indexed_db::Error::NotInBrowser
        | indexed_db::Error::IndexedDbDisabled
        | indexed_db::Error::OperationNotAllowed
        | indexed_db::Error::OperationNotSupported => StorageError::Unavailable,
        indexed_db::Error::VersionTooOld => StorageError::TooNew,
        indexed_db::Error::DatabaseIsClosed => StorageError::VersionChanged,
        other => StorageError::Failed(other.to_string()),
    }
}
