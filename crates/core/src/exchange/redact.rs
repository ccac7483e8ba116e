//! Files without personal details (脱敏): the fields the declarations mark
//! personal (names of honoured people, deeds, notes of models and cases) are
//! left out, so figures can go up a level while details stay home; and such a
//! file, imported, never blanks the details a copy already holds.

use super::ExchangeFile;
use crate::ledgers::fields::{fields, FieldDef, Value};
use crate::ledgers::model::{Case, Dataset, HonouredModel, Record, TrainingSession};
use serde_json::Value as Json;
use std::collections::HashMap;

/// What a personal field that must not be empty holds in a redacted file.
pub const REDACTED: &str = "（已脱敏）";

/// The line a redacted workbook carries above each sheet's header, by which
/// a reader knows its blank personal cells are left out, not cleared.
pub const REDACTED_NOTICE: &str = "本表已脱敏：不含英模姓名、主要事迹和备注";

fn personal<R: Record>() -> impl Iterator<Item = &'static FieldDef> {
    fields(R::KIND).iter().filter(|f| f.personal)
}

/// The value a personal field is left with.
fn blank(field: &FieldDef) -> Json {
    match field.value {
        Value::Text { min, .. } if min > 0 => Json::from(REDACTED),
        _ if field.nullable => Json::Null,
        _ => Json::from(""),
    }
}

/// `record` with its personal fields set by `value` (its JSON, changed, read back).
fn with_personal<R: Record>(record: &R, value: impl Fn(&FieldDef) -> Option<Json>) -> R {
    let Ok(Json::Object(mut map)) = serde_json::to_value(record) else {
        return record.clone();
    };
    for field in personal::<R>() {
        if let Some(v) = value(field) {
            map.insert(field.name.to_owned(), v);
        }
    }
    serde_json::from_value(Json::Object(map)).unwrap_or_else(|_| record.clone())
}

fn blank_rows<R: Record>(rows: &mut [R]) {
    for row in rows.iter_mut() {
        *row = with_personal(row, |f| Some(blank(f)));
    }
}

/// The records without their personal details (a workbook written so).
pub fn redact_records(data: &mut Dataset) {
    blank_rows::<TrainingSession>(&mut data.training_sessions);
    blank_rows::<HonouredModel>(&mut data.honoured_models);
    blank_rows::<Case>(&mut data.cases);
}

/// The file without personal details, and saying so.
pub fn redact(mut file: ExchangeFile) -> ExchangeFile {
    blank_rows::<TrainingSession>(&mut file.training_sessions);
    blank_rows::<HonouredModel>(&mut file.honoured_models);
    blank_rows::<Case>(&mut file.cases);
    file.redacted = true;
    file
}

fn keep_rows<R: Record>(incoming: &mut [R], local: &[R]) {
    let by_id: HashMap<_, &R> = local.iter().map(|r| (r.id(), r)).collect();
    for row in incoming.iter_mut() {
        if let Some(mine) = by_id.get(&row.id()) {
            let Ok(Json::Object(mine)) = serde_json::to_value(mine) else {
                continue;
            };
            *row = with_personal(row, |f| mine.get(f.name).cloned());
        }
    }
}

/// A redacted file's records with the personal details this copy holds for
/// the same records put back, so that importing it compares and merges only
/// what it carries.
pub fn keep_details(incoming: &mut Dataset, local: &Dataset) {
    keep_rows(&mut incoming.training_sessions, &local.training_sessions);
    keep_rows(&mut incoming.honoured_models, &local.honoured_models);
    keep_rows(&mut incoming.cases, &local.cases);
}
