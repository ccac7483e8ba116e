//! Sentences with numbers or names in them, by key, in both languages;
//! English plurals in one place.

use taizhang_core::{Message, Text};

/// Sentences with numbers or names in them, by key, in both languages.
pub enum Say<'a> {
    ImportPreview {
        file: &'a str,
    },
    Imported {
        file: &'a str,
    },
    ConflictsTaken(usize),
    Conflicts(usize),
    FileRefused {
        file: &'a str,
        errors: usize,
    },
    CannotReadFile {
        error: &'a str,
    },
    UndoImport {
        what: &'a str,
        added: usize,
        updated: usize,
        deleted: usize,
    },
    RecordCount(usize),
    /// An approval taken: the month locked.
    MonthApproved {
        month: &'a str,
        by: &'a str,
    },
    /// A sending back taken: the month open again, and why.
    MonthReopened {
        month: &'a str,
        by: &'a str,
        reason: &'a str,
    },
    /// An approval of other records than this copy holds for the month.
    ApprovedDifferentVersion {
        month: &'a str,
        by: &'a str,
    },
    /// A change taken from an imported file (its sender's name, if it says).
    ByImport {
        file: &'a str,
        sha256: &'a str,
        sender: Option<&'a str>,
    },
    /// A change put back by the undo of a file's import.
    ByUndo {
        file: &'a str,
    },
    RowsOfData(usize),
    ReceiptTaken {
        file: &'a str,
        by: &'a str,
        already: bool,
    },
    MissingFor {
        month: &'a str,
        offices: &'a str,
    },
    DeleteRecord {
        name: &'a str,
    },
    ClearEverything {
        offices: usize,
        records: usize,
    },
    /// `going`: how many records of each ledger go with the office (none: nothing named).
    RemoveOffice {
        name: &'a str,
        code: &'a str,
        going: &'a [(usize, Text)],
    },
    LastExportAge(Option<i64>),
    /// A signed file's sender: the office's name (or code) and its key's fingerprint in groups.
    /// A key about to be trusted for an office that already has another.
    KeyConflict {
        office: &'a str,
        held: &'a str,
        new: &'a str,
    },
    /// Choosing another own office after this copy has signed.
    NewKeyWarning {
        office: &'a str,
        fingerprint: &'a str,
    },
    SignedBy {
        office: &'a str,
        fingerprint: &'a str,
    },
    UnknownKey {
        office: &'a str,
        fingerprint: &'a str,
    },
    Unsigned,
    /// A roster from above, taken: its keys are trusted now.
    RosterTaken {
        office: &'a str,
        keys: usize,
    },
    /// A roster whose issuer's key is not trusted yet, or not above this copy.
    RosterToCompare {
        office: &'a str,
        fingerprint: &'a str,
        keys: usize,
    },
}

impl Say<'_> {
    #[rustfmt::skip]
    pub fn message(&self) -> Message {
        match *self {
            Say::KeyConflict { office, held, new } => Message::new(format!("注意：本机已信任“{office}”的另一把密钥（指纹 {held}）。这份文件带来的是新密钥（指纹 {new}）。只有在该单位确认更换了密钥（如重装浏览器）时才信任新密钥；两把都会被保留，可在“单位”页撤销旧的。"), format!("Note: this copy already trusts another key for {office} (fingerprint {held}). This file brings a new key (fingerprint {new}). Trust it only if the office confirms it changed its key (a reinstalled browser, say); both are kept, and the old one can be withdrawn on the Offices screen.")),
            Say::NewKeyWarning { office, fingerprint } => Message::new(format!("本机的签名密钥是为本单位生成的（指纹 {fingerprint}），只能代表本单位签名。改为“{office}”时会立即为它生成一把新密钥，旧密钥保留为“以前的密钥”，只用于识别它签过的文件。新指纹需要重新报给上级核对。确定更换吗？"), format!("This copy's signing key was made for its own office (fingerprint {fingerprint}) and signs only as that office. Choosing {office} makes a new key for it at once; the old one is kept as a former key, only to recognise what it signed. The new fingerprint must be sent up and compared again. Change the office?")),
            Say::SignedBy { office, fingerprint } => Message::new(format!("已核验：本文件由“{office}”签名，签名后未被改动（密钥指纹 {fingerprint}）。"), format!("Verified: signed by {office}, unchanged since it was signed (key fingerprint {fingerprint}).")),
            Say::UnknownKey { office, fingerprint } => Message::new(format!("签名有效，但本机还不认识这把密钥：文件自称来自“{office}”，密钥指纹为 {fingerprint}。请打电话请对方念出其“单位”页上的指纹，一致后再信任此密钥。"), format!("The signature is valid, but this copy does not know the key yet: the file says it comes from {office}, and the key's fingerprint is {fingerprint}. Phone the office, have them read out the fingerprint on their Offices screen, and trust the key only if it matches.")),
            Say::RosterTaken { office, keys } => Message::new(format!("已采用上级“{office}”签发的密钥名册：其中 {keys} 把密钥已信任，这些单位的签名文件此后显示为“已核验”。"), format!("The roster issued by {office}, above this office, is taken: its {keys} keys are trusted, and those offices' signed files now show as verified.")),
            Say::RosterToCompare { office, fingerprint, keys } => Message::new(format!("“{office}”签发的密钥名册（{keys} 把密钥），签名有效，但本机尚未信任签发单位的密钥（指纹 {fingerprint}），或签发单位不是本单位的上级。请打电话请对方念出其“单位”页上的指纹，一致后再采用。"), format!("A roster of {keys} keys issued by {office}, validly signed, but this copy does not trust the issuer's key yet (fingerprint {fingerprint}), or the issuer is not above this office. Phone the office, have them read out the fingerprint on their Offices screen, and take the roster only if it matches.")),
            Say::Unsigned => Message::new("此文件没有签名：无法确认是谁发出的，也无法确认途中未被改动。", "This file is not signed: who sent it cannot be confirmed, nor that it was not changed on the way."),
            Say::ImportPreview { file } => Message::new(format!("导入预览：{file}"), format!("Import preview: {file}")),
            Say::Imported { file } => Message::new(format!("已导入“{file}”。"), format!("Imported {file:?}.")),
            Say::ConflictsTaken(n) => Message::new(format!("其中 {n} 处冲突采用了导入的版本。"), format!("{} took the incoming version.", counted(n, "conflict", "conflicts"))),
            Say::Conflicts(n) => Message::new(format!("{n} 处冲突：同一记录、同一版本号，内容不同。请逐条选择，或："), format!("{}: the same record and revision with different contents. Choose for each, or:", counted(n, "conflict", "conflicts"))),
            Say::FileRefused { file, errors } => Message::new(format!("“{file}”有 {errors} 处错误，未导入任何内容"), format!("{file:?} has {}; nothing was imported", counted(errors, "error", "errors"))),
            Say::CannotReadFile { error } => Message::new(format!("无法读取文件：{error}"), format!("The file cannot be read: {error}")),
            Say::UndoImport { what, added, updated, deleted } => Message::new(format!("撤销上次导入（{what}）？它新增的 {added} 条、更新的 {updated} 条记录（含单位）将撤回，它删除的 {deleted} 条将恢复，数据回到导入之前。"), format!("Undo the last import ({what})? The {added} records it added and the {updated} it updated (offices included) go back, the {deleted} it deleted return: the data is as it was before it.")),
            Say::ReceiptTaken { file, by, already: false } => Message::new(format!("{by}已收到“{file}”并导入。"), format!("{by} received and imported “{file}”.")),
            Say::ReceiptTaken { file, by, already: true } => Message::new(format!("“{file}”的这份回执（{by}）此前已导入过，未作更改。"), format!("This receipt for “{file}” ({by}) was imported before; nothing changed.")),
            Say::MissingFor { month, offices } => Message::new(format!("{month}台账仍未报送的单位：{offices}。请于收到本通知后尽快报送。"), format!("Offices that have not yet sent their ledgers for {month}: {offices}. Please send them as soon as possible.")),
            Say::RowsOfData(n) => Message::new(format!("（{n} 行数据）"), format!("({})", counted(n, "row of data", "rows of data"))),
            Say::ByImport { file, sha256, sender: Some(sender) } => Message::new(format!("导入文件《{file}》（发出单位：{sender}；SHA-256 {sha256}）"), format!("Imported from {file} (sent by {sender}; SHA-256 {sha256})")),
            Say::ByImport { file, sha256, sender: None } => Message::new(format!("导入文件《{file}》（未注明发出单位；SHA-256 {sha256}）"), format!("Imported from {file} (no sender named; SHA-256 {sha256})")),
            Say::ByUndo { file } => Message::new(format!("撤销了文件《{file}》的导入，恢复为导入前的内容"), format!("The import of {file} undone: back to what it was before")),
            Say::MonthApproved { month, by } => Message::new(format!("“{by}”已审核确认本单位 {month} 的台账，与本机记录一致：该月已锁定，其中的记录不能再修改、删除或被导入改动。"), format!("{by} approved this office's ledgers of {month}, and they match the records here: the month is locked, and its records can no longer be changed, deleted or changed by an import.")),
            Say::MonthReopened { month, by, reason } => Message::new(format!("“{by}”退回了本单位 {month} 的台账（理由：{reason}）：该月已解锁，可以更正后重新报送。"), format!("{by} sent this office's ledgers of {month} back (reason: {reason}): the month is open again for corrections and a new report.")),
            Say::ApprovedDifferentVersion { month, by } => Message::new(format!("“{by}”审核的是 {month} 台账的另一个版本，与本机记录不一致：没有锁定任何内容。请与上级核对该月是否有未报送的修改。"), format!("{by} approved a different version of {month} than this copy holds: nothing is locked. Check with the office above whether a change of that month was not sent.")),
            Say::RecordCount(n) => Message::new(format!("共 {n} 条"), counted(n, "record", "records")),
            Say::DeleteRecord { name } => Message::new(format!("删除这条记录：{name}？删除会作为删除标记保存，并随导出文件传给上级。"), format!("Delete “{name}”? The deletion is kept as a marker and travels in exported files.")),
            Say::ClearEverything { offices, records } => Message::new(format!("清除本浏览器中的全部数据？{offices} 个单位和 {records} 条记录（含删除标记）、本单位设置和环节日期都将删除，无法撤销。请确认已导出备份。"), format!("Clear everything in this browser? {offices} offices and {records} records (tombstones included), the settings and phase dates will be deleted, with no undo. Make sure you have exported a backup.")),
            Say::RemoveOffice { name, code, going: [] } => Message::new(format!("删除单位“{name}”（{code}）？"), format!("Delete the office {name} ({code})?")),
            Say::RemoveOffice { name, code, going } => {
                let zh: Vec<String> = going.iter().map(|(n, what)| format!("{n} 条{}", what.zh)).collect();
                let en: Vec<String> = going.iter().map(|(n, what)| format!("{n} {}", what.en.to_lowercase())).collect();
                Message::new(
                    format!("删除单位“{name}”（{code}）？它的记录将一并从本机删除：{}。已发给其他单位的文件不受影响。", zh.join("、")),
                    format!("Delete the office {name} ({code})? Its records are deleted from this computer with it: {}. Files already sent to other offices are not affected.", en.join(", ")),
                )
            }
            Say::LastExportAge(None) => Message::new("从未导出", "never"),
            Say::LastExportAge(Some(days)) => Message::new(format!("{days} 天前"), format!("{} ago", counted(days.max(0) as usize, "day", "days"))),
        }
    }
}

/// An English count with its noun in the right number: "1 record", "2 records".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
