//! What can go wrong with the browser's storage, told to the user with what to do.

use crate::domain::chunks::ChunkError;
use crate::domain::Message;

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
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
    #[error("storage failed: {0}")]
    Failed(String),
}

impl StorageError {
    /// What the user reads: what happened, and what to do about it.
    pub fn message(&self) -> Message {
        match self {
            StorageError::Unavailable => Message::new(
                "无法使用浏览器数据库（IndexedDB）。无痕/隐私窗口或禁用了网站数据时会这样：请在普通窗口中打开本页，并允许本站保存数据。",
                "The browser database (IndexedDB) is not available. This happens in private windows or when site data is blocked: open this page in a normal window and allow it to store data.",
            ),
            StorageError::QuotaExceeded => Message::new(
                "浏览器存储空间已满，本次修改未保存，原有数据未受影响。请先导出备份，再清理磁盘空间或浏览器中其他网站的数据后重试。",
                "The browser's storage is full. This change was not saved; the data you had is unchanged. Export a backup, then free disk space or other sites' data and try again.",
            ),
            StorageError::WriteLost => Message::new(
                "本次修改未能写入数据库，原有数据未受影响。最常见的原因是浏览器存储空间不足：请先导出备份，清理磁盘空间后重试；若空间充足，请刷新页面后重试。",
                "This change did not reach the database; the data you had is unchanged. The usual cause is that the browser's storage is full: export a backup, free disk space and try again; if there is room, reload the page and try again.",
            ),
            StorageError::VersionChanged => Message::new(
                "另一个标签页打开了新版本的台账。请刷新本页以继续使用（未保存的输入会丢失）。",
                "A newer version of Taizhang was opened in another tab. Reload this page to go on (unsaved input will be lost).",
            ),
            StorageError::TooNew => Message::new(
                "本浏览器中的数据由更新版本的台账创建。请刷新页面以加载新版本。",
                "The data in this browser was made by a newer version of Taizhang. Reload the page to load the new version.",
            ),
            StorageError::Corrupt(detail) => Message::new(
                format!("浏览器中保存的数据无法读取（{detail}）。请勿继续修改，先用最近的导出文件恢复。"),
                format!("The data stored in this browser cannot be read ({detail}). Make no changes; restore from your latest export."),
            ),
            #[cfg(feature = "fault-injection")]
            StorageError::InjectedFault => Message::new(
                "写入被测试故意中断，原有数据未受影响。",
                "A test interrupted this write on purpose; the data is unchanged.",
            ),
            StorageError::Failed(detail) => Message::new(
                format!("数据库操作失败（{detail}），原有数据未受影响。请刷新页面后重试。"),
                format!("The database operation failed ({detail}); the data is unchanged. Reload the page and try again."),
            ),
        }
    }
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
