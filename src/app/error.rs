//! Why a use case did not happen, for every layer below, with what the user reads.

use crate::domain::edit::RemoveOfficeError;
use crate::domain::exchange::{ImportError, MergeError};
use crate::domain::validate::Problem;
use crate::domain::Message;
use crate::storage::StorageError;

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
    /// The sample only goes into an empty app: it never mixes with real data.
    #[error("the app already holds data")]
    NotEmpty,
}

impl AppError {
    /// What the user reads (for `Invalid` and `File`, a line over the list shown with it).
    pub fn message(&self) -> Message {
        match self {
            AppError::Storage(error) => error.message(),
            AppError::Invalid(problems) => Message::new(
                format!("有 {} 处需要修改，见各栏旁的说明。", problems.len()),
                format!("{} fields need attention; see the notes beside them.", problems.len()),
            ),
            AppError::ChangedElsewhere { current } => Message::new(
                format!("这条记录已在另一个标签页中被修改（现为第 {current} 版）。为免覆盖，本次修改未保存：请取消后重新打开再改。"),
                format!("This record was changed in another tab (now revision {current}). To overwrite nothing, this edit was not saved: cancel, open it again and redo the edit."),
            ),
            AppError::RemoveOffice(RemoveOfficeError::HasOffices { code, count }) => Message::new(
                format!("不能删除“{code}”：它下面还有 {count} 个单位。请先把它们移到别处或删除。"),
                format!("Cannot delete {code:?}: {count} offices sit under it. Move or delete them first."),
            ),
            AppError::RemoveOffice(RemoveOfficeError::Unknown(code)) => Message::new(
                format!("没有代码为“{code}”的单位。"),
                format!("There is no office {code:?}."),
            ),
            AppError::Merge(refused) => refused.message(),
            AppError::File(errors) => Message::new(
                format!("文件有 {} 处错误，未导入任何内容。", errors.len()),
                format!("The file has {} errors; nothing was imported.", errors.len()),
            ),
            AppError::NotEmpty => Message::new(
                "示例数据只能载入空的台账。",
                "The sample data only goes into an empty ledger.",
            ),
        }
    }
}
