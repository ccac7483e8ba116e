//! Each record's fields, declared once: the name in files, the label people
//! read, the value and its rule, and the names a sheet's header row may give
//! it (the first is what a workbook writes). Entry forms, the shape check of
//! imported files, field labels, the length rules and CSV columns derive from
//! these tables, so adding a field is one edit here (and one in the model).

mod tables;

use crate::base::text::Text;
use crate::ledgers::kind::Kind;
use tables::{CASES, HONOURED_MODELS, OFFICES, TRAINING_SESSIONS};

/// What a field holds, with its rule.
#[derive(Clone, Copy, Debug)]
pub enum Value {
    /// The record's id (a UUID), not typed by people.
    Id,
    /// Revision, timestamp and tombstone flag: set by the app, not typed.
    Revision,
    Timestamp,
    Deleted,
    /// An office's own code: 1–64 of `A-Za-z0-9_-`.
    Code,
    /// One line of text, `min` to `max` characters.
    Text {
        min: usize,
        max: usize,
    },
    /// Free text, up to `max` characters.
    LongText {
        max: usize,
    },
    Date,
    /// A whole number, 0 to 10,000,000.
    Count,
    /// Hours, 0 to 10,000.
    Hours,
    /// One of the format's values (labels for people).
    Choice(fn() -> Vec<(&'static str, Text)>),
    /// The code of an office.
    OfficeRef,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub label: Text,
    pub value: Value,
    /// `null` allowed in files; may be left empty in forms.
    pub nullable: bool,
    /// Header names in sheets, the first the one a workbook writes.
    pub headers: &'static [&'static str],
    /// The value a new record's form starts with (a choice's code).
    pub default: Option<&'static str>,
    /// It names or describes people: left out of an export without personal details (脱敏).
    pub personal: bool,
}

impl FieldDef {
    /// Whether people type it (a form control): every field but identity and version.
    pub fn typed(&self) -> bool {
        !matches!(
            self.value,
            Value::Id | Value::Revision | Value::Timestamp | Value::Deleted
        )
    }

    /// A choice's label, by its code (`None`: not a choice field, or no such code).
    pub fn choice_label(&self, code: &str) -> Option<Text> {
        match self.value {
            Value::Choice(options) => options()
                .into_iter()
                .find(|(c, _)| *c == code)
                .map(|(_, label)| label),
            _ => None,
        }
    }

    /// The length rule of a text field: (min, max) characters.
    pub fn length(&self) -> Option<(usize, usize)> {
        match self.value {
            Value::Text { min, max } => Some((min, max)),
            Value::LongText { max } => Some((0, max)),
            _ => None,
        }
    }
}

const fn def(
    name: &'static str,
    zh: &'static str,
    en: &'static str,
    value: Value,
    headers: &'static [&'static str],
) -> FieldDef {
    FieldDef {
        name,
        label: Text::new(zh, en),
        value,
        nullable: false,
        headers,
        default: None,
        personal: false,
    }
}

/// A field whose form starts at `code`.
const fn starting_at(field: FieldDef, code: &'static str) -> FieldDef {
    FieldDef {
        default: Some(code),
        ..field
    }
}

/// A field that names or describes people.
const fn personal(field: FieldDef) -> FieldDef {
    FieldDef {
        personal: true,
        ..field
    }
}

const fn or_null(field: FieldDef) -> FieldDef {
    FieldDef {
        nullable: true,
        ..field
    }
}

/// Every field of a kind of table, in form order.
pub fn fields(kind: Kind) -> &'static [FieldDef] {
    match kind {
        Kind::Offices => OFFICES,
        Kind::TrainingSessions => TRAINING_SESSIONS,
        Kind::HonouredModels => HONOURED_MODELS,
        Kind::Cases => CASES,
    }
}

/// One field of a kind of table, by its name in files.
pub fn field(kind: Kind, name: &str) -> Option<&'static FieldDef> {
    fields(kind).iter().find(|f| f.name == name)
}

/// The length rule of a text field; a field that is not text has none.
pub fn length(kind: Kind, name: &str) -> (usize, usize) {
    field(kind, name)
        .and_then(FieldDef::length)
        .unwrap_or((0, usize::MAX))
}
