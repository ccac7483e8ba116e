//! Each ledger's entry form and list: fields, columns, filters, and the
//! way from form values to a valid record.

use crate::base::day::Timestamp;
use crate::base::text::Text;
use crate::ledgers::fields::{self, FieldDef, Value};
use crate::ledgers::form::{FieldKind, FieldSpec, FormReader, FormValues};
use crate::ledgers::kind::Kind;
use crate::ledgers::model::*;
use crate::ledgers::query::Listed;
use crate::ledgers::validate::{Problem, Rule, Rules};
use uuid::Uuid;

mod cases;
mod models;
mod offices;
mod training;

pub use offices::{blank_office_form, office_fields, office_from_form, office_to_form};

/// A ledger record as the entry screens see it.
pub trait Entry: Record + Listed + Rules + Sized {
    /// The form's fields, from the ledger's declaration (`fields`).
    fn fields() -> Vec<FieldSpec> {
        form_fields(Self::KIND)
    }
    /// The list's column headers: the listed fields' labels.
    fn columns() -> Vec<Text> {
        Self::COLUMNS
            .iter()
            .map(|(name, _)| field_label(Self::KIND, name))
            .collect()
    }
    /// The category field's label and its options.
    fn category_filter() -> (Text, Vec<(&'static str, Text)>) {
        let options = match fields::field(Self::KIND, Self::CATEGORY.0).map(|f| f.value) {
            Some(Value::Choice(options)) => options(),
            _ => Vec::new(),
        };
        (field_label(Self::KIND, Self::CATEGORY.0), options)
    }
    /// The record's form values (from its declared fields).
    fn to_form(&self) -> FormValues {
        form_of(self)
    }
    /// A new record's form, in the given office, each choice at its declared start.
    fn blank_form(office: &str) -> FormValues {
        let defaults = fields::fields(Self::KIND)
            .iter()
            .filter_map(|f| Some((f.name, f.default?.to_owned())));
        std::iter::once(("office", office.to_owned()))
            .chain(defaults)
            .collect()
    }
    /// The record the form describes (`previous` when editing), or every problem
    /// with it: each declared field read as its value, then the record's rules.
    fn from_form(
        values: &FormValues,
        previous: Option<&Self>,
        now: Timestamp,
        office_exists: &dyn Fn(&str) -> bool,
    ) -> Result<Self, Vec<Problem>> {
        let mut read = FormReader::new(values);
        let mut object: serde_json::Map<String, serde_json::Value> = fields::fields(Self::KIND)
            .iter()
            .filter(|f| f.typed())
            .map(|f| (f.name.to_owned(), read_field(&mut read, f)))
            .collect();
        let (id, revision, updated_at) = identity(previous, &now);
        object.insert("id".into(), id.to_string().into());
        object.insert("revision".into(), revision.into());
        object.insert("updated_at".into(), updated_at.as_str().into());
        object.insert("deleted".into(), false.into());
        let record: Self = match serde_json::from_value(object.into()) {
            Ok(record) => record,
            // Every declared field was read to a value of its kind: only a mismatch
            // between the declaration and the model gets here (a test holds them equal).
            Err(error) => {
                return Err(vec![Problem::new(
                    "",
                    Rule::FormUnreadable(error.to_string()),
                )])
            }
        };
        let rules = record.problems(office_exists);
        finish(read, record, rules)
    }
}

/// Every record a list shows and the rules check is an entry.
impl<R: Record + Listed + Rules> Entry for R {}

/// One declared field of a form, read as the value the format holds; an
/// unreadable value is a problem, and a placeholder of the right kind.
fn read_field(read: &mut FormReader<'_>, field: &FieldDef) -> serde_json::Value {
    use serde_json::Value as Json;
    let name = field.name;
    let day = |d: crate::Day| Json::from(d.to_string());
    match field.value {
        Value::OfficeRef if field.nullable => {
            read.optional_text(name).map_or(Json::Null, Json::from)
        }
        Value::Text { .. } | Value::Code | Value::OfficeRef => read.text(name).into(),
        Value::LongText { .. } => read.long_text(name).into(),
        Value::Date if field.nullable => read.optional_day(name).map_or(Json::Null, day),
        Value::Date => day(read.day(name)),
        Value::Count if field.nullable => {
            read.optional_integer(name).map_or(Json::Null, Json::from)
        }
        Value::Count => read.integer(name).into(),
        Value::Hours => read.optional_number(name).map_or(Json::Null, Json::from),
        Value::Choice(options) => read
            .code(name, options, field.nullable)
            .map_or(Json::Null, Json::from),
        // Set by the app, never typed.
        Value::Id | Value::Revision | Value::Timestamp | Value::Deleted => Json::Null,
    }
}

/// Identity and version of the record a form saves: kept from `previous`, or new.
fn identity<R: Record>(previous: Option<&R>, now: &Timestamp) -> (Uuid, u32, Timestamp) {
    match previous {
        Some(p) => (p.id(), p.revision().saturating_add(1), now.clone()),
        None => (Uuid::new_v4(), 1, now.clone()),
    }
}

fn finish<R>(reader: FormReader<'_>, record: R, rules: Vec<Problem>) -> Result<R, Vec<Problem>> {
    let problems = reader.finish(rules);
    if problems.is_empty() {
        Ok(record)
    } else {
        Err(problems)
    }
}

fn form(pairs: Vec<(&'static str, String)>) -> FormValues {
    pairs.into_iter().collect()
}

/// A row's form values, from its declared fields: text as it is, numbers as
/// digits, dates as YYYY-MM-DD, choices by their code, nothing for null.
pub fn form_of<R: crate::Row>(row: &R) -> FormValues {
    let value = serde_json::to_value(row).unwrap_or_default();
    fields::fields(R::KIND)
        .iter()
        .filter(|f| f.typed())
        .map(|f| (f.name, form_text(value.get(f.name))))
        .collect()
}

/// A value of a record's JSON as text: strings as they are, numbers as digits.
pub fn form_text(value: Option<&serde_json::Value>) -> String {
    use serde_json::Value as Json;
    match value {
        Some(Json::String(text)) => text.clone(),
        Some(Json::Number(n)) if n.is_f64() => {
            n.as_f64().map(|x| x.to_string()).unwrap_or_default()
        }
        Some(Json::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The form fields of a kind of table, from its declaration: every field people type.
pub fn form_fields(kind: Kind) -> Vec<FieldSpec> {
    fields::fields(kind)
        .iter()
        .filter(|f| f.typed())
        .map(|f| FieldSpec::new(f.name, f.label, form_kind(f)))
        .collect()
}

/// The control a declared field gets in a form.
fn form_kind(field: &FieldDef) -> FieldKind {
    let optional = field.nullable;
    match field.value {
        Value::Text { .. } | Value::Code => FieldKind::Text,
        Value::LongText { .. } => FieldKind::LongText,
        Value::Date if optional => FieldKind::OptionalDate,
        Value::Date => FieldKind::Date,
        Value::Count if optional => FieldKind::OptionalInteger,
        Value::Count => FieldKind::Integer,
        Value::Hours => FieldKind::OptionalNumber,
        Value::Choice(options) => FieldKind::Choice { options, optional },
        Value::OfficeRef => FieldKind::OfficeRef { optional },
        // Not typed by people; shown as text where shown at all.
        Value::Id | Value::Revision | Value::Timestamp | Value::Deleted => FieldKind::Text,
    }
}

/// The form field of a kind of table by name.
pub fn field_spec(kind: Kind, field: &str) -> Option<FieldSpec> {
    form_fields(kind).into_iter().find(|f| f.name == field)
}

/// A field's label in a language, also for the fields people never type.
pub fn field_label(kind: Kind, field: &str) -> Text {
    fields::field(kind, field)
        .map(|f| f.label)
        .unwrap_or(Text::new("", ""))
}

/// How a value in a file reads to people: choices by their labels.
pub fn value_label(kind: Kind, field: &str, code: &str) -> Option<Text> {
    fields::field(kind, field)?.choice_label(code)
}
