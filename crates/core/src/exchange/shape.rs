//! The shape of each record in the format (which keys, of which JSON type),
//! checked field by field on a record that did not parse, so that every
//! wrong key, type and value is reported with its pointer. Value rules
//! (lengths, ranges, cross-field) are `validate`'s, on parsed records.

use super::error::ImportError;
use crate::base::day::{Day, Timestamp};
use crate::base::problem::{Expected, FileProblem};
use crate::ledgers::fields::{self, Value};
use serde_json::Value as JsonValue;

/// The JSON type a field must have.
#[derive(Clone, Copy)]
pub enum Shape {
    Text,
    Uuid,
    Count,
    Number,
    Bool,
    Date,
    Timestamp,
    Choice(fn() -> Vec<(&'static str, crate::Text)>),
}

#[derive(Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub nullable: bool,
}

/// The fields of a kind of table in files, from its declaration (`domain::fields`).
pub fn fields_of(kind: crate::Kind) -> Vec<Field> {
    fields::fields(kind)
        .iter()
        .map(|f| Field {
            name: f.name,
            shape: shape_of(f.value),
            nullable: f.nullable,
        })
        .collect()
}

fn shape_of(value: Value) -> Shape {
    match value {
        Value::Id => Shape::Uuid,
        Value::Revision | Value::Count => Shape::Count,
        Value::Timestamp => Shape::Timestamp,
        Value::Deleted => Shape::Bool,
        Value::Code | Value::Text { .. } | Value::LongText { .. } | Value::OfficeRef => Shape::Text,
        Value::Date => Shape::Date,
        Value::Hours => Shape::Number,
        Value::Choice(options) => Shape::Choice(options),
    }
}

fn expected(kind: Shape) -> Expected {
    match kind {
        Shape::Text | Shape::Choice(_) => Expected::Text,
        Shape::Uuid => Expected::Uuid,
        Shape::Count => Expected::WholeNumber,
        Shape::Number => Expected::Number,
        Shape::Bool => Expected::TrueOrFalse,
        Shape::Date => Expected::Date,
        Shape::Timestamp => Expected::Timestamp,
    }
}

fn fits(kind: Shape, value: &JsonValue) -> bool {
    match kind {
        Shape::Text => value.is_string(),
        Shape::Uuid => value
            .as_str()
            .is_some_and(|s| uuid::Uuid::parse_str(s).is_ok()),
        Shape::Count => value.as_u64().is_some_and(|n| n <= u64::from(u32::MAX)),
        Shape::Number => value.is_number(),
        Shape::Bool => value.is_boolean(),
        Shape::Date => value.as_str().and_then(Day::parse).is_some(),
        Shape::Timestamp => value.as_str().and_then(Timestamp::parse).is_some(),
        Shape::Choice(options) => value
            .as_str()
            .is_some_and(|s| options().iter().any(|(code, _)| *code == s)),
    }
}

/// Every structural problem of one record (an object with these fields).
pub fn check(value: &JsonValue, fields: &[Field], pointer: &str, out: &mut Vec<ImportError>) {
    let Some(object) = value.as_object() else {
        out.push(ImportError::new(pointer, FileProblem::RecordNotAnObject));
        return;
    };
    for key in object.keys() {
        if !fields.iter().any(|f| f.name == key) {
            out.push(ImportError::new(
                &format!("{pointer}/{}", escape(key)),
                FileProblem::UnknownKey(key.clone()),
            ));
        }
    }
    for field in fields {
        let at = format!("{pointer}/{}", field.name);
        match object.get(field.name) {
            None => out.push(ImportError::new(
                &at,
                FileProblem::MissingKey(field.name.to_owned()),
            )),
            Some(JsonValue::Null) if field.nullable => {}
            Some(value) if fits(field.shape, value) => {}
            Some(value) => {
                let found = shorten(&value.to_string());
                let problem = match field.shape {
                    Shape::Choice(options) => FileProblem::NotAllowed {
                        found,
                        allowed: options()
                            .into_iter()
                            .map(|(code, _)| code.to_owned())
                            .collect(),
                    },
                    shape => FileProblem::WrongType {
                        expected: expected(shape),
                        nullable: field.nullable,
                        found,
                    },
                };
                out.push(ImportError::new(&at, problem));
            }
        }
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// A key as a JSON Pointer token (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
