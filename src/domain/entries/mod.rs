//! Each ledger's entry form and list: fields, columns, filters, and the
//! way from form values to a valid record.

use super::day::Timestamp;
use super::form::{FieldKind::*, FieldSpec, FormReader, FormValues};
use super::kind::Kind;
use super::query::Listed;
use super::text::Text;
use super::validate::Problem;
use crate::domain::model::*;
use uuid::Uuid;

mod cases;
mod models;
mod offices;
mod training;

pub use offices::{blank_office_form, office_fields, office_from_form, office_to_form};

/// A ledger record as the entry screens see it.
pub trait Entry: Record + Listed + Sized {
    fn fields() -> Vec<FieldSpec>;
    fn columns() -> Vec<Text>;
    /// The field the list filters by (kind or status), its label and its options.
    fn category_filter() -> (Text, Vec<(&'static str, Text)>);
    fn to_form(&self) -> FormValues;
    /// A new record's form, in the given office.
    fn blank_form(office: &str) -> FormValues;
    /// The record the form describes (`previous` when editing), or every problem with it.
    fn from_form(
        values: &FormValues,
        previous: Option<&Self>,
        now: Timestamp,
        office_exists: &dyn Fn(&str) -> bool,
    ) -> Result<Self, Vec<Problem>>;
}

fn office_field() -> FieldSpec {
    FieldSpec::new(
        "office",
        Text::new("单位", "Office"),
        OfficeRef { optional: false },
    )
}

fn notes_field() -> FieldSpec {
    FieldSpec::new("notes", Text::new("备注", "Notes"), LongText)
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

/// The form field of a kind of table by name.
pub fn field_spec(kind: Kind, field: &str) -> Option<FieldSpec> {
    let fields = match kind {
        Kind::Offices => office_fields(),
        Kind::TrainingSessions => TrainingSession::fields(),
        Kind::HonouredModels => HonouredModel::fields(),
        Kind::Cases => Case::fields(),
    };
    fields.into_iter().find(|f| f.name == field)
}

/// A field's label in a language, also for the fields people never type.
pub fn field_label(kind: Kind, field: &str) -> Text {
    match field {
        "id" => Text::new("记录编号", "Record id"),
        "revision" => Text::new("版本号", "Revision"),
        "updated_at" => Text::new("修改时间", "Updated at"),
        "deleted" => Text::new("已删除", "Deleted"),
        _ => field_spec(kind, field)
            .map(|f| f.label)
            .unwrap_or(Text::new("", "")),
    }
}

/// How a value in a file reads to people: choices by their labels.
pub fn value_label(kind: Kind, field: &str, code: &str) -> Option<Text> {
    match field_spec(kind, field)?.kind {
        Choice { options, .. } => options()
            .into_iter()
            .find(|(c, _)| *c == code)
            .map(|(_, label)| label),
        _ => None,
    }
}
