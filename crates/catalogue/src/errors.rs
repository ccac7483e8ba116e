//! The words for what goes wrong in the browser shell: storage and use-case
//! errors, each with what happened and what to do.

use super::Worded;
use taizhang_core::base::errors::{AppError, StorageError};
use taizhang_core::ledgers::edit::RemoveOfficeError;
use taizhang_core::trust::applock::PassphraseProblem;
use taizhang_core::Message;

impl Worded for StorageError {
    #[rustfmt::skip]
    fn message(&self) -> Message {
        match self {
            StorageError::Unavailable => Message::new("无法使用浏览器数据库（IndexedDB）。无痕/隐私窗口或禁用了网站数据时会这样：请在普通窗口中打开本页，并允许本站保存数据。", "The browser database (IndexedDB) is not available. This happens in private windows or when site data is blocked: open this page in a normal window and allow it to store data."),
            StorageError::QuotaExceeded => Message::new("浏览器存储空间已满，本次修改未保存，原有数据未受影响。请先导出备份，再清理磁盘空间或浏览器中其他网站的数据后重试。", "The browser's storage is full. This change was not saved; the data you had is unchanged. Export a backup, then free disk space or other sites' data and try again."),
            StorageError::WriteLost => Message::new("本次修改未能写入数据库，原有数据未受影响。最常见的原因是浏览器存储空间不足：请先导出备份，清理磁盘空间后重试；若空间充足，请刷新页面后重试。", "This change did not reach the database; the data you had is unchanged. The usual cause is that the browser's storage is full: export a backup, free disk space and try again; if there is room, reload the page and try again."),
            StorageError::VersionChanged => Message::new("另一个标签页打开了新版本的台账。请刷新本页以继续使用（未保存的输入会丢失）。", "A newer version of Taizhang was opened in another tab. Reload this page to go on (unsaved input will be lost)."),
            StorageError::TooNew => Message::new("本浏览器中的数据由更新版本的台账创建。请刷新页面以加载新版本。", "The data in this browser was made by a newer version of Taizhang. Reload the page to load the new version."),
            StorageError::Corrupt(detail) => Message::new(format!("浏览器中保存的数据无法读取（{detail}）。请勿继续修改，先用最近的导出文件恢复。"), format!("The data stored in this browser cannot be read ({detail}). Make no changes; restore from your latest export.")),
            StorageError::Locked => Message::new("台账已锁定，请先解锁。", "Taizhang is locked: unlock it first."),
            StorageError::UndoGone => Message::new("这次导入已不能撤销：导入之后台账又有了修改或新的导入（可能在另一个标签页），撤销会把这些修改一并抹掉，所以没有撤销，数据未受影响。页面显示的是当前数据。", "This import can no longer be undone: the ledgers were changed, or another import came, after it (perhaps in another tab), and undoing it would wipe those changes too. Nothing was undone; the data is unchanged. The page shows the data as it is now."),
            StorageError::WrongSecret => wrong_secret(),
            StorageError::NoCrypto => Message::new("此页面不是通过 https（或本机 localhost）打开的，浏览器在这里不提供加密功能，无法使用应用锁。", "This page was not opened over https (or on localhost), so the browser offers no encryption here and the app lock cannot be used."),
            StorageError::Failed(detail) => Message::new(format!("数据库操作失败（{detail}），原有数据未受影响。请刷新页面后重试。"), format!("The database operation failed ({detail}); the data is unchanged. Reload the page and try again.")),
            StorageError::Tampered(detail) => Message::new("本机保存的台账数据在本应用之外被改动过，为安全起见没有读取任何内容，也没有作任何改动。请不要继续使用这份数据：点下面的“清除本机数据，重新开始”，再导入最近一次导出的交换文件恢复台账；如有疑问，请联系本单位的信息化或保密负责人。", format!("The ledgers stored here were changed outside this app ({detail}). To be safe nothing was read and nothing was changed. Do not go on with this data: press “Clear this copy's data and start over” below, then import your latest exported exchange file; if in doubt, ask your office's IT or security officer.")),
            // The tests' injected fault (a variant only their builds have) reads as a lost write.
            #[allow(unreachable_patterns)]
            _ => StorageError::WriteLost.message(),
        }
    }
}

impl Worded for AppError {
    fn message(&self) -> Message {
        match self {
            AppError::Refused(problem) => problem.message(),
            AppError::Merge(refused) => refused.message(),
            other => shell_message(other).unwrap_or_else(|| StorageError::WriteLost.message()),
        }
    }
}

/// What a page says when code it fetches on demand did not come: the one
/// error its first download words itself (the words of every other error
/// are code fetched on demand, `Worded for AppError`; the unlock's refusals
/// come with the unlock's code).
pub fn light_message(error: &AppError) -> Option<Message> {
    matches!(error, AppError::CodeNotLoaded).then(code_not_loaded)
}

#[rustfmt::skip]
fn wrong_secret() -> Message {
    Message::new("口令或恢复密钥不对，未做任何改动。请检查输入法和大小写后重试。", "The passphrase or recovery key is wrong; nothing was changed. Check the input method and capitals and try again.")
}

/// What a page says of an error whose words did not come (their chunk could
/// not be fetched): that something went wrong, claiming nothing of the data.
#[rustfmt::skip]
pub fn words_not_loaded() -> Message {
    Message::new("出现了问题，但说明文字未能载入，可能是网络断了。请检查网络后刷新本页，再看说明。", "Something went wrong, and its explanation did not load; the network may be down. Check the network and reload the page to read it.")
}

#[rustfmt::skip]
pub fn code_not_loaded() -> Message {
    Message::new("这部分程序未能载入，可能是网络断了。数据未受影响。请检查网络后重试。", "This part of the app did not load; the network may be down. The data is unchanged. Check the network and try again.")
}

/// What an error says, for every error but a refusal (a locked month, an
/// approval not from above) and a merge refused: those are worded by the
/// file problems' catalogue.
#[rustfmt::skip]
fn shell_message(error: &AppError) -> Option<Message> {
    Some(match error {
            AppError::Refused(_) | AppError::Merge(_) => return None,
            AppError::Storage(error) => error.message(),
            AppError::Invalid(problems) => Message::new(format!("有 {} 处需要修改，见各栏旁的说明。", problems.len()), format!("{} fields need attention; see the notes beside them.", problems.len())),
            AppError::ChangedElsewhere { current } => Message::new(format!("这条记录已在另一个标签页中被修改（现为第 {current} 版）。为免覆盖，本次修改未保存：请取消后重新打开再改。"), format!("This record was changed in another tab (now revision {current}). To overwrite nothing, this edit was not saved: cancel, open it again and redo the edit.")),
            AppError::RemoveOffice(RemoveOfficeError::HasOffices { code, count }) => Message::new(format!("不能删除“{code}”：它下面还有 {count} 个单位。请先把它们移到别处或删除。"), format!("Cannot delete {code:?}: {count} offices sit under it. Move or delete them first.")),
            AppError::RemoveOffice(RemoveOfficeError::Unknown(code)) => Message::new(format!("没有代码为“{code}”的单位。"), format!("There is no office {code:?}.")),
            AppError::File(errors) => Message::new(format!("文件有 {} 处错误，未导入任何内容。", errors.len()), format!("The file has {} errors; nothing was imported.", errors.len())),
            AppError::Cancelled => Message::new("已取消，未写入任何内容。", "Cancelled; nothing was written."),
            AppError::EngineStopped(detail) => Message::new(format!("导入导出模块意外停止（{detail}），未写入任何内容。请刷新页面后重试。"), format!("The import and export module stopped ({detail}); nothing was written. Reload the page and try again.")),
            AppError::ChangedSincePreview => Message::new("预览之后本地数据已有修改（可能在另一个标签页中），为免覆盖，未写入任何内容。请重新选择文件预览。", "The data here changed after the preview (perhaps in another tab); to overwrite nothing, nothing was written. Choose the file again to preview it anew."),
            AppError::CannotRead(detail) => Message::new(format!("无法读取文件：{detail}"), format!("The file cannot be read: {detail}")),
            AppError::CannotWrite(detail) => Message::new(format!("无法生成 Excel 工作簿：{detail}"), format!("The workbook cannot be written: {detail}")),
            AppError::NoSigningHere => Message::new("此页面不是通过 https 打开的，浏览器在这里不提供签名功能，无法生成签名文件。请通过 https 地址（或本机 localhost）打开本应用。", "This page was not opened over https, so the browser offers no signing here and no signed file can be written. Open the app at its https address (or on localhost)."),
            AppError::NoOwnOffice => Message::new("请先在“单位”页设置本浏览器中的台账属于哪个单位。", "First set, on the Offices screen, which office this copy of the ledgers is."),
            AppError::Passphrase(PassphraseProblem::TooShort) => Message::new("口令至少要 8 个字符。", "The passphrase needs at least 8 characters."),
            AppError::Passphrase(PassphraseProblem::Different) => Message::new("两次输入的口令不一致，请重新输入。", "The two passphrases differ; type them again."),
            AppError::WaitBeforeTrying(seconds) => Message::new(format!("口令已连续输错多次，请等 {seconds} 秒后再试。"), format!("Too many wrong tries in a row: wait {seconds} seconds, then try again.")),
            AppError::NotARecoveryKey => Message::new("这不是一个恢复密钥：恢复密钥共 52 个字母和数字，每 4 个一组。", "That is not a recovery key: a recovery key has 52 letters and digits, in groups of four."),
            AppError::NotEmpty => Message::new("示例数据只能载入空的台账。", "The sample data only goes into an empty ledger."),
            AppError::CodeNotLoaded => code_not_loaded(),
    })
}
