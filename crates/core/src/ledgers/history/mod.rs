//! The history of a record (留痕): every change keeps what it changed, field
//! by field, with when and how (the form, an import of which file, the undo
//! of an import). Kept beside the ledgers in the same transaction as the
//! change; it travels in no file.

mod complete;
mod pages;

pub use complete::{complete, complete_in};
pub use pages::{bucket_of, import_pages, pages, read_page, PageError, BUCKETS};

use crate::ledgers::model::{Dataset, Record, Row};
use crate::{Kind, PerKind, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One change to one record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub ledger: Kind,
    /// The record's id.
    pub record: String,
    pub at: Timestamp,
    pub how: How,
    /// The record's revision number before the change (none: it was new)
    /// and after it.
    pub from_revision: Option<u32>,
    pub revision: u32,
    pub changes: Vec<FieldChange>,
}

/// How a record changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum How {
    /// Typed in its form, or deleted from its row.
    Form,
    /// Taken from an imported file.
    Import(FileNamed),
    /// Put back by the undo of that file's import.
    Undo(FileNamed),
}

/// The file an import read: its name, SHA-256 and the office it says sent it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileNamed {
    pub file: String,
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
}

/// One field's value before and after (`None`: the record did not exist).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// The record's identity, and the fields every change sets: they say
/// nothing of what changed.
const BOOKKEEPING: [&str; 3] = ["id", "revision", "updated_at"];

/// A row's fields by name, as the exchange file spells their values.
fn fields_of<R: Row>(row: &R) -> Map<String, Value> {
    match serde_json::to_value(row) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The fields that differ between `old` (absent for a new record) and `new`,
/// as their values in the exchange file, in the order of the record's fields.
pub fn changes<R: Row>(old: Option<&R>, new: &R) -> Vec<FieldChange> {
    let before = old.map(fields_of).unwrap_or_default();
    let after = fields_of(new);
    crate::ledgers::fields::fields(R::KIND)
        .iter()
        .map(|def| def.name)
        .filter(|name| !BOOKKEEPING.contains(name))
        .filter_map(|name| {
            let value = after.get(name)?.clone();
            let was = before.get(name).cloned();
            let unchanged = match &was {
                Some(was) => *was == value,
                // A new record's empty fields, and its not being deleted, say nothing.
                None => value.is_null() || value == Value::Bool(false) || value == "",
            };
            (!unchanged).then(|| FieldChange {
                field: name.to_owned(),
                old: old.map(|_| was.unwrap_or(Value::Null)),
                new: Some(value),
            })
        })
        .collect()
}

/// The revision a change of `old` into `new` leaves, if it changed a field.
pub fn revision<R: Record>(
    old: Option<&R>,
    new: &R,
    at: &Timestamp,
    how: &How,
) -> Option<Revision> {
    let changes = changes(old, new);
    (!changes.is_empty()).then(|| Revision {
        ledger: R::KIND,
        record: new.id().to_string(),
        at: at.clone(),
        how: how.clone(),
        from_revision: old.map(Record::revision),
        revision: new.revision(),
        changes,
    })
}

/// What an import did to the ledgers' records: those it changed, each a
/// revision, and those the file brought, kept compactly — their values are
/// left implied: they are the record's own until a later change, whose old
/// values say what they were (see [`complete`]). So an import of a million
/// new records keeps an id and a number each, not a copy of each.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportHistory {
    pub at: Timestamp,
    pub how: How,
    pub created: Vec<Created>,
    pub changed: Vec<Revision>,
}

/// A record an import created.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Created {
    pub ledger: Kind,
    pub id: uuid::Uuid,
    pub revision: u32,
}

impl Created {
    /// The record's id as files and the history spell it.
    pub fn id_text(&self) -> String {
        self.id
            .hyphenated()
            .encode_lower(&mut uuid::Uuid::encode_buffer())
            .to_owned()
    }
}

impl ImportHistory {
    /// An import that changed no record (offices only, or nothing kept).
    pub fn none(at: Timestamp, how: How) -> ImportHistory {
        ImportHistory {
            at,
            how,
            created: Vec::new(),
            changed: Vec::new(),
        }
    }

    /// Every revision the import made, the created records' first.
    pub fn revisions(&self) -> Vec<Revision> {
        self.created
            .iter()
            .map(|created| Revision {
                ledger: created.ledger,
                record: created.id_text(),
                at: self.at.clone(),
                how: self.how.clone(),
                from_revision: None,
                revision: created.revision,
                changes: Vec::new(),
            })
            .chain(self.changed.iter().cloned())
            .collect()
    }
}

/// What an import that turned `previous` into `next` (at the `touched`
/// positions) did to each ledger record (offices keep no history).
pub fn of_import(
    previous: &Dataset,
    next: &Dataset,
    touched: &PerKind<Vec<usize>>,
    at: &Timestamp,
    how: &How,
) -> ImportHistory {
    let mut out = ImportHistory::none(at.clone(), how.clone());
    let positions = |kind| touched.get(kind).as_slice();
    imported::<crate::TrainingSession>(previous, next, positions(Kind::TrainingSessions), &mut out);
    imported::<crate::HonouredModel>(previous, next, positions(Kind::HonouredModels), &mut out);
    imported::<crate::Case>(previous, next, positions(Kind::Cases), &mut out);
    out
}

/// The revisions of the records of one ledger an import touched.
fn imported<R: Record>(
    previous: &Dataset,
    next: &Dataset,
    positions: &[usize],
    out: &mut ImportHistory,
) {
    let (before, after) = (R::rows(previous), R::rows(next));
    for &position in positions {
        let Some(new) = after.get(position) else {
            continue;
        };
        match before.get(position) {
            Some(old) => out
                .changed
                .extend(revision(Some(old), new, &out.at, &out.how)),
            None => out.created.push(Created {
                ledger: R::KIND,
                id: new.id(),
                revision: new.revision(),
            }),
        }
    }
}

impl Revision {
    /// What undoing this change does: the same fields, back from new to old
    /// (a record the change added is gone after: its fields become none).
    pub fn undone(&self, at: &Timestamp, how: &How) -> Revision {
        Revision {
            ledger: self.ledger,
            record: self.record.clone(),
            at: at.clone(),
            how: how.clone(),
            from_revision: Some(self.revision),
            revision: self.from_revision.unwrap_or(0),
            changes: self
                .changes
                .iter()
                .map(|c| FieldChange {
                    field: c.field.clone(),
                    old: c.new.clone(),
                    new: c.old.clone(),
                })
                .collect(),
        }
    }
}

/// A field's value in a revision, as people read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    Empty,
    Yes,
    No,
    /// An office's code (shown by its name where this copy knows it).
    Office(String),
    Text(String),
}

/// How `value` of the field `name` of a `ledger` record reads in `lang`:
/// a choice by its label, an office by its code for the screen to name.
pub fn shown(ledger: Kind, name: &str, value: Option<&Value>, lang: crate::Lang) -> Shown {
    use crate::ledgers::fields::{field, Value as Rule};
    let rule = field(ledger, name).map(|def| def.value);
    match value {
        None | Some(Value::Null) => Shown::Empty,
        Some(Value::String(text)) if text.is_empty() => Shown::Empty,
        Some(Value::Bool(true)) => Shown::Yes,
        Some(Value::Bool(false)) => Shown::No,
        Some(Value::String(text)) => match rule {
            Some(Rule::OfficeRef) => Shown::Office(text.clone()),
            Some(Rule::Choice(options)) => Shown::Text(
                options()
                    .into_iter()
                    .find(|(code, _)| code == text)
                    .map_or_else(|| text.clone(), |(_, label)| label.get(lang).to_owned()),
            ),
            _ => Shown::Text(text.clone()),
        },
        Some(other) => Shown::Text(other.to_string()),
    }
}

/// The label of the field `name` of a `ledger` record (its name in files if
/// the declarations do not know it).
pub fn field_label(ledger: Kind, name: &str, lang: crate::Lang) -> String {
    crate::ledgers::fields::field(ledger, name)
        .map_or_else(|| name.to_owned(), |def| def.label.get(lang).to_owned())
}
