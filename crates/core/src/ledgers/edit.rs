//! How records change: created at revision 1, every edit and every deletion
//! one revision later, deletions kept as tombstones so they travel in files.

use crate::base::day::Timestamp;
use crate::ledgers::kind::PerKind;
use crate::ledgers::model::{Dataset, Record};

/// Applies an edit: the new content takes the next revision of `previous`.
pub fn edited<R: Record>(previous: &R, mut new_content: R, now: Timestamp) -> R {
    new_content.set_version(previous.revision().saturating_add(1), now, false);
    new_content
}

/// A deletion: the same record, one revision later, marked deleted.
pub fn tombstone<R: Record>(record: &R, now: Timestamp) -> R {
    let mut dead = record.clone();
    dead.set_version(record.revision().saturating_add(1), now, true);
    dead
}

/// A new record's version fields: revision 1, not deleted.
pub fn created<R: Record>(mut record: R, now: Timestamp) -> R {
    record.set_version(1, now, false);
    record
}

/// An office removed from this copy, with its records.
#[derive(Clone, Debug, PartialEq)]
pub struct OfficeRemoval {
    pub data: Dataset,
    /// Per table, the first position that changed: the rest of that table moved up.
    pub first_changed: PerKind<Option<usize>>,
}

#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum RemoveOfficeError {
    #[error("there is no office {0:?}")]
    Unknown(String),
    #[error("{count} offices sit under {code:?}")]
    HasOffices { code: String, count: usize },
}

/// Where `code` is among the offices, if it can go: no office may sit under it.
fn removable(data: &Dataset, code: &str) -> Result<usize, RemoveOfficeError> {
    let position = data
        .offices
        .iter()
        .position(|o| o.code == code)
        .ok_or_else(|| RemoveOfficeError::Unknown(code.to_owned()))?;
    let count = data
        .offices
        .iter()
        .filter(|o| o.parent.as_deref() == Some(code))
        .count();
    if count > 0 {
        return Err(RemoveOfficeError::HasOffices {
            code: code.to_owned(),
            count,
        });
    }
    Ok(position)
}

/// What removing an office would take with it: the office, and its records
/// (not counting tombstones) per ledger; or why it cannot go. Reads only, for the question.
pub fn records_going_with(data: &Dataset, code: &str) -> Result<PerKind<usize>, RemoveOfficeError> {
    removable(data, code)?;
    fn live<R: Record>(records: &[R], code: &str) -> usize {
        records
            .iter()
            .filter(|r| r.office() == code && !r.is_deleted())
            .count()
    }
    Ok(PerKind {
        offices: 1,
        training_sessions: live(&data.training_sessions, code),
        honoured_models: live(&data.honoured_models, code),
        cases: live(&data.cases, code),
    })
}

/// Removes an office and every record it owns, tombstones included: a file
/// must name the office of each record in it, so none can stay behind.
/// (Offices have no tombstones in the format: this is a local removal.)
pub fn remove_office(data: &Dataset, code: &str) -> Result<OfficeRemoval, RemoveOfficeError> {
    let position = removable(data, code)?;
    let mut next = data.clone();
    next.offices.remove(position);
    Ok(OfficeRemoval {
        first_changed: PerKind {
            offices: Some(position),
            training_sessions: remove_owned(&mut next.training_sessions, code),
            honoured_models: remove_owned(&mut next.honoured_models, code),
            cases: remove_owned(&mut next.cases, code),
        },
        data: next,
    })
}

/// Removes `code`'s records; returns where the first of them was.
fn remove_owned<R: Record>(records: &mut Vec<R>, code: &str) -> Option<usize> {
    let first = records.iter().position(|r| r.office() == code);
    records.retain(|r| r.office() != code);
    first
}
