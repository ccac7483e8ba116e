//! The values a record was created with, where its history left them
//! implied (an import's new records): read back from the record as it is,
//! through the old values of every later change.

use super::{changes, Revision};
use crate::ledgers::model::{Dataset, Record};
use crate::{Case, HonouredModel, Kind, TrainingSession};
use serde_json::{Map, Value};
use uuid::Uuid;

/// Fills the implied values of `revisions` (one record's history, oldest
/// first) from `current`, the record as stored now. A creation whose
/// values cannot be known (the record was removed since, by an undo) stays
/// without them.
pub fn complete<R: Record>(current: Option<&R>, revisions: &mut [Revision]) {
    // The record's fields after the revision looked at, walking back.
    let mut state: Option<Map<String, Value>> =
        current.and_then(|row| match serde_json::to_value(row) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        });
    for revision in revisions.iter_mut().rev() {
        if revision.changes.is_empty() {
            if revision.from_revision.is_none() {
                // Created with its values implied: they are the state now.
                let created = state
                    .take()
                    .and_then(|map| serde_json::from_value::<R>(Value::Object(map)).ok());
                if let Some(created) = created {
                    revision.changes = changes(None, &created);
                }
            } else {
                // Removed (an undo of such a creation): before, unknown.
                state = None;
            }
            continue;
        }
        let Some(map) = state.as_mut() else {
            continue;
        };
        for change in &revision.changes {
            match &change.old {
                Some(old) => {
                    map.insert(change.field.clone(), old.clone());
                }
                // The record did not exist before this change.
                None => {
                    state = None;
                    break;
                }
            }
        }
    }
}

/// [`complete`] for the history of the record `id` among `data` (its
/// ledger named by its revisions).
pub fn complete_in(data: &Dataset, id: &str, revisions: &mut [Revision]) {
    let Some(ledger) = revisions.first().map(|r| r.ledger) else {
        return;
    };
    match ledger {
        Kind::TrainingSessions => complete_found::<TrainingSession>(data, id, revisions),
        Kind::HonouredModels => complete_found::<HonouredModel>(data, id, revisions),
        Kind::Cases => complete_found::<Case>(data, id, revisions),
        Kind::Offices => {}
    }
}

fn complete_found<R: Record>(data: &Dataset, id: &str, revisions: &mut [Revision]) {
    let id = Uuid::parse_str(id).ok();
    let current = R::rows(data).iter().find(|row| Some(row.id()) == id);
    complete(current, revisions);
}
