//! What can go wrong in the browser shell — the storage and the use cases —
//! as data: the layers raise these, the catalogue words them, the engine's
//! protocol carries them. Kept here so that the words and the protocol
//! depend on the core alone.

use crate::base::problem::FileProblem;
use crate::exchange::{ImportError, MergeError};
use crate::ledgers::edit::RemoveOfficeError;
use crate::ledgers::validate::Problem;
use crate::trust::applock::PassphraseProblem;

/// What can go wrong with the browser's storage, told to the user with what to do.
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
    /// Only the tests' fault switch (storage's `fault-injection`) makes it;
    /// the user's build has neither the switch nor this variant.
    #[cfg(feature = "fault-injection")]
    #[error("a test asked this write to fail")]
    InjectedFault,
    #[error("the app is locked: the data key is needed")]
    Locked,
    /// The import asked to be undone is no longer the last one that can be:
    /// the ledgers were changed after it, or another import came, meanwhile.
    #[error("the last import can no longer be undone")]
    UndoGone,
    #[error("the passphrase or recovery key does not open the lock")]
    WrongSecret,
    #[error("this browser offers no WebCrypto here (a page over plain http)")]
    NoCrypto,
    #[error("storage failed: {0}")]
    Failed(String),
    /// A stored value was changed outside the app while the lock is on: it
    /// does not open where it lies (moved, altered), or it is plain.
    #[error("stored data was changed outside the app: {0}")]
    Tampered(String),
}

impl From<crate::ledgers::chunks::ChunkError> for StorageError {
    fn from(error: crate::ledgers::chunks::ChunkError) -> StorageError {
        StorageError::Corrupt(error.to_string())
    }
}

/// Why a use case did not happen, for every layer below.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The form breaks rules; each problem is shown beside its field.
    #[error("{} problems in the form", .0.len())]
    Invalid(Vec<Problem>),
    /// The record was saved in another tab since its form was opened.
    #[error("changed elsewhere: now revision {current}")]
    ChangedElsewhere { current: u32 },
    #[error(transparent)]
    RemoveOffice(#[from] RemoveOfficeError),
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// The file is refused; each error names its place in the file.
    #[error("{} errors in the file", .0.len())]
    File(Vec<ImportError>),
    /// The user stopped it; nothing was written.
    #[error("cancelled")]
    Cancelled,
    /// The engine's worker could not start, or stopped.
    #[error("the engine stopped: {0}")]
    EngineStopped(String),
    /// The data here changed between a file's preview and its apply.
    #[error("the data changed since the preview")]
    ChangedSincePreview,
    /// The browser could not read the chosen file.
    #[error("the file cannot be read: {0}")]
    CannotRead(String),
    /// The engine could not write the workbook.
    #[error("the workbook cannot be written: {0}")]
    CannotWrite(String),
    /// The page is not a secure context (plain http): the browser offers no
    /// WebCrypto, so nothing can be signed here.
    #[error("no signing on this page")]
    NoSigningHere,
    /// Refused for one reason the catalogue words (a locked month, an
    /// approval not for this office or not from above).
    #[error("refused: {0:?}")]
    Refused(FileProblem),
    /// Approving needs this copy to know which office it is.
    #[error("this copy's office is not set")]
    NoOwnOffice,
    /// The sample only goes into an empty app: it never mixes with real data.
    #[error("the app already holds data")]
    NotEmpty,
    /// A new passphrase for the app lock is refused.
    #[error(transparent)]
    Passphrase(#[from] PassphraseProblem),
    /// Too many wrong tries: the next is allowed after this many seconds.
    #[error("wait {0} s before trying again")]
    WaitBeforeTrying(u32),
    /// What was typed as the recovery key is not one.
    #[error("not a recovery key")]
    NotARecoveryKey,
    /// A part of the page's code fetched on first use (a chunk) could not
    /// be fetched: nothing was done.
    #[error("the code for this did not load")]
    CodeNotLoaded,
}
