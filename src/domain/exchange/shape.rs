//! The shape of each record in the format (which keys, of which JSON type),
//! checked field by field on a record that did not parse, so that every
//! wrong key, type and value is reported with its pointer. Value rules
//! (lengths, ranges, cross-field) are `validate`'s, on parsed records.

use super::error::ImportError;
use crate::domain::day::{Day, Timestamp};
use crate::domain::enums::*;
use crate::domain::text::Message;
use serde_json::Value;

#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    Uuid,
    Count,
    Number,
    Bool,
    Date,
    Timestamp,
    Choice(fn() -> Vec<&'static str>),
}

#[derive(Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
}

const fn field(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        nullable: false,
    }
}

const fn nullable(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        nullable: true,
    }
}

const COMMON: [Field; 6] = [
    field("id", Kind::Uuid),
    field("office", Kind::Text),
    field("revision", Kind::Count),
    field("updated_at", Kind::Timestamp),
    field("deleted", Kind::Bool),
    field("notes", Kind::Text),
];

pub fn office_fields() -> Vec<Field> {
    vec![
        field("code", Kind::Text),
        field("name", Kind::Text),
        field("level", Kind::Choice(OfficeLevel::codes)),
        field("system", Kind::Choice(OfficeSystem::codes)),
        nullable("parent", Kind::Text),
        nullable("headcount", Kind::Count),
    ]
}

pub fn training_fields() -> Vec<Field> {
    let mut fields = COMMON.to_vec();
    fields.extend([
        field("title", Kind::Text),
        field("kind", Kind::Choice(TrainingKind::codes)),
        field("format", Kind::Choice(TrainingFormat::codes)),
        field("start_date", Kind::Date),
        field("end_date", Kind::Date),
        field("participants", Kind::Count),
        nullable("hours", Kind::Number),
    ]);
    fields
}

pub fn model_fields() -> Vec<Field> {
    let mut fields = COMMON.to_vec();
    fields.extend([
        field("name", Kind::Text),
        field("kind", Kind::Choice(ModelKind::codes)),
        field("title", Kind::Text),
        field("level", Kind::Choice(HonourLevel::codes)),
        field("awarded_on", Kind::Date),
        field("deeds", Kind::Text),
    ]);
    fields
}

pub fn case_fields() -> Vec<Field> {
    let mut fields = COMMON.to_vec();
    fields.extend([
        field("reference", Kind::Text),
        field("source", Kind::Choice(CaseSource::codes)),
        field("category", Kind::Choice(CaseCategory::codes)),
        field("received_on", Kind::Date),
        nullable("deadline", Kind::Date),
        field("status", Kind::Choice(CaseStatus::codes)),
        nullable("resolved_on", Kind::Date),
        nullable("outcome", Kind::Choice(CaseOutcome::codes)),
    ]);
    fields
}

fn kind_name(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Text => ("字符串", "a string"),
        Kind::Uuid => ("UUID 字符串", "a UUID string"),
        Kind::Count => ("0 或正整数", "a whole number, 0 or more"),
        Kind::Number => ("数字", "a number"),
        Kind::Bool => ("true 或 false", "true or false"),
        Kind::Date => ("YYYY-MM-DD 格式的日期", "a YYYY-MM-DD date"),
        Kind::Timestamp => (
            "RFC 3339 UTC 时间（如 2021-04-20T10:00:00Z）",
            "an RFC 3339 UTC time (e.g. 2021-04-20T10:00:00Z)",
        ),
        Kind::Choice(_) => ("可选值之一", "one of the allowed values"),
    }
}

fn fits(kind: Kind, value: &Value) -> bool {
    match kind {
        Kind::Text => value.is_string(),
        Kind::Uuid => value
            .as_str()
            .is_some_and(|s| uuid::Uuid::parse_str(s).is_ok()),
        Kind::Count => value.as_u64().is_some_and(|n| n <= u64::from(u32::MAX)),
        Kind::Number => value.is_number(),
        Kind::Bool => value.is_boolean(),
        Kind::Date => value.as_str().and_then(Day::parse).is_some(),
        Kind::Timestamp => value.as_str().and_then(Timestamp::parse).is_some(),
        Kind::Choice(codes) => value.as_str().is_some_and(|s| codes().contains(&s)),
    }
}

/// Every structural problem of one record (an object with these fields).
pub fn check(value: &Value, fields: &[Field], pointer: &str, out: &mut Vec<ImportError>) {
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
            Some(Value::Null) if field.nullable => {}
            Some(value) if fits(field.kind, value) => {}
            Some(value) => {
                let (zh, en) = kind_name(field.kind);
                let shown = shorten(&value.to_string());
                let (zh, en) = match field.kind {
                    Kind::Choice(codes) => (
                        format!("“{shown}”不是可选值，应为：{}", codes().join("、")),
                        format!("{shown} is not allowed; use one of: {}", codes().join(", ")),
                    ),
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
