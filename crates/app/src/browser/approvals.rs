//! Approving a month (审核确认): the office above approves a month of an
//! office reporting to it, or sends it back, and downloads the signed file;
//! the office approved takes that file and locks (or opens) the month.
//! Locked months refuse every change to their records.

use super::{trust, AppError, Session};
use leptos::prelude::*;
use taizhang_core::base::day::Instant;
use taizhang_core::base::problem::FileProblem;
use taizhang_core::reporting::approval::{
    approval_name, check_taken, is_strictly_under, last_word, month_sha256, Action, Approval, Lock,
    Locks, APPROVAL_FORMAT,
};
use taizhang_core::reporting::Month;
use taizhang_core::trust::Sender;
use taizhang_core::{Dataset, Day, Record, Timestamp};

pub use taizhang_core::reporting::approval::Taken;

/// The office above approves (or sends back, with `reason`) `office`'s
/// `month` as this copy holds it: the signed file's name and bytes, and the
/// approval kept here too.
pub async fn give(
    session: Session,
    office: &str,
    month: Month,
    action: Action,
    reason: String,
    now: Timestamp,
) -> Result<(String, Vec<u8>), AppError> {
    let Some(own) = session.settings.with_untracked(|s| s.own_office.clone()) else {
        return Err(AppError::NoOwnOffice);
    };
    // A copy approves only the months of offices under its own.
    if !session
        .data
        .with_untracked(|d| is_strictly_under(&d.offices, office, &own))
    {
        return Err(AppError::Refused(FileProblem::ApprovalNotBelow {
            office: office.to_owned(),
        }));
    }
    let hash = session
        .data
        .with_untracked(|d| month_sha256(d, office, month));
    // Given to the millisecond: an approval and a sending back in the same
    // second stay in order (on equal instants an approval wins).
    // and after the last word this copy gave on the month, even on a clock
    // that stands still: a later click is the later word.
    let last = session.settings.with_untracked(|s| {
        last_word(&s.approvals_given, office, month).map(|a| a.at.nanos() / 1_000_000)
    });
    let millis = (js_sys::Date::now() as i64).max(last.map_or(i64::MIN, |l| l as i64 + 1));
    let at = Instant::from_unix_millis(millis).max(now.into());
    let approval = Approval::new(office, month, action, &own, at, hash, reason);
    let text = serde_json::to_string_pretty(&approval)
        .map_err(|e| AppError::CannotWrite(e.to_string()))?;
    let bytes = trust::signed(text, own, APPROVAL_FORMAT).await?;
    let name = approval_name(&approval);
    let mut settings = session.settings.get_untracked();
    settings.approvals_given.push(approval);
    session.store_settings(settings).await?;
    Ok((name, bytes))
}

/// Takes an approval of this copy's month (see `approval::check_taken`):
/// from a key trusted for an office strictly above this one, never this
/// copy's own, not dated more than a day ahead of `now`; to lock, for the
/// records this copy holds.
pub async fn take(
    session: Session,
    approval: Approval,
    sender: Sender,
    now: Timestamp,
) -> Result<Taken, AppError> {
    let own = session.settings.with_untracked(|s| s.own_office.clone());
    let month = session
        .data
        .with_untracked(|d| check_taken(&approval, &sender, own.as_deref(), &d.offices, &now))
        .map_err(|refused| AppError::File(vec![refused]))?;
    let taken = match approval.action {
        Action::Reopen => Taken::Reopened,
        Action::Approve => {
            let ours = session
                .data
                .with_untracked(|d| month_sha256(d, &approval.office, month));
            if ours != approval.records_sha256 {
                return Ok(Taken::DifferentVersion);
            }
            Taken::Locked
        }
    };
    let mut settings = session.settings.get_untracked();
    settings.approvals_taken.push(approval);
    session.store_settings(settings).await?;
    Ok(taken)
}

/// The months locked here on `today`; read inside a `Memo`, it follows the
/// settings and the offices.
pub fn locks(session: Session, today: Day) -> Locks {
    session
        .data
        .with(|d| session.settings.with(|s| s.locks(&d.offices, today)))
}

/// Refused when changing `old` into `new` would touch a locked month.
pub fn check_unlocked<R: Record>(
    session: Session,
    old: Option<&R>,
    new: Option<&R>,
    today: Day,
) -> Result<(), AppError> {
    let lock = session.data.with_untracked(|d| {
        session
            .settings
            .with_untracked(|s| s.locks(&d.offices, today))
            .on_change(old, new)
    });
    match lock {
        Some(lock) => Err(AppError::Refused(locked(session, &lock))),
        None => Ok(()),
    }
}

/// The sentence of a lock, naming the month and its approver.
pub fn locked(session: Session, lock: &Lock) -> FileProblem {
    let by = session
        .data
        .with_untracked(|d| taizhang_core::office_name(&d.offices, &lock.by));
    FileProblem::MonthLocked {
        month: lock.month.key(),
        by,
    }
}

/// Sets the days after the due day at which a month of the offices
/// reporting here locks itself (none: never).
pub async fn set_expiry_days(session: Session, days: Option<u16>) -> Result<(), AppError> {
    let mut settings = session.settings.get_untracked();
    settings.expiry_days = days;
    session.store_settings(settings).await
}

/// Refused when turning the data into `after` (its offices `after_offices`:
/// a removal or a move in the tree) would change a locked month.
pub fn check_tree_change(
    session: Session,
    after: Option<&Dataset>,
    after_offices: &[taizhang_core::Office],
    today: Day,
) -> Result<(), AppError> {
    let lock = session.data.with_untracked(|d| {
        session.settings.with_untracked(|s| {
            let before = s.locks(&d.offices, today);
            let later = s.locks(after_offices, today);
            before.broken_by(&later, d, after.unwrap_or(d))
        })
    });
    match lock {
        Some(lock) => Err(AppError::Refused(locked(session, &lock))),
        None => Ok(()),
    }
}
