//! The values a record was created with, where its history left them
//! implied (an import's new records): read back from the record as it is,
//! through the old values of every later change.

use super::{changes, fields_of, How, Revision};
use crate::ledgers::model::{Dataset, Record};
use crate::{Case, HonouredModel, Kind, TrainingSession};
use serde_json::{Map, Value};
use uuid::Uuid;

/// Fills the implied values of `revisions` (one record's history, oldest
/// first) from `current`, the record as stored now, walking back through
/// each change whose revision is the one the record is at: its old values
/// are what the record was before it. A change the record does not come
/// from (an undo put back blocks from before it) is passed over, and an
/// undo is crossed as if it and the import it undid (whose entries gave
/// way to it) were not there: it put back the record as it was before that
/// import. A creation whose values cannot be known this way (its record
/// removed since by an undo, or a stored change missing) is left without
/// them, never guessed.
pub fn complete<R: Record>(current: Option<&R>, revisions: &mut [Revision]) {
    // The record's fields after the revision looked at, walking back.
    let mut state: Option<Map<String, Value>> = current.map(fields_of);
    for revision in revisions.iter_mut().rev() {
        let at = state
            .as_ref()
            .and_then(|map| map.get("revision"))
            .and_then(Value::as_u64);
        let from_here = at == Some(u64::from(revision.revision));
        let implied = revision.changes.is_empty();
        if let How::Undo(_) = revision.how {
            if implied && revision.from_revision.is_some() {
                // The undo of a creation: before the import it undid, no record.
                state = None;
            }
            continue;
        }
        if implied && revision.from_revision.is_none() {
            // Created with its values implied: they are the state, if the
            // state is the one this creation left.
            let created = state
                .take()
                .filter(|_| from_here)
                .and_then(|map| serde_json::from_value::<R>(Value::Object(map)).ok());
            if let Some(created) = created {
                revision.changes = changes(None, &created);
            }
            continue;
        }
        if !from_here {
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
        match (state.as_mut(), revision.from_revision) {
            (Some(map), Some(before)) => {
                map.insert("revision".into(), Value::from(before));
            }
            _ => state = None,
        }
    }
}

/// [`complete`] for the history of the record `id` of `ledger` among
/// `data`; revisions of another ledger's record of the same id (a file can
/// bring one) are left out first.
pub fn complete_in(data: &Dataset, ledger: Kind, id: &str, revisions: &mut Vec<Revision>) {
    revisions.retain(|revision| revision.ledger == ledger);
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
