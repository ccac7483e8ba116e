//! The columns of a ledger as a sheet: one list for the workbook and the
//! CSV export, from the field declaration. Header names are each field's
//! first sheet name, choices their labels, offices their names.

use crate::ledgers::entries::form_text;
use crate::ledgers::fields::{fields, FieldDef, Value};
use crate::{Dataset, Day, Kind, Lang, Row};
use std::collections::HashMap;

/// The sheet each table is written to (and a hint when reading one).
pub fn sheet_name(kind: Kind) -> &'static str {
    match kind {
        Kind::TrainingSessions => "学习教育活动台账",
        Kind::HonouredModels => "英模台账",
        Kind::Cases => "问题线索台账",
        Kind::Offices => "单位",
    }
}

/// A value as written to a cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    Empty,
    Text(String),
    Number(f64),
    Date(Day),
}

impl Out {
    /// As text, for CSV.
    pub fn text(&self) -> String {
        match self {
            Out::Empty => String::new(),
            Out::Text(text) => text.clone(),
            Out::Number(n) => n.to_string(),
            Out::Date(day) => day.to_string(),
        }
    }
}

/// The fields written, in form order; a ledger's record id last.
pub fn columns(kind: Kind) -> Vec<&'static FieldDef> {
    let all = fields(kind);
    let typed = all.iter().filter(|f| f.typed());
    let id = all.iter().filter(|f| matches!(f.value, Value::Id));
    typed.chain(id).collect()
}

/// A column's header: the contract's name in Chinese, the label in English.
pub fn header(def: &FieldDef, lang: Lang) -> &'static str {
    match (lang, def.headers.first()) {
        (Lang::Zh, Some(first)) => first,
        _ => def.label.get(lang),
    }
}

/// Office names by code, for the office columns.
pub struct Names<'a>(HashMap<&'a str, &'a str>);

impl<'a> Names<'a> {
    pub fn new(data: &'a Dataset) -> Names<'a> {
        Names(
            data.offices
                .iter()
                .map(|o| (o.code.as_str(), o.name.as_str()))
                .collect(),
        )
    }
}

/// The cells of every row that is not deleted, one per column.
pub fn table<R: Row>(rows: &[R], names: &Names, lang: Lang) -> Vec<Vec<Out>> {
    let columns = columns(R::KIND);
    rows.iter()
        .map(|r| serde_json::to_value(r).unwrap_or_default())
        .filter(|value| value.get("deleted") != Some(&serde_json::Value::Bool(true)))
        .map(|value| {
            let cell = |def: &&FieldDef| out(def, &form_text(value.get(def.name)), names, lang);
            columns.iter().map(cell).collect()
        })
        .collect()
}

fn out(def: &FieldDef, raw: &str, names: &Names, lang: Lang) -> Out {
    if raw.is_empty() {
        return Out::Empty;
    }
    match def.value {
        Value::Date => Day::parse(raw).map_or_else(|| Out::Text(raw.to_owned()), Out::Date),
        Value::Count | Value::Hours => raw
            .parse()
            .map_or_else(|_| Out::Text(raw.to_owned()), Out::Number),
        Value::Choice(_) => Out::Text(
            def.choice_label(raw)
                .map_or(raw, |label| label.get(lang))
                .to_owned(),
        ),
        Value::OfficeRef => Out::Text(names.0.get(raw).copied().unwrap_or(raw).to_owned()),
        _ => Out::Text(raw.to_owned()),
    }
}
