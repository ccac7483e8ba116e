//! What kind of file a chosen file is, by its name and first bytes: a
//! workbook, a CSV file, WPS's own format, or else an exchange file.

/// What kind of file a name and its first bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetFormat {
    Workbook,
    Csv,
    /// WPS's own format, which only WPS reads.
    Wps,
}

/// The sheet format of a file, if it is one (else it is read as JSON).
pub fn sheet_format(name: &str, bytes_start: &[u8]) -> Option<SheetFormat> {
    let lower = name.to_lowercase();
    let extension = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match extension {
        "xlsx" | "xlsm" | "xls" | "ods" => Some(SheetFormat::Workbook),
        "csv" => Some(SheetFormat::Csv),
        "et" | "ett" => Some(SheetFormat::Wps),
        // A ZIP archive holding an exchange file (a workbook is a ZIP too, by its bytes).
        "zip" => None,
        _ if bytes_start.starts_with(b"PK\x03\x04") => Some(SheetFormat::Workbook),
        _ if bytes_start.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) => Some(SheetFormat::Workbook),
        _ => None,
    }
}
