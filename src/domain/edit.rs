//! How records change: created at revision 1, every edit and every deletion
//! one revision later, deletions kept as tombstones so they travel in files.

use super::day::Timestamp;
use super::model::Record;

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
