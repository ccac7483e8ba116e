//! A sheet's row as a record's version: its identity (its `记录ID`, else a
//! stable id from its natural key), and its revision and time against the
//! stored record of that id, whose fields the row cannot speak for it keeps.

use super::names::fold;
use crate::{Dataset, Kind, Record, Row, Timestamp};
use serde_json::{json, Map, Value as Json};
use std::collections::HashMap;
use uuid::Uuid;

/// The namespace of the ids given to rows without a `记录ID` (UUID v5).
const ROW_IDS: Uuid = Uuid::from_u128(0x6b1f_3c2e_9a57_4d0b_8e21_5f4c_7a90_d3e6);

/// The fields that name a record when it has no id.
fn natural_key(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::TrainingSessions => &["title", "start_date"],
        Kind::HonouredModels => &["name", "title", "awarded_on"],
        Kind::Cases => &["reference"],
        Kind::Offices => &["code"],
    }
}

/// Whether two rows may share a natural key and still be two records: two
/// sessions of one title on one day (morning and afternoon) may; a case's
/// reference number and an office's code name one thing only.
fn key_may_repeat(kind: Kind) -> bool {
    matches!(kind, Kind::TrainingSessions | Kind::HonouredModels)
}

/// The id a row stands for: its own, else one derived from its key. The
/// n-th row of a key that may repeat (in the sheets' order) is told apart by
/// its n, so the same sheets read again give every row the same id.
fn identity(kind: Kind, object: &Map<String, Json>, seen: &mut HashMap<String, usize>) -> Json {
    if let Some(id) = object.get("id").and_then(Json::as_str) {
        if !id.is_empty() {
            return json!(id);
        }
    }
    let mut key = format!("{}\u{1f}{}", kind.key(), text(&object["office"]));
    for field in natural_key(kind) {
        key.push('\u{1f}');
        key.push_str(&fold(&text(&object[*field])));
    }
    let occurrence = seen.entry(key.clone()).or_insert(0);
    *occurrence += 1;
    if *occurrence > 1 && key_may_repeat(kind) {
        key.push_str(&format!("\u{1f}#{occurrence}"));
    }
    json!(Uuid::new_v5(&ROW_IDS, key.as_bytes()).to_string())
}

fn text(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

/// A sheet's row, and the fields it leaves to the stored record.
pub(super) struct SheetRow<'a> {
    pub(super) object: Map<String, Json>,
    pub(super) kept: &'a [&'static str],
}

/// Gives a ledger row its id, revision and time: the stored record's own if
/// nothing changed, its next revision if something did, 1 if it is new.
/// Fields the row leaves to the stored record are taken from it.
pub(super) fn versioned(
    kind: Kind,
    row: SheetRow,
    stored: &Stored,
    seen: &mut HashMap<String, usize>,
    now: &Timestamp,
) -> Json {
    let SheetRow { mut object, kept } = row;
    let id = identity(kind, &object, seen);
    object.insert("id".into(), id.clone());
    let before = id.as_str().and_then(|id| stored.get(id));
    let before = before.as_ref();
    if let Some(Json::Object(before)) = before {
        for field in kept {
            if let Some(value) = before.get(*field) {
                object.insert((*field).to_owned(), value.clone());
            }
        }
    }
    let (revision, updated_at) = match before {
        Some(before) => (
            before["revision"].as_u64().unwrap_or(0),
            before["updated_at"].clone(),
        ),
        None => (0, json!(now.as_str())),
    };
    object.insert("revision".into(), json!(revision.max(1)));
    object.insert("updated_at".into(), updated_at);
    object.insert("deleted".into(), json!(false));
    let candidate = Json::Object(object);
    match before {
        Some(before) if *before == candidate => candidate,
        Some(_) => {
            let mut changed = candidate;
            changed["revision"] = json!(revision + 1);
            changed["updated_at"] = json!(now.as_str());
            changed
        }
        None => candidate,
    }
}

/// A ledger's stored records by id; a record is turned into JSON only when
/// a row names it (a sheet of ten rows need not serialise 100k records).
pub(super) struct Stored<'a> {
    data: &'a Dataset,
    kind: Kind,
    positions: HashMap<String, usize>,
}

impl<'a> Stored<'a> {
    pub(super) fn new(data: &'a Dataset, kind: Kind) -> Stored<'a> {
        fn by_id<R: Record>(rows: &[R]) -> HashMap<String, usize> {
            rows.iter()
                .enumerate()
                .map(|(i, r)| (r.id().to_string(), i))
                .collect()
        }
        let positions = match kind {
            Kind::TrainingSessions => by_id(&data.training_sessions),
            Kind::HonouredModels => by_id(&data.honoured_models),
            Kind::Cases => by_id(&data.cases),
            Kind::Offices => HashMap::new(),
        };
        Stored {
            data,
            kind,
            positions,
        }
    }

    /// The stored record with this id, as its JSON object.
    fn get(&self, id: &str) -> Option<Json> {
        let at = *self.positions.get(id)?;
        crate::with_row_type!(self.kind, R => serde_json::to_value(&R::rows(self.data)[at]).ok())
    }
}
