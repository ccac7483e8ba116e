//! The mapping step: what each sheet is read as, which field each column
//! holds, and what the user chose for cell values that matched no choice.

use super::grid::{Cell, Grid};
use super::names::{fold, guess_columns, guess_kind, header_row, headers};
use super::values::choice;
use crate::ledgers::fields::{field, fields, FieldDef, Value};
use crate::Kind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Different values listed per column: a column with more is not a choice.
const DISTINCT_SHOWN: usize = 200;
/// Values shown as a column's sample.
const SAMPLES: usize = 3;

/// How one sheet is read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetPlan {
    pub sheet: String,
    /// What the sheet holds; `None`: skipped.
    pub kind: Option<Kind>,
    /// The header row's index in the sheet's used rows; data starts below it.
    pub header_row: usize,
    /// The field each column is read as (`None`: ignored).
    pub columns: Vec<Option<String>>,
    /// The office of every row, for a sheet without an office column.
    pub office: Option<String>,
}

impl SheetPlan {
    /// The column a field is read from (its first, if mapped twice).
    pub fn column_of(&self, field: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|f| f.as_deref() == Some(field))
    }

    /// Fields the sheet's ledger needs that no column gives.
    pub fn missing(&self) -> Vec<&'static FieldDef> {
        let Some(kind) = self.kind else {
            return Vec::new();
        };
        fields(kind)
            .iter()
            .filter(|f| needed(f) && self.column_of(f.name).is_none())
            .filter(|f| !(matches!(f.value, Value::OfficeRef) && self.office.is_some()))
            .collect()
    }

    /// The plan for a ledger chosen by the user: columns guessed anew.
    pub fn with_kind(&self, kind: Option<Kind>, headers: &[String]) -> SheetPlan {
        SheetPlan {
            kind,
            columns: kind.map_or_else(
                || vec![None; headers.len()],
                |k| owned(guess_columns(k, headers)),
            ),
            ..self.clone()
        }
    }
}

/// A field every row must give: typed (so not the record id: a row without
/// one gets a stable id), not nullable, not free text.
fn needed(field: &FieldDef) -> bool {
    field.typed() && !field.nullable && !matches!(field.value, Value::LongText { .. })
}

fn owned(columns: Vec<Option<&'static str>>) -> Vec<Option<String>> {
    columns.into_iter().map(|f| f.map(str::to_owned)).collect()
}

/// What the mapping step shows of a sheet, with the reader's guesses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetShape {
    pub plan: SheetPlan,
    pub letters: Vec<String>,
    pub headers: Vec<String>,
    /// Per column, its first few values.
    pub samples: Vec<Vec<String>>,
    /// Per column, its different values with how often each occurs (empty
    /// when there are too many for a choice).
    pub values: Vec<Vec<(String, usize)>>,
    /// Rows of data under the header.
    pub rows: usize,
}

/// Rows under the header that hold data: empty rows and a 合计/总计 row are skipped.
pub fn data_rows(grid: &Grid, header: usize) -> impl Iterator<Item = usize> + '_ {
    (header + 1..grid.rows.len()).filter(move |&row| {
        let cells = &grid.rows[row];
        let first = cells.iter().find(|c| !c.is_empty());
        match first {
            None => false,
            Some(Cell::Text(text)) => {
                let text = fold(text);
                !(text.starts_with("合计") || text.starts_with("总计"))
            }
            Some(_) => true,
        }
    })
}

/// The reader's first reading of a sheet.
pub fn analyse(grid: &Grid) -> SheetShape {
    let found = header_row(grid);
    let header = found.unwrap_or(0);
    let kind = found.and_then(|row| guess_kind(grid, row));
    let headers = headers(grid, header);
    let width = headers.len();
    let mut samples = vec![Vec::new(); width];
    let mut counts: Vec<BTreeMap<String, usize>> = vec![BTreeMap::new(); width];
    let mut rows = 0;
    for row in data_rows(grid, header) {
        rows += 1;
        for column in 0..width {
            let cell = grid.cell(row, column);
            if cell.is_empty() {
                continue;
            }
            let shown = cell.shown();
            if samples[column].len() < SAMPLES {
                samples[column].push(shown.clone());
            }
            if counts[column].len() <= DISTINCT_SHOWN {
                *counts[column].entry(shown).or_default() += 1;
            }
        }
    }
    let values = counts
        .into_iter()
        .map(|c| {
            if c.len() > DISTINCT_SHOWN {
                Vec::new()
            } else {
                c.into_iter().collect()
            }
        })
        .collect();
    let plan = SheetPlan {
        sheet: grid.name.clone(),
        kind,
        header_row: header,
        columns: Vec::new(),
        office: None,
    }
    .with_kind(kind, &headers);
    SheetShape {
        letters: (0..width).map(|c| grid.letters(c)).collect(),
        plan,
        headers,
        samples,
        values,
        rows,
    }
}

/// What the user chose for a cell value that matched no choice of a field.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ValueChoice {
    pub kind: Kind,
    pub field: String,
    pub raw: String,
    pub code: String,
}

/// The code chosen for a value, if the user mapped it.
pub fn chosen<'a>(
    choices: &'a [ValueChoice],
    kind: Kind,
    field: &str,
    raw: &str,
) -> Option<&'a str> {
    choices
        .iter()
        .find(|c| c.kind == kind && c.field == field && c.raw == raw)
        .map(|c| c.code.as_str())
}

/// A value of a choice column that matches no choice, over every sheet read
/// as `kind`: the value mapping step asks for it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Unmatched {
    pub kind: Kind,
    pub field: String,
    pub raw: String,
    pub count: usize,
}

/// The unmatched values of choice columns under the current plans.
pub fn unmatched(shapes: &[SheetShape], plans: &[SheetPlan]) -> Vec<Unmatched> {
    let mut found: BTreeMap<(Kind, String, String), usize> = BTreeMap::new();
    for (shape, plan) in shapes.iter().zip(plans) {
        let Some(kind) = plan.kind else { continue };
        for (column, name) in plan.columns.iter().enumerate() {
            let Some(def) = name.as_deref().and_then(|n| field(kind, n)) else {
                continue;
            };
            if !matches!(def.value, Value::Choice(_)) {
                continue;
            }
            for (raw, count) in shape.values.get(column).into_iter().flatten() {
                if choice(kind, def.name, raw).is_none() {
                    *found
                        .entry((kind, def.name.to_owned(), raw.clone()))
                        .or_default() += count;
                }
            }
        }
    }
    found
        .into_iter()
        .map(|((kind, field, raw), count)| Unmatched {
            kind,
            field,
            raw,
            count,
        })
        .collect()
}
