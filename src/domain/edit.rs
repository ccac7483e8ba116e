//! How records change: created at revision 1, every edit and every deletion
//! one revision later, deletions kept as tombstones so they travel in files.

use super::day::Timestamp;
use super::model::{Dataset, Record};

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

/// An office removed from this copy, with what went with it.
#[derive(Clone, Debug, PartialEq)]
pub struct OfficeRemoval {
    pub data: Dataset,
    /// Records (not counting tombstones) that went with it, per ledger.
    pub records: [usize; 3],
    /// Per table (offices, then the three ledgers), the first position that
    /// changed: the rest of that table moved up.
    pub first_changed: [Option<usize>; 4],
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RemoveOfficeError {
    #[error("there is no office {0:?}")]
    Unknown(String),
    #[error("{count} offices sit under {code:?}")]
    HasOffices { code: String, count: usize },
}

/// Removes an office and every record it owns, tombstones included: a file
/// must name the office of each record in it, so none can stay behind.
/// (Offices have no tombstones in the format: this is a local removal.)
pub fn remove_office(data: &Dataset, code: &str) -> Result<OfficeRemoval, RemoveOfficeError> {
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
    let mut next = data.clone();
    next.offices.remove(position);
    let (training, training_first) = remove_owned(&mut next.training_sessions, code);
    let (models, models_first) = remove_owned(&mut next.honoured_models, code);
    let (cases, cases_first) = remove_owned(&mut next.cases, code);
    Ok(OfficeRemoval {
        data: next,
        records: [training, models, cases],
        first_changed: [Some(position), training_first, models_first, cases_first],
    })
}

/// Removes `code`'s records; returns how many were live and where the first was.
fn remove_owned<R: Record>(records: &mut Vec<R>, code: &str) -> (usize, Option<usize>) {
    let first = records.iter().position(|r| r.office() == code);
    let live = records
        .iter()
        .filter(|r| r.office() == code && !r.is_deleted())
        .count();
    records.retain(|r| r.office() != code);
    (live, first)
}
