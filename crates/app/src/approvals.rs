//! Approving a month (审核确认): the office above approves a month of an
//! office reporting to it, or sends it back, and downloads the signed file;
//! the office approved takes that file and locks (or opens) the month.
//! Locked months refuse every change to their records.

use super::{trust, AppError, Session};
use leptos::prelude::*;
use taizhang_core::approval::{
    approval_name, is_within, month_sha256, Action, Approval, Lock, Locks, APPROVAL_FORMAT,
};
use taizhang_core::problem::FileProblem;
use taizhang_core::reporting::Month;
use taizhang_core::trust::{Sender, Trust};
use taizhang_core::{Day, Record, Timestamp};

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
    let hash = session
        .data
        .with_untracked(|d| month_sha256(d, office, month));
    let approval = Approval::new(office, month, action, &own, now, hash, reason);
    let text = serde_json::to_string_pretty(&approval)
        .map_err(|e| AppError::CannotWrite(e.to_string()))?;
    let bytes = trust::signed(text, own, APPROVAL_FORMAT).await?;
    let name = approval_name(&approval);
    keep(session, approval).await?;
    Ok((name, bytes))
}

/// Takes an approval of this copy's month: signed by a key trusted for an
/// office above this one, and, to lock, for the records this copy holds.
pub async fn take(session: Session, approval: Approval, sender: Sender) -> Result<Taken, AppError> {
    let refused = |problem| Err(AppError::Refused(problem));
    let own = session.settings.with_untracked(|s| s.own_office.clone());
    if own.as_deref() != Some(approval.office.as_str()) {
        return refused(FileProblem::ApprovalNotForThisOffice {
            office: approval.office.clone(),
        });
    }
    let signed_by = sender.key.as_ref().map(|k| k.office.as_str());
    if sender.trust != Trust::Verified || signed_by != Some(approval.by.as_str()) {
        return refused(FileProblem::ApprovalNotTrusted {
            by: approval.by.clone(),
        });
    }
    let above = approval.by != approval.office
        && session
            .data
            .with_untracked(|d| is_within(&d.offices, &approval.office, &approval.by));
    if !above {
        return refused(FileProblem::ApprovalNotFromAbove {
            by: approval.by.clone(),
        });
    }
    let Some(month) = approval.month() else {
        return refused(FileProblem::BadApproval(approval.month.clone()));
    };
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
    keep(session, approval).await?;
    Ok(taken)
}

/// Keeps an approval in the settings (stored before it is shown).
async fn keep(session: Session, approval: Approval) -> Result<(), AppError> {
    let mut settings = session.settings.get_untracked();
    settings.approvals.push(approval);
    session.store_settings(settings).await
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
    let by = session.data.with_untracked(|d| {
        d.offices
            .iter()
            .find(|o| o.code == lock.by)
            .map_or_else(|| lock.by.clone(), |o| o.name.clone())
    });
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
