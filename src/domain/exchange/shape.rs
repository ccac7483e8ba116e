//! The shape of each record in the format (which keys, of which JSON type),
//! checked field by field on a record that did not parse, so that every
//! wrong key, type and value is reported with its pointer. Value rules
//! (lengths, ranges, cross-field) are `validate`'s, on parsed records.

use super::error::ImportError;
use crate::domain::day::{Day, Timestamp};
use crate::domain::fields::{self, Value};
use crate::domain::text::Message;
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
    Choice(fn() -> Vec<(&'static str, crate::domain::Text)>),
}

#[derive(Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub nullable: bool,
}

/// The fields of a kind of table in files, from its declaration (`domain::fields`).
pub fn fields_of(kind: crate::domain::Kind) -> Vec<Field> {
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

fn kind_name(kind: Shape) -> (&'static str, &'static str) {
    match kind {
        Shape::Text => ("字符串", "a string"),
        Shape::Uuid => ("UUID 字符串", "a UUID string"),
        Shape::Count => ("0 或正整数", "a whole number, 0 or more"),
        Shape::Number => ("数字", "a number"),
        Shape::Bool => ("true 或 false", "true or false"),
        Shape::Date => ("YYYY-MM-DD 格式的日期", "a YYYY-MM-DD date"),
        Shape::Timestamp => (
            "RFC 3339 UTC 时间（如 2021-04-20T10:00:00Z）",
            "an RFC 3339 UTC time (e.g. 2021-04-20T10:00:00Z)",
        ),
        Shape::Choice(_) => ("可选值之一", "one of the allowed values"),
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
        out.push(ImportError::new(
            pointer,
            Message::new("应为一个对象 {…}", "must be an object {…}"),
        ));
        return;
    };
    for key in object.keys() {
        if !fields.iter().any(|f| f.name == key) {
            out.push(ImportError::new(
                &format!("{pointer}/{}", escape(key)),
                Message::new(format!("未知字段“{key}”"), format!("unknown key {key:?}")),
            ));
        }
    }
    for field in fields {
        let at = format!("{pointer}/{}", field.name);
        match object.get(field.name) {
            None => out.push(ImportError::new(
                &at,
                Message::new(
                    format!("缺少字段“{}”", field.name),
                    format!("missing key {:?}", field.name),
                ),
            )),
            Some(JsonValue::Null) if field.nullable => {}
            Some(value) if fits(field.shape, value) => {}
            Some(value) => {
                let (zh, en) = kind_name(field.shape);
                let shown = shorten(&value.to_string());
                let (zh, en) = match field.shape {
                    Shape::Choice(options) => {
                        let codes: Vec<&str> =
                            options().into_iter().map(|(code, _)| code).collect();
                        (
                            format!("“{shown}”不是可选值，应为：{}", codes.join("、")),
                            format!("{shown} is not allowed; use one of: {}", codes.join(", ")),
                        )
                    }
                    _ => (
                        format!(
                            "应为{zh}{}，而不是 {shown}",
                            if field.nullable { "或 null" } else { "" }
                        ),
                        format!(
                            "must be {en}{}, not {shown}",
                            if field.nullable { " or null" } else { "" }
                        ),
                    ),
                };
                out.push(ImportError::new(&at, Message::new(zh, en)));
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
