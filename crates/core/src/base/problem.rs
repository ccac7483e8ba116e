//! What can be wrong with a record or a file, as typed values. The domain
//! finds problems; the text catalogue (`crate::catalogue`) words them in the
//! user's language, so a problem found once reads in either.

use crate::ledgers::kind::Kind;

/// A broken rule of one field of a record.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Rule {
    Required,
    NotADate,
    NotANumber,
    NotAWholeNumber,
    NotAChoice,
    TooLong {
        max: usize,
        has: usize,
    },
    CountOutOfRange {
        max: u32,
    },
    HoursOutOfRange {
        max: u32,
    },
    BadCode,
    OwnParent,
    ParentBelowItself,
    CodeUsedTwice(String),
    CodeCannotChange(String),
    NoSuchParent(String),
    ParentCycle,
    NoSuchOffice(String),
    RevisionBelowOne,
    EndBeforeStart,
    DeadlineBeforeReceived,
    ResolvedNeedsDate,
    OpenHasResolvedDate,
    ResolvedBeforeReceived,
    ResolvedNeedsOutcome,
    OpenHasOutcome,
    /// The form's values did not make a record (a declaration/model mismatch).
    FormUnreadable(String),
}

/// One broken rule and the field it concerns (`""`: the record as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub rule: Rule,
}

impl Problem {
    pub fn new(field: &'static str, rule: Rule) -> Problem {
        Problem { field, rule }
    }

    pub fn required(field: &'static str) -> Problem {
        Problem::new(field, Rule::Required)
    }
}

/// The JSON type a value of a file should have had.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Expected {
    Text,
    Uuid,
    WholeNumber,
    Number,
    TrueOrFalse,
    Date,
    Timestamp,
}

/// What is wrong with a file, at one place in it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FileProblem {
    TooLarge {
        megabytes: u64,
        limit: u64,
    },
    NotUtf8 {
        byte: usize,
    },
    NestedTooDeep {
        line: usize,
        column: usize,
        limit: Option<usize>,
    },
    EndsEarly {
        line: usize,
        column: usize,
    },
    Malformed {
        line: usize,
        column: usize,
        detail: String,
    },
    NotAnObject,
    KeyTwice(String),
    WrongFormat {
        expected: String,
        found: String,
    },
    MissingFormat,
    NewerVersion {
        found: u64,
        reads: u64,
    },
    UnknownVersion(String),
    MissingVersion,
    BadExportedAt,
    MissingExportedAt,
    BadSourceOffice,
    UnknownKey(String),
    MissingTable(Kind),
    NotAnArray,
    RecordNotAnObject,
    MissingKey(String),
    WrongType {
        expected: Expected,
        nullable: bool,
        found: String,
    },
    NotAllowed {
        found: String,
        allowed: Vec<String>,
    },
    Unreadable(String),
    IdUsedTwice {
        first: String,
    },
    /// A record's own rule, at the field's pointer.
    Record(Rule),
    /// A workbook in WPS's own format (`.et`), which only WPS reads.
    WpsWorkbook,
    UnreadableWorkbook(String),
    /// A file that says it is a receipt but is not a good one.
    BadReceipt(String),
    /// A file that says it is an approval but is not a good one.
    BadApproval(String),
    /// A change to a record of a locked month (`by`: the approving office's name).
    MonthLocked {
        month: String,
        by: String,
    },
    /// An approval for another office than this copy's.
    ApprovalNotForThisOffice {
        office: String,
    },
    /// An approval signed by an office not above the one it approves.
    ApprovalNotFromAbove {
        by: String,
    },
    /// An approval unsigned, or signed by a key this copy does not trust for its office.
    ApprovalNotTrusted {
        by: String,
    },
    /// An approval signed by this copy's own key (now or before a change of
    /// its own office): a copy never approves its own months.
    ApprovalFromOwnKey,
    /// An approval dated more than a day after this copy's clock.
    ApprovalInFuture {
        at: String,
    },
    /// A copy gives approvals only for offices strictly under its own.
    ApprovalNotBelow {
        office: String,
    },
    /// A row of a signed file whose office (`office`, by name) lies outside
    /// what its signer (`signer`, by name) may speak for.
    OutOfReach {
        office: String,
        signer: String,
    },
    /// A roster entry for an office outside its issuer's tree.
    RosterOutOfReach {
        office: String,
        issuer: String,
    },
    /// An encrypted workbook protected by another method than ECMA-376 agile AES.
    EncryptedWorkbookUnsupported(String),
    /// An encrypted workbook that is damaged or cut short.
    EncryptedWorkbookCorrupted,
    /// An encrypted workbook whose stream does not match its data integrity
    /// (HMAC): changed after it was encrypted.
    EncryptedWorkbookAltered,
    /// `redacted` is not `true` or `false`.
    BadRedacted,
    /// A protected file, and no password given yet.
    PasswordNeeded,
    /// The password does not open the protected file.
    WrongPassword,
    /// A password shorter than the least a file is protected with.
    PasswordTooShort,
    /// A ZIP must hold exactly one file.
    ZipNotOneFile(usize),
    /// A ZIP entry whose name would leave its folder (`../`, an absolute path).
    ZipPathOutside(String),
    /// A ZIP entry declared or found larger than a file the app reads.
    ZipTooLarge {
        limit: u64,
    },
    /// A ZIP compressed or encrypted by a method the app does not read.
    ZipUnsupported(String),
    /// A ZIP whose encrypted content fails its check: changed or cut short.
    ZipCorrupted(String),
    ZipUnreadable(String),
    /// A file that says it is a roster but is not a good one.
    BadRoster(String),
    /// A roster without a signature: keys are taken only from a signed one.
    RosterNotSigned,
    /// A signed file that cannot be read or whose header is not an office key's.
    Signature(crate::trust::JwsFault),
    /// A receipt for a file this copy never wrote.
    ReceiptForUnknownFile {
        file_name: String,
    },
    /// A receipt that names a file this copy wrote, but says of it what the
    /// file does not: another sender or time, counts that do not add up to
    /// its records, or its own sender as the receiver.
    ReceiptDoesNotFit {
        file_name: String,
        field: String,
    },
    /// A sheet's cell that is not a date, a number or one of a field's choices.
    CellNotADate(String),
    CellNotANumber(String),
    CellNotAWholeNumber(String),
    CellNotAChoice {
        kind: Kind,
        field: String,
        found: String,
    },
}
