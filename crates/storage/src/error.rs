//! What can go wrong with the browser's storage: the error is the core's
//! (`taizhang_core::base::errors::StorageError`); here, how IndexedDB's map to it.

pub use taizhang_core::base::errors::StorageError;

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
