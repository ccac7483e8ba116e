//! Which approvals a copy takes (signed by a key trusted for an office
//! strictly above, not too far ahead), and which word is the last.

use super::{is_within, subtree, Action, Approval};
use crate::base::problem::FileProblem;
use crate::exchange::ImportError;
use crate::ledgers::model::Office;
use crate::reporting::Month;
use crate::trust::Sender;
use crate::{Day, Timestamp};
use std::collections::{HashMap, HashSet};

/// How far after this copy's clock an approval may be dated (clocks differ).
pub const FUTURE_HOURS: i64 = 24;

/// Whether the copy that is `own_office` takes `approval`, which `sender`
/// signed, on `now`: for this office, signed by a key trusted for the office
/// it names as approver, that office strictly above this one in this copy's
/// own tree, never this copy's own key, and not dated more than a day ahead.
pub fn check_taken(
    approval: &Approval,
    sender: &Sender,
    own_office: Option<&str>,
    offices: &[Office],
    now: &Timestamp,
) -> Result<Month, ImportError> {
    let refuse = |at: &str, problem| Err(ImportError::new(at, problem));
    if own_office != Some(approval.office.as_str()) {
        let office = approval.office.clone();
        return refuse("/office", FileProblem::ApprovalNotForThisOffice { office });
    }
    if sender.own {
        return refuse("/by", FileProblem::ApprovalFromOwnKey);
    }
    let signed_by = sender.key.as_ref().map(|k| k.office.as_str());
    if sender.trust != crate::trust::Trust::Verified || signed_by != Some(approval.by.as_str()) {
        let by = approval.by.clone();
        return refuse("/by", FileProblem::ApprovalNotTrusted { by });
    }
    // A key a roster vouched for speaks only for offices under its issuer here.
    let vouched = sender.key.as_ref().and_then(|k| k.vouched_by.as_deref());
    if vouched.is_some_and(|issuer| !is_within(offices, &approval.by, issuer)) {
        let by = approval.by.clone();
        return refuse("/by", FileProblem::ApprovalNotTrusted { by });
    }
    if !is_strictly_under(offices, &approval.office, &approval.by) {
        let by = approval.by.clone();
        return refuse("/by", FileProblem::ApprovalNotFromAbove { by });
    }
    if approval.at.is_after(now, FUTURE_HOURS) {
        let at = approval.at.as_str().to_owned();
        return refuse("/at", FileProblem::ApprovalInFuture { at });
    }
    match approval.month() {
        Some(month) => Ok(month),
        None => refuse("/month", FileProblem::BadApproval(approval.month.clone())),
    }
}

/// Whether `office` lies strictly under `above` in `offices`' tree.
pub fn is_strictly_under(offices: &[Office], office: &str, above: &str) -> bool {
    office != above && is_within(offices, office, above)
}

/// Whether `a` is the later word than `b` on the same month: the later
/// instant, and on equal instants an approval over a sending back.
fn later(a: &Approval, b: &Approval) -> bool {
    match a.at.cmp(&b.at) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => a.action == Action::Approve && b.action == Action::Reopen,
    }
}

/// The last word on each office and month (see [`later`]).
pub(super) fn last_words(approvals: &[Approval]) -> Vec<&Approval> {
    let mut last: Vec<&Approval> = Vec::new();
    for approval in approvals {
        match last
            .iter_mut()
            .find(|a| a.office == approval.office && a.month == approval.month)
        {
            Some(kept) if later(approval, kept) => *kept = approval,
            Some(_) => {}
            None => last.push(approval),
        }
    }
    last
}

/// The last word on `office`'s `month`: the approval or sending back given
/// latest (on equal instants, the approval).
pub fn last_word<'a>(
    approvals: &'a [Approval],
    office: &str,
    month: Month,
) -> Option<&'a Approval> {
    let key = month.key();
    approvals
        .iter()
        .filter(|a| a.office == office && a.month == key)
        .fold(None, |kept: Option<&Approval>, a| match kept {
            Some(k) if !later(a, k) => Some(k),
            _ => Some(a),
        })
}

/// The records that count when the figures are restricted to approved
/// months: those of a month approved (and not sent back since) for their
/// office or one above it, and the own office's own records, which no one
/// at this level approves.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApprovedMonths {
    offices_by_month: HashMap<Month, HashSet<String>>,
    own_office: Option<String>,
}

impl ApprovedMonths {
    pub fn new(
        taken: &[Approval],
        given: &[Approval],
        offices: &[Office],
        own_office: Option<&str>,
    ) -> Self {
        let mut offices_by_month: HashMap<Month, HashSet<String>> = HashMap::new();
        for approval in last_words(taken).into_iter().chain(last_words(given)) {
            if let (Action::Approve, Some(month)) = (approval.action, approval.month()) {
                offices_by_month
                    .entry(month)
                    .or_default()
                    .extend(subtree(offices, &approval.office));
            }
        }
        ApprovedMonths {
            offices_by_month,
            own_office: own_office.map(str::to_owned),
        }
    }

    /// Whether a record of `office` placed at `day` counts.
    pub fn counts(&self, office: &str, day: Day) -> bool {
        self.own_office.as_deref() == Some(office)
            || self
                .offices_by_month
                .get(&Month::of(day))
                .is_some_and(|inside| inside.contains(office))
    }
}
