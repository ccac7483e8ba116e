//! What the page and the engine's worker say to each other. Each message is
//! JSON text; a file travels beside it as a `File`, an export's bytes as an
//! `ArrayBuffer` (moved, not copied).

use serde::{Deserialize, Serialize};
use taizhang_core::base::errors::StorageError;
use taizhang_core::briefing::Document;
use taizhang_core::exchange::{Choice, ExportScope, ImportError, MergeError, Outcome};
use taizhang_core::reporting::approval::Approval;
use taizhang_core::reporting::{LogEntry, Receipt};
use taizhang_core::sheet::{sheet_format, SheetPlan, SheetShape, ValueChoice};
use taizhang_core::trust::{PublicJwk, Roster, Sender};
use taizhang_core::{Kind, PerKind, Timestamp};

/// Records listed per outcome, and conflicts shown side by side, in a preview.
pub const SHOWN: usize = 200;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Read, check and compare the file sent beside it; nothing is written.
    /// A workbook or CSV file is opened and answered with its sheets instead.
    Preview(PreviewRequest),
    /// Read the sheets of the workbook last opened as mapped, then check and
    /// compare them as a file; nothing is written.
    PreviewSheets(SheetsRequest),
    /// Apply the previewed file with these choices (unlisted conflicts: keep mine).
    Apply(ApplyRequest),
    /// Write a briefing as a Word document; its charts' PNGs travel beside
    /// as an array of byte arrays.
    Document(Document),
    /// Build an exchange file (or a workbook) of the stored data and keep it as sent.
    Export(ExportOrder),
    /// This copy's office key for `office`, made now if it has none yet.
    OwnKey(String),
    /// A text signed by this copy (as it is where the browser offers no WebCrypto).
    Sign(SignRequest),
}

impl Request {
    /// The engine that must answer it: workbooks, archives, Word documents
    /// and protected files are the workbook engine's (its code alone carries
    /// them); a preview goes where the file's name says (see `Failure::Workbook`).
    pub fn engine(&self) -> EngineKind {
        match self {
            Request::Preview(preview) => preview.engine_by_name(),
            Request::PreviewSheets(_) | Request::Document(_) => EngineKind::Workbook,
            Request::Export(order) => order.engine(),
            Request::Apply(_) | Request::OwnKey(_) | Request::Sign(_) => EngineKind::Exchange,
        }
    }
}

/// The two engines: one for exchange files, one with workbooks added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EngineKind {
    Exchange,
    Workbook,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewRequest {
    /// The chosen file's name (its bytes travel beside).
    pub file: String,
    /// The password of a protected file, once the user gave it.
    #[serde(default)]
    pub password: Option<String>,
}

impl PreviewRequest {
    /// By its name, a workbook, a CSV or an archive is the workbook
    /// engine's; a workbook known by its bytes only comes back from the
    /// exchange engine as `Failure::Workbook`.
    pub fn engine_by_name(&self) -> EngineKind {
        let archive = self.file.to_lowercase().ends_with(".zip");
        if archive || sheet_format(&self.file, &[]).is_some() {
            EngineKind::Workbook
        } else {
            EngineKind::Exchange
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetsRequest {
    pub plans: Vec<SheetPlan>,
    pub choices: Vec<ValueChoice>,
    pub now: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyRequest {
    /// The user's choice per conflict, by table and position in the file.
    pub choices: Vec<(Kind, usize, Choice)>,
    pub now: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignRequest {
    pub text: String,
    /// The office it is signed as.
    pub office: String,
    /// The signed file's format (`cty`).
    pub cty: String,
}

/// An export asked for: its file's name, what goes in, who it is from, and
/// how it is written. The one place that says which engine writes it, what
/// the download is, and what a protected exchange file's ZIP holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportOrder {
    pub file_name: String,
    pub scope: ExportScope,
    pub source_office: Option<String>,
    pub now: Timestamp,
    #[serde(default)]
    pub format: ExportFormat,
    /// When set, the file is written protected by it (and never kept).
    #[serde(default)]
    pub password: Option<String>,
    /// Without personal details (脱敏).
    #[serde(default)]
    pub redacted: bool,
}

impl ExportOrder {
    /// Workbooks and protected files are the workbook engine's: the exchange
    /// engine never writes one unprotected by mistake.
    pub fn engine(&self) -> EngineKind {
        match (self.format, self.password.is_some()) {
            (ExportFormat::Exchange, false) => EngineKind::Exchange,
            _ => EngineKind::Workbook,
        }
    }

    /// What the download is.
    pub fn mime(&self) -> &'static str {
        match (self.format, self.password.is_some()) {
            (ExportFormat::Exchange, false) => "application/json",
            (ExportFormat::Exchange, true) => "application/zip",
            (ExportFormat::Workbook, _) => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    /// The name of the exchange file inside a protected export's ZIP: the
    /// name it would have alone.
    pub fn zip_entry_name(&self) -> &str {
        self.file_name
            .strip_suffix(".zip")
            .unwrap_or(&self.file_name)
    }
}

/// What an export writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    /// The exchange file, for another copy of the app.
    #[default]
    Exchange,
    /// The Excel workbook, for people.
    Workbook,
}

/// How far a request has got: a stage and a fraction of it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Stage {
    Reading,
    Checking,
    Comparing,
    Writing,
    Exporting,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    /// The worker listens (sent once, when its code has loaded).
    Ready,
    Progress {
        stage: Stage,
        done: f64,
        total: f64,
    },
    Previewed(Preview),
    /// The file is a workbook: its sheets, with the reader's guesses, for the mapping step.
    Sheets(Vec<SheetShape>),
    /// The file is a receipt, now kept with the sent file it names.
    Receipt(ReceiptRead),
    /// The file is a roster of keys, signed by the office it names as its
    /// issuer; nothing is trusted until the page takes it.
    Roster(RosterRead),
    /// The file is an approval of a month (or its sending back), with its
    /// signer as verified; the page checks it against its records.
    Approval(ApprovalRead),
    /// This copy's public key (`None`: the browser offers no WebCrypto here).
    OwnKey(Option<PublicJwk>),
    Applied(Applied),
    /// The export's bytes travel beside this.
    Exported,
    Failed(Failure),
}

/// A receipt read and kept (`already`: it was, by this same receipt;
/// nothing changed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceiptRead {
    pub receipt: Receipt,
    pub already: bool,
    /// Whether it marked the file received (signed by a key trusted for its
    /// receiver); if not, it changed nothing.
    pub counted: bool,
    pub sender: Sender,
}

/// A roster of keys and who signed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RosterRead {
    pub roster: Roster,
    pub sender: Sender,
}

/// An approval and who signed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApprovalRead {
    pub approval: Approval,
    pub sender: Sender,
}

/// Why a request did not happen; nothing was written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum Failure {
    #[error("the file is refused ({} errors)", .0.len())]
    File(Vec<ImportError>),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// The data here changed between the preview and the apply.
    #[error("the data changed since the preview")]
    ChangedSincePreview,
    #[error("the file cannot be read: {0}")]
    CannotRead(String),
    #[error("there is no previewed file to apply")]
    NothingPreviewed,
    #[error("the workbook cannot be written: {0}")]
    CannotWrite(String),
    /// A workbook sent to the exchange engine: the workbook engine reads it.
    #[error("a workbook, for the workbook engine")]
    Workbook,
}

/// What a file would do here, as much as a screen shows of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub file: String,
    /// Who signed it, and how far that is known.
    pub sender: Sender,
    /// Written without personal details: those held here are kept.
    pub redacted: bool,
    /// Offices the file would add or change that lie outside what its
    /// signer may speak for: not taken (by code).
    #[serde(default)]
    pub not_taken: Vec<String>,
    /// Per table, the count of each outcome in `Outcome::ALL` order.
    pub counts: PerKind<[usize; 6]>,
    /// Per outcome that occurs, the first records behind it, by name.
    pub lists: Vec<(Outcome, Vec<String>)>,
    /// Every conflict, by table and position in the file.
    pub conflicts: Vec<(Kind, usize)>,
    /// The first conflicts, both versions side by side.
    pub cards: Vec<ConflictCard>,
}

impl Preview {
    pub fn count(&self, outcome: Outcome) -> usize {
        let column = Outcome::ALL.iter().position(|o| *o == outcome);
        column.map_or(0, |c| self.counts.iter().map(|(_, row)| row[c]).sum())
    }

    /// Whether applying the file would change anything.
    pub fn changes_something(&self) -> bool {
        [
            Outcome::New,
            Outcome::Updated,
            Outcome::Conflict,
            Outcome::Deleted,
        ]
        .iter()
        .any(|o| self.count(*o) > 0)
    }
}

/// One conflict: the version here and the file's, as JSON objects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConflictCard {
    pub kind: Kind,
    pub incoming: usize,
    pub mine: serde_json::Value,
    pub theirs: serde_json::Value,
}

/// What an applied import did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Applied {
    pub file: String,
    pub counts: Vec<(Outcome, usize)>,
    pub conflicts_taken: usize,
    /// Its entry in the import log (what its receipt is made from).
    pub logged: LogEntry,
}
