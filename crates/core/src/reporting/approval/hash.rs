//! The SHA-256 an approval names: a month's records of an office and the
//! offices under it, as JSON in the JSON Canonicalization Scheme (RFC 8785).

use crate::ledgers::model::{Dataset, Office, Row};
use crate::reporting::Month;
use crate::{with_row_type, Day, Kind};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The SHA-256 (lowercase hex) of `office`'s month as `data` holds it: every
/// record of the three ledgers, tombstones too, whose office is `office` or
/// under it and whose own date falls in `month`, each canonicalised by
/// RFC 8785 (JCS), sorted by id, joined with `\n`.
pub fn month_sha256(data: &Dataset, office: &str, month: Month) -> String {
    let offices = subtree(&data.offices, office);
    let mut lines: Vec<(String, String)> = Vec::new();
    for kind in Kind::LEDGERS {
        with_row_type!(kind, R => collect::<R>(data, &offices, month, &mut lines));
    }
    lines.sort();
    let joined = lines
        .into_iter()
        .map(|(_, line)| line)
        .collect::<Vec<_>>()
        .join("\n");
    hex(&Sha256::digest(joined.as_bytes()))
}

fn collect<R: Row>(
    data: &Dataset,
    offices: &HashSet<String>,
    month: Month,
    lines: &mut Vec<(String, String)>,
) {
    for row in R::rows(data) {
        let Ok(value) = serde_json::to_value(row) else {
            continue;
        };
        let (Some(id), Some(office), Some(day)) = (
            value.get("id").and_then(Value::as_str),
            value.get("office").and_then(Value::as_str),
            placed_at::<R>(&value),
        ) else {
            continue;
        };
        if offices.contains(office) && Month::of(day) == month {
            lines.push((id.to_owned(), canonical(&value)));
        }
    }
}

/// The date a ledger record is placed at, read from its fields as in files.
fn placed_at<R: Row>(value: &Value) -> Option<Day> {
    Day::parse(value.get(date_field(R::KIND)?)?.as_str()?)
}

/// `office` and every office under it.
pub(super) fn subtree(offices: &[Office], office: &str) -> HashSet<String> {
    let mut inside: HashSet<String> = HashSet::from([office.to_owned()]);
    // Parents before children is not guaranteed: repeat until nothing joins.
    loop {
        let before = inside.len();
        for o in offices {
            if o.parent.as_ref().is_some_and(|p| inside.contains(p)) {
                inside.insert(o.code.clone());
            }
        }
        if inside.len() == before {
            return inside;
        }
    }
}

/// Whether `office` is `ancestor` or under it.
pub fn is_within(offices: &[Office], office: &str, ancestor: &str) -> bool {
    let mut current = Some(office.to_owned());
    for _ in 0..=offices.len() {
        match current {
            Some(ref code) if code == ancestor => return true,
            Some(ref code) => {
                current = offices
                    .iter()
                    .find(|o| &o.code == code)
                    .and_then(|o| o.parent.clone());
            }
            None => return false,
        }
    }
    false
}

/// A JSON value in RFC 8785's canonical form: members sorted by their names'
/// UTF-16 code units, no whitespace, numbers as ECMAScript prints them,
/// strings escaped as `JSON.stringify` does.
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (n, (name, member)) in members.into_iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_string(name, out);
                out.push(':');
                write_canonical(member, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::String(text) => write_string(text, out),
        Value::Number(number) => out.push_str(&es_number(number)),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A number as ECMAScript's `Number.prototype.toString` prints it, for the
/// values records hold (whole numbers, and hours with a fraction).
fn es_number(number: &serde_json::Number) -> String {
    if let Some(n) = number.as_i64() {
        return n.to_string();
    }
    if let Some(n) = number.as_u64() {
        return n.to_string();
    }
    let x = number.as_f64().unwrap_or(0.0);
    if x == 0.0 {
        // Minus zero too: ECMAScript prints both as "0".
        "0".to_owned()
    } else if x.fract() == 0.0 && x.abs() < 1e21 {
        // Whole: no ".0" (1e21 and beyond never occur in a record).
        format!("{x:.0}")
    } else {
        // Shortest round trip, as both ECMAScript and serde_json print it in
        // the range records use.
        serde_json::Number::from_f64(x).map_or_else(|| "null".to_owned(), |n| n.to_string())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The date field a ledger's records are placed by.
pub(super) fn date_field(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::TrainingSessions => Some("start_date"),
        Kind::HonouredModels => Some("awarded_on"),
        Kind::Cases => Some("received_on"),
        Kind::Offices => None,
    }
}
