//! The import and export flow, owned here and rendered by the exchange
//! screen: where an import stands (one typed state, named parts), what a
//! chosen file's read leads to (the password question included), and how an
//! export is named and written. Pure: no browser, tested natively.

use std::sync::Arc;
use taizhang_core::base::errors::AppError;
use taizhang_core::base::problem::FileProblem;
use taizhang_core::exchange::{self, ExportScope};
use taizhang_core::reporting::approval::Taken;
use taizhang_core::sheet::{workbook_name, SheetPlan, SheetShape, ValueChoice};
use taizhang_core::trust::KeyConflict;
use taizhang_core::{Day, Timestamp};
pub use taizhang_protocol::{
    Applied, ApprovalRead, ExportFormat, ExportOrder, Preview, ReceiptRead, RosterRead,
};

/// What a chosen file turned out to be, once the use case has read it.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened {
    /// An exchange file, read, checked and compared.
    Preview(Preview),
    /// A workbook or CSV file: its sheets, for the mapping step.
    Sheets(Vec<SheetShape>),
    /// A receipt for a file this copy sent, now kept with it. No ledger is touched.
    Receipt(ReceiptRead),
    /// An approval of this copy's month (or its sending back), taken.
    Approval(ApprovalShown),
    /// A roster of keys, signed by its issuer.
    Roster(RosterShown),
}

/// An approval read, and what taking it did.
#[derive(Clone, Debug, PartialEq)]
pub struct ApprovalShown {
    pub read: ApprovalRead,
    pub taken: Taken,
}

/// A roster read: taken at once when it comes from above (`taken`) and gives
/// no office a second key; else the user compares the issuer's fingerprint,
/// and each conflict's two.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterShown {
    pub read: RosterRead,
    pub taken: bool,
    pub conflicts: Vec<KeyConflict>,
}

/// A workbook being mapped: its sheets and the user's choices so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping {
    pub file: String,
    pub shapes: Arc<Vec<SheetShape>>,
    pub plans: Vec<SheetPlan>,
    pub choices: Vec<ValueChoice>,
}

impl Mapping {
    /// The reader's guesses, with the value choices recalled from earlier workbooks.
    pub fn new(file: String, shapes: Vec<SheetShape>, choices: Vec<ValueChoice>) -> Mapping {
        let plans = shapes.iter().map(|s| s.plan.clone()).collect();
        Mapping {
            file,
            shapes: Arc::new(shapes),
            plans,
            choices,
        }
    }
}

/// A file refused, with why.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    pub file: String,
    pub error: AppError,
    /// The mapping a workbook was read with, to change and read again.
    pub back: Option<Mapping>,
}

impl Refusal {
    /// Refused for its signature: the sender is shown as invalid.
    pub fn invalid_signature(&self) -> bool {
        matches!(&self.error, AppError::File(errors)
            if errors.iter().any(|e| matches!(e.problem, FileProblem::Signature(_))))
    }
}

/// A protected file whose password is asked (`wrong`: the last one given was not it).
#[derive(Clone, Debug, PartialEq)]
pub struct PasswordQuestion<F> {
    pub file: F,
    pub wrong: bool,
}

/// Where an import stands. `F` is the chosen file as the page holds it (kept
/// to read again once its password is given).
#[derive(Clone, Debug, PartialEq)]
pub enum ImportStage<F> {
    Idle,
    /// Reading, checking or comparing a file (see the progress).
    Working,
    /// A workbook's sheets, being mapped before they are read.
    Mapping(Mapping),
    Refused(Arc<Refusal>),
    Preview(Arc<Preview>),
    Done(Arc<Applied>),
    Receipt(Arc<ReceiptRead>),
    Password(PasswordQuestion<F>),
    Roster(Arc<RosterShown>),
    Approval(Arc<ApprovalShown>),
}

impl<F> ImportStage<F> {
    pub fn refused(file: String, error: AppError, back: Option<Mapping>) -> ImportStage<F> {
        ImportStage::Refused(Arc::new(Refusal { file, error, back }))
    }

    /// Where reading a chosen file leads: its preview, its sheets to map, what
    /// a receipt, roster or approval did, its password asked, or its
    /// refusal. `None`: the user cancelled, nothing to show. `asked`: a
    /// password was given for this read; `recalled`: value choices from
    /// earlier workbooks, for a mapping.
    pub fn after_read(
        file: F,
        name: String,
        asked: bool,
        read: Result<Opened, AppError>,
        recalled: Vec<ValueChoice>,
    ) -> Option<ImportStage<F>> {
        Some(match read {
            Ok(Opened::Preview(preview)) => ImportStage::Preview(Arc::new(preview)),
            Ok(Opened::Sheets(shapes)) => {
                ImportStage::Mapping(Mapping::new(name, shapes, recalled))
            }
            Ok(Opened::Receipt(read)) => ImportStage::Receipt(Arc::new(read)),
            Ok(Opened::Roster(shown)) => ImportStage::Roster(Arc::new(shown)),
            Ok(Opened::Approval(shown)) => ImportStage::Approval(Arc::new(shown)),
            Err(AppError::Cancelled) => return None,
            Err(error) => match password_asked(&error) {
                Some(wrong) => ImportStage::Password(PasswordQuestion {
                    file,
                    wrong: wrong || asked,
                }),
                None => ImportStage::refused(name, error, None),
            },
        })
    }
}

/// Whether a file's refusal is a question for its password: `Some(wrong)`.
pub fn password_asked(error: &AppError) -> Option<bool> {
    match error {
        AppError::File(errors) => match errors.as_slice() {
            [only] if only.problem == FileProblem::PasswordNeeded => Some(false),
            [only] if only.problem == FileProblem::WrongPassword => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// An export as the user asks for it on the screen.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportIntent {
    pub format: ExportFormat,
    /// The office chosen (`None`: everything).
    pub office: Option<String>,
    pub from: Option<Day>,
    pub to: Option<Day>,
    /// Empty: none.
    pub password: String,
    pub redacted: bool,
}

impl ExportIntent {
    /// The order for the engine: the file named for the office chosen, else
    /// this copy's own, and the day; a protected exchange file is a `.zip`.
    pub fn order(self, own_office: Option<String>, today: Day, now: Timestamp) -> ExportOrder {
        let named = self.office.as_deref().or(own_office.as_deref());
        let password = Some(self.password).filter(|p| !p.is_empty());
        let file_name = match self.format {
            ExportFormat::Exchange if password.is_some() => {
                format!("{}.zip", exchange::file_name(named, today))
            }
            ExportFormat::Exchange => exchange::file_name(named, today),
            ExportFormat::Workbook => workbook_name(named, today),
        };
        ExportOrder {
            file_name,
            scope: ExportScope {
                office: self.office,
                from: self.from,
                to: self.to,
            },
            source_office: own_office,
            now,
            format: self.format,
            password,
            redacted: self.redacted,
        }
    }
}
