//! What only the workbook engine carries: workbooks (plain or with an open
//! password), ZIP archives, Word documents. The dispatcher is generic over
//! it, so the exchange engine's binary links none of that code.

use super::exports;
use super::jobs::Report;
use taizhang_core::base::problem::FileProblem;
use taizhang_core::briefing::Document;
use taizhang_core::exchange::ImportError;
use taizhang_core::sheet::Grid;
use taizhang_protocol::{ExportOrder, Failure};

/// A file problem as the engine's failure.
fn refused(problem: FileProblem) -> Failure {
    Failure::File(vec![ImportError::new("", problem)])
}

pub trait Workbooks {
    /// Whether this engine carries them (else each request is `Failure::Workbook`).
    const CARRIED: bool;
    /// Whether a ZIP is a workbook (by its parts) rather than an archive.
    fn is_workbook_zip(bytes: &[u8]) -> bool;
    /// The one file inside an archive (decrypted with `password` when protected).
    fn unpack(bytes: &[u8], password: Option<&str>) -> Result<Vec<u8>, Failure>;
    /// A workbook's sheets, decrypted with `password` when it has an open password.
    fn open(file: &str, bytes: Vec<u8>, password: Option<&str>) -> Result<Vec<Grid>, Failure>;
    /// An exchange file as the one entry of a ZIP protected by `password`.
    fn protect(written: Vec<u8>, name: &str, password: &str) -> Result<Vec<u8>, Failure>;
    /// The workbook of the stored data the order asks for (encrypted with its password).
    async fn workbook(order: &ExportOrder, report: Report<'_>) -> Result<Vec<u8>, Failure>;
    /// A briefing as a Word document, with its charts' pictures.
    fn word(doc: &Document, pictures: &[Vec<u8>]) -> Result<Vec<u8>, Failure>;
}

/// The exchange engine: every such request is the workbook engine's.
pub struct NoWorkbooks;

impl Workbooks for NoWorkbooks {
    const CARRIED: bool = false;
    fn is_workbook_zip(_: &[u8]) -> bool {
        false
    }
    fn unpack(_: &[u8], _: Option<&str>) -> Result<Vec<u8>, Failure> {
        Err(Failure::Workbook)
    }
    fn open(_: &str, _: Vec<u8>, _: Option<&str>) -> Result<Vec<Grid>, Failure> {
        Err(Failure::Workbook)
    }
    fn protect(_: Vec<u8>, _: &str, _: &str) -> Result<Vec<u8>, Failure> {
        Err(Failure::Workbook)
    }
    async fn workbook(_: &ExportOrder, _: Report<'_>) -> Result<Vec<u8>, Failure> {
        Err(Failure::Workbook)
    }
    fn word(_: &Document, _: &[Vec<u8>]) -> Result<Vec<u8>, Failure> {
        Err(Failure::Workbook)
    }
}

/// The workbook engine.
pub struct WithWorkbooks;

impl Workbooks for WithWorkbooks {
    const CARRIED: bool = true;
    fn is_workbook_zip(bytes: &[u8]) -> bool {
        taizhang_protect::is_workbook_zip(bytes)
    }

    fn unpack(bytes: &[u8], password: Option<&str>) -> Result<Vec<u8>, Failure> {
        let limit = taizhang_core::exchange::MAX_FILE_BYTES as u64;
        taizhang_protect::open_zip(bytes, password, limit)
            .map(|(_, inner)| inner)
            .map_err(refused)
    }

    fn open(file: &str, bytes: Vec<u8>, password: Option<&str>) -> Result<Vec<Grid>, Failure> {
        let bytes = if taizhang_protect::is_encrypted_workbook(&bytes) {
            let password = password.ok_or_else(|| refused(FileProblem::PasswordNeeded))?;
            taizhang_protect::decrypt_workbook(&bytes, password).map_err(refused)?
        } else {
            bytes
        };
        taizhang_formats::open(file, &bytes).map_err(Failure::File)
    }

    fn protect(written: Vec<u8>, name: &str, password: &str) -> Result<Vec<u8>, Failure> {
        taizhang_protect::protect(name, &written, password).map_err(refused)
    }

    async fn workbook(order: &ExportOrder, report: Report<'_>) -> Result<Vec<u8>, Failure> {
        let data = exports::stored_for_export(report).await?;
        let source = order.source_office.as_deref();
        let xlsx =
            taizhang_formats::workbook(&data, &order.scope, &order.now, source, order.redacted)
                .map_err(|e| Failure::CannotWrite(e.to_string()))?;
        let bytes = match &order.password {
            Some(password) => {
                taizhang_protect::encrypt_workbook(&xlsx, password).map_err(refused)?
            }
            None => xlsx,
        };
        exports::kept_as_sent(order, bytes, report).await
    }

    fn word(doc: &Document, pictures: &[Vec<u8>]) -> Result<Vec<u8>, Failure> {
        taizhang_formats::word(doc, pictures).map_err(Failure::CannotWrite)
    }
}
