//! Reading one cell as a date, a number or a choice, in the forms offices
//! type them (`docs/sheets.md`).

use super::grid::Cell;
use super::names::fold;
use super::synonyms::SYNONYMS;
use crate::ledgers::fields::{field, Value};
use crate::{Day, Kind};

/// Text dates: `2021-03-15`, `2021/3/15`, `2021.3.15`, `2021年3月15日`,
/// `20210315`; a time after the date is ignored.
pub fn text_date(text: &str) -> Option<Day> {
    let word = text.split_whitespace().next().unwrap_or("");
    let folded = fold(word);
    let date = folded.split('t').next().unwrap_or("");
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if date.len() == 8 && digits(date) {
        return ymd(&date[..4], &date[4..6], &date[6..]);
    }
    let date = date.strip_suffix('日').unwrap_or(date);
    match date
        .split(['-', '/', '.', '年', '月'])
        .collect::<Vec<_>>()
        .as_slice()
    {
        [y, m, d]
            if y.len() == 4
                && m.len() <= 2
                && d.len() <= 2
                && [y, m, d].iter().all(|p| digits(p)) =>
        {
            ymd(y, m, d)
        }
        _ => None,
    }
}

fn ymd(year: &str, month: &str, day: &str) -> Option<Day> {
    Day::from_ymd(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Excel's day 0 in the 1900 date system (1899-12-30, counting its leap-year bug).
fn excel_serial(serial: f64) -> Option<Day> {
    let base = Day::from_ymd(1899, 12, 30)?;
    (1.0..=2_958_465.0)
        .contains(&serial)
        .then(|| base.add_days(serial.floor() as i32))
}

/// A cell of a date column: a date cell, a number typed as `20210315` or a
/// date serial, or text in one of the forms above.
pub fn date(cell: &Cell) -> Option<Day> {
    match cell {
        Cell::Date(day) => Some(*day),
        Cell::Number(n) if (1e7..1e8).contains(n) && n.fract() == 0.0 => {
            text_date(&format!("{}", *n as u32))
        }
        Cell::Number(n) => excel_serial(*n),
        Cell::Text(text) => text_date(text),
        Cell::Empty => None,
    }
}

/// A cell of a number column: a number cell or digits (with thousands separators).
pub fn number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(*n),
        Cell::Text(text) => fold(text)
            .replace([',', '，'], "")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite()),
        _ => None,
    }
}

/// The choice a text means for a field: its code, its label in either
/// language, a synonym, or (problem categories) the leading words of a label.
pub fn choice(kind: Kind, field_name: &str, text: &str) -> Option<&'static str> {
    let Value::Choice(options) = field(kind, field_name)?.value else {
        return None;
    };
    let key = fold(text);
    if key.is_empty() {
        return None;
    }
    let options = options();
    let direct = options
        .iter()
        .find(|(code, label)| fold(code) == key || fold(label.zh) == key || fold(label.en) == key);
    let synonym = || {
        SYNONYMS
            .iter()
            .filter(|(k, f, _, _)| *k == kind && *f == field_name)
            .find(|(_, _, _, words)| words.iter().any(|w| fold(w) == key))
            .and_then(|(_, _, code, _)| options.iter().find(|(c, _)| c == code))
    };
    let leading = || {
        (field_name == "category" && key.chars().count() >= 4)
            .then(|| {
                options.iter().find(|(_, label)| {
                    let label = fold(label.zh);
                    label.starts_with(&key) || key.starts_with(&label)
                })
            })
            .flatten()
    };
    direct
        .or_else(synonym)
        .or_else(leading)
        .map(|(code, _)| *code)
}
