//! Approval of a month (审核确认), after DHIS2's data approval: the office
//! above approves a child's month, or sends it back, with a signed file
//! naming the SHA-256 of that month's records as it holds them. The child
//! locks the month when the hash matches its own records; the office above
//! can lock a child's month by itself some days after its due day.

use crate::base::day::Instant;
use crate::base::problem::FileProblem;
use crate::exchange::ImportError;
use crate::reporting::Month;
use serde::{Deserialize, Serialize};

mod hash;
mod locks;
mod taking;

use hash::date_field;
use hash::subtree;
pub use hash::{canonical, is_within, month_sha256};
pub use locks::{locked_changes, offices_after, Lock, Locks};
use taking::last_words;
pub use taking::{check_taken, is_strictly_under, last_word, ApprovedMonths, FUTURE_HOURS};

pub const APPROVAL_FORMAT: &str = "taizhang-approval";
const APPROVAL_VERSION: u64 = 1;
/// Files larger than this are never approvals.
const APPROVAL_MAX_BYTES: usize = 64 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Approve,
    /// Sent back (for corrections): the month is open again.
    Reopen,
}

impl Action {
    pub fn key(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reopen => "reopen",
        }
    }
}

/// The approval file (`taizhang-approval`), signed by the office `by`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub format: String,
    pub version: u64,
    /// The office whose month it is.
    pub office: String,
    /// `YYYY-MM`.
    pub month: String,
    pub action: Action,
    /// The approving office.
    pub by: String,
    /// When it was given: any offset, compared as an instant.
    pub at: Instant,
    pub records_sha256: String,
    #[serde(default)]
    pub reason: String,
}

impl Approval {
    pub fn new(
        office: &str,
        month: Month,
        action: Action,
        by: &str,
        at: impl Into<Instant>,
        records_sha256: String,
        reason: String,
    ) -> Approval {
        Approval {
            format: APPROVAL_FORMAT.to_owned(),
            version: APPROVAL_VERSION,
            office: office.to_owned(),
            month: month.key(),
            action,
            by: by.to_owned(),
            at: at.into(),
            records_sha256,
            reason,
        }
    }

    pub fn month(&self) -> Option<Month> {
        Month::parse(&self.month)
    }
}

/// `审核-<office>-<YYYY-MM>.json`, `退回-…` for a reopen.
pub fn approval_name(approval: &Approval) -> String {
    let verb = match approval.action {
        Action::Approve => "审核",
        Action::Reopen => "退回",
    };
    format!("{verb}-{}-{}.json", approval.office, approval.month)
}

/// The approval in `bytes`, if they say they are one (`None`: another format).
pub fn read_approval(bytes: &[u8]) -> Option<Result<Approval, Vec<ImportError>>> {
    if !crate::exchange::format_of::says_format(bytes, APPROVAL_MAX_BYTES, APPROVAL_FORMAT) {
        return None;
    }
    let bad = |pointer: &str, detail: String| {
        vec![ImportError::new(pointer, FileProblem::BadApproval(detail))]
    };
    Some(match serde_json::from_slice::<Approval>(bytes) {
        Ok(a) if a.version != APPROVAL_VERSION => {
            Err(bad("/version", format!("version {}", a.version)))
        }
        Ok(a) if a.month().is_none() => Err(bad("/month", a.month.clone())),
        Ok(a) if !is_sha256_hex(&a.records_sha256) => {
            Err(bad("/records_sha256", a.records_sha256.clone()))
        }
        Ok(a) => Ok(a),
        Err(e) => Err(bad("", e.to_string())),
    })
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// What taking an approval did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Taken {
    /// It matched this copy's records: the month is locked.
    Locked,
    /// The month is open again.
    Reopened,
    /// It approved other records than this copy holds for the month: nothing locked.
    DifferentVersion,
}
