//! Saving and deleting one row: only the block that holds it is encoded and
//! written, and once stored the row is set in memory in place, so saving one
//! record never copies the ledgers, however many are stored.

use super::{approvals, AppError, Session};
use leptos::prelude::*;
use taizhang_core::ledgers::chunks::{self, chunk_slice, CHUNK_LEN};
use taizhang_core::ledgers::edit::tombstone;
use taizhang_core::ledgers::entries::Entry;
use taizhang_core::ledgers::form::FormValues;
use taizhang_core::ledgers::history::{self, How, Revision};
use taizhang_core::{Kind, Record, Row, Timestamp};
use taizhang_storage::StorageError;

/// The record a form describes, saved: a new one (`position` `None`), or the
/// one at `position` as it was when its form was opened at `opened_revision`.
pub async fn save_record<R: Entry>(
    session: Session,
    position: Option<usize>,
    opened_revision: u32,
    values: &FormValues,
    now: Timestamp,
) -> Result<(), AppError> {
    let previous =
        position.and_then(|p| session.data.with_untracked(|d| R::rows(d).get(p).cloned()));
    if let Some(current) = previous.as_ref().map(Record::revision) {
        if current != opened_revision {
            let error = AppError::ChangedElsewhere { current };
            session.notice.set(Some(error.clone()));
            return Err(error);
        }
    }
    let tree = session.tree.get_untracked();
    let exists = |code: &str| tree.0.contains(code);
    let record =
        R::from_form(values, previous.as_ref(), now.clone(), &exists).map_err(AppError::Invalid)?;
    refuse_if_locked(session, previous.as_ref(), &record, &now)?;
    let revision = history::revision(previous.as_ref(), &record, &now, &How::Form);
    put_row(session, position, record, revision).await
}

/// Deletes the record at `position`: a tombstone one revision later, which travels in files.
pub async fn delete_record<R: Record>(
    session: Session,
    position: usize,
    now: Timestamp,
) -> Result<(), AppError> {
    let Some(record) = session
        .data
        .with_untracked(|d| R::rows(d).get(position).cloned())
    else {
        return Ok(());
    };
    let deleted = tombstone(&record, now.clone());
    refuse_if_locked(session, Some(&record), &deleted, &now)?;
    let revision = history::revision(Some(&record), &deleted, &now, &How::Form);
    put_row(session, Some(position), deleted, revision).await
}

/// A change to a record of a locked month is refused, with the notice.
fn refuse_if_locked<R: Record>(
    session: Session,
    old: Option<&R>,
    new: &R,
    now: &Timestamp,
) -> Result<(), AppError> {
    let Some(today) = now.day() else {
        return Ok(());
    };
    approvals::check_unlocked(session, old, Some(new), today).inspect_err(|error| {
        session.notice.set(Some(error.clone()));
    })
}

/// Stores `row` at `position` (or after the last row) by rewriting its block
/// alone, with the change's entry in its history, then puts it in the
/// dataset in memory.
pub(super) async fn put_row<R: Row>(
    session: Session,
    position: Option<usize>,
    row: R,
    revision: Option<Revision>,
) -> Result<(), AppError> {
    let (index, bytes) = session.data.with_untracked(|d| {
        let rows = R::rows(d);
        let index = position.unwrap_or(rows.len());
        // At most one block of rows is copied, to encode it with the new row.
        let mut block = chunk_slice(rows, index / CHUNK_LEN).to_vec();
        match block.get_mut(index % CHUNK_LEN) {
            Some(slot) => *slot = row.clone(),
            None => block.push(row.clone()),
        }
        (index, chunks::encode(&block))
    });
    let bytes = bytes.map_err(|e| StorageError::Failed(e.to_string()))?;
    session
        .write(
            |store| async move {
                let history: Vec<Revision> = revision.into_iter().collect();
                store
                    .save_blocks(vec![(R::KIND, index / CHUNK_LEN, bytes)], None, &history)
                    .await
            },
            |()| {
                session.data.update(|d| {
                    let rows = R::rows_mut(d);
                    match rows.get_mut(index) {
                        Some(slot) => *slot = row,
                        None => rows.push(row),
                    }
                });
                session.forget_undo();
            },
        )
        .await
}

/// Every change kept for the record `id` of `ledger`, oldest first, with the values an
/// import left implied read from the record as it is.
pub async fn history_of(
    session: Session,
    ledger: Kind,
    id: String,
) -> Result<Vec<Revision>, AppError> {
    let Some(store) = session.store.get_value() else {
        return Err(StorageError::Unavailable.into());
    };
    let mut revisions = store.history_of(&id).await?;
    session
        .data
        .with_untracked(|data| history::complete_in(data, ledger, &id, &mut revisions));
    Ok(revisions)
}
