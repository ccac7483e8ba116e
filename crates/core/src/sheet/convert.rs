//! Sheets read as mapped become an exchange file, checked by the same
//! reader as a JSON import; its errors are then placed at their cells.
//!
//! Rows get their identity here: a `记录ID` cell, else a stable id from the
//! office, the ledger and the record's natural key (the n-th row of the same
//! session title and date told apart by n), so a sheet imported twice
//! changes nothing; a row whose cells differ from the stored record is that
//! record's next revision (an update in the preview).

use super::grid::Grid;
use super::names::fold;
use super::plan::{chosen, data_rows, SheetPlan, ValueChoice};
use super::values::{choice, date, number};
use super::versions::{versioned, SheetRow, Stored};
use crate::base::problem::{FileProblem, Rule};
use crate::exchange::{self, ExchangeFile, ImportError};
use crate::ledgers::fields::{fields, FieldDef, Value};
use crate::{Dataset, Kind, PerKind, Timestamp};
use serde_json::{json, Map, Value as Json};
use std::collections::HashMap;

/// A row's place: which grid, which row of it.
type Place = (usize, usize);

/// Offices known by code or name (folded), to their code.
struct OfficeNames(HashMap<String, String>);

impl OfficeNames {
    fn new(offices: &[Json]) -> OfficeNames {
        let mut names = HashMap::new();
        for office in offices {
            let code = office["code"].as_str().unwrap_or_default().to_owned();
            if let Some(name) = office["name"].as_str() {
                names.entry(fold(name)).or_insert_with(|| code.clone());
            }
            names.insert(fold(&code), code);
        }
        OfficeNames(names)
    }

    /// The code of the office a cell names.
    fn find(&self, text: &str) -> Option<String> {
        self.0.get(&fold(text)).cloned()
    }

    /// The code of the office a cell names, or the cell's text (the reader
    /// then reports an office that does not exist).
    fn code(&self, text: &str) -> String {
        self.find(text).unwrap_or_else(|| text.trim().to_owned())
    }
}

/// What a cell could not be read as, at its place and column.
type Found = Vec<(Place, usize, FileProblem)>;

/// One cell as the JSON value of its field. A value that cannot be read is
/// passed on as text (and told to `found`), so the record is still checked.
#[allow(clippy::too_many_arguments)]
fn value_of(
    kind: Kind,
    def: &FieldDef,
    grid: &Grid,
    place: Place,
    column: Option<usize>,
    choices: &[ValueChoice],
    offices: &OfficeNames,
    found: &mut Found,
) -> Json {
    let Some(column) = column else {
        return if def.nullable { Json::Null } else { json!("") };
    };
    let cell = grid.cell(place.1, column);
    let shown = cell.shown();
    let mut refuse = |problem: FileProblem| {
        found.push((place, column, problem));
        json!(shown)
    };
    if cell.is_empty() {
        return match def.value {
            _ if def.nullable => Json::Null,
            Value::Text { .. } | Value::LongText { .. } | Value::Code => json!(""),
            _ => refuse(FileProblem::Record(Rule::Required)),
        };
    }
    match def.value {
        Value::Date => date(cell).map_or_else(
            || refuse(FileProblem::CellNotADate(shown.clone())),
            |d| json!(d.to_string()),
        ),
        Value::Count => match number(cell) {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 1e15 => json!(n as u64),
            _ => refuse(FileProblem::CellNotAWholeNumber(shown.clone())),
        },
        Value::Hours => number(cell).map_or_else(
            || refuse(FileProblem::CellNotANumber(shown.clone())),
            |n| json!(n),
        ),
        Value::Choice(_) => chosen(choices, kind, def.name, &shown)
            .or_else(|| choice(kind, def.name, &shown))
            .map_or_else(
                || {
                    refuse(FileProblem::CellNotAChoice {
                        kind,
                        field: def.name.to_owned(),
                        found: shown.clone(),
                    })
                },
                |code| json!(code),
            ),
        Value::OfficeRef => match offices.find(&shown) {
            Some(code) => json!(code),
            // An office sheet's parent may be a later row of the same sheet.
            None if kind == Kind::Offices => json!(shown),
            None => refuse(FileProblem::Record(Rule::NoSuchOffice(shown.clone()))),
        },
        _ => json!(shown),
    }
}

/// A sheet's rows as JSON objects of `kind` (without identity), with their places.
fn objects(
    index: usize,
    grid: &Grid,
    plan: &SheetPlan,
    choices: &[ValueChoice],
    offices: &OfficeNames,
    found: &mut Found,
) -> Vec<(Place, Map<String, Json>)> {
    let Some(kind) = plan.kind else {
        return Vec::new();
    };
    data_rows(grid, plan.header_row)
        .map(|row| {
            let place = (index, row);
            let mut object = Map::new();
            for def in fields(kind).iter().filter(|f| f.typed()) {
                let column = plan.column_of(def.name);
                let value = match (&def.value, column, &plan.office) {
                    (Value::OfficeRef, None, Some(office)) if def.name == "office" => {
                        json!(office)
                    }
                    _ => value_of(kind, def, grid, place, column, choices, offices, found),
                };
                object.insert(def.name.to_owned(), value);
            }
            if let Some(column) = plan.column_of("id") {
                object.insert("id".into(), json!(grid.cell(row, column).shown()));
            }
            (place, object)
        })
        .collect()
}

/// Whether a sheet says, above its header, that it was written without
/// personal details (`REDACTED_NOTICE`).
fn says_redacted(grid: &Grid, header_row: usize) -> bool {
    grid.rows.iter().take(header_row).flatten().any(|cell| {
        matches!(cell, super::grid::Cell::Text(text) if text.contains(exchange::REDACTED_NOTICE))
    })
}

/// The fields a sheet's row cannot speak for, so a stored record keeps its
/// own: those no column gives (a sheet without a notes column clears no
/// notes), and the personal ones of a redacted sheet.
fn kept_from_stored(kind: Kind, plan: &SheetPlan, redacted: bool) -> Vec<&'static str> {
    fields(kind)
        .iter()
        .filter(|f| f.typed())
        .filter(|f| {
            let given =
                plan.column_of(f.name).is_some() || (f.name == "office" && plan.office.is_some());
            !given || (redacted && f.personal)
        })
        .map(|f| f.name)
        .collect()
}

/// Where each record of the built file came from.
struct Placement {
    rows: PerKind<Vec<Option<Place>>>,
}

/// Reads the sheets as planned against the stored data; every error is at its cell.
pub fn read_sheets(
    grids: &[Grid],
    plans: &[SheetPlan],
    choices: &[ValueChoice],
    stored: &Dataset,
    now: &Timestamp,
) -> Result<ExchangeFile, Vec<ImportError>> {
    let mut found = Found::new();
    let (file, placement) = build(grids, plans, choices, stored, now, &mut found);
    let bytes = serde_json::to_vec(&file).unwrap_or_default();
    let checked = exchange::read(&bytes);
    if found.is_empty() {
        if let Ok(mut file) = checked {
            // Stored offices were in the file only for the records to name them.
            let from_sheets = placement.rows.get(Kind::Offices);
            file.offices = std::mem::take(&mut file.offices)
                .into_iter()
                .zip(from_sheets)
                .filter_map(|(office, place)| place.map(|_| office))
                .collect();
            return Ok(file);
        }
    }
    // Each cell's own problem first; the file's check adds what else it found.
    let mut errors: Vec<(Place, usize, ImportError)> = found
        .into_iter()
        .map(|(place, column, problem)| {
            let mut error = ImportError::new("", problem);
            error.cell = Some(grids[place.0].address(place.1, column));
            (place, column, error)
        })
        .collect();
    for error in checked.err().into_iter().flatten() {
        let (at, error) = locate(error, plans, &placement);
        let seen = |(p, c): (Place, usize)| errors.iter().any(|(q, d, _)| (*q, *d) == (p, c));
        match at {
            Some(at) if seen(at) => {}
            Some((place, column)) => {
                let mut error = error;
                error.cell = Some(grids[place.0].address(place.1, column));
                errors.push((place, column, error));
            }
            None => errors.push(((usize::MAX, 0), 0, error)),
        }
    }
    errors.sort_by_key(|(place, column, _)| (*place, *column));
    Err(errors.into_iter().map(|(_, _, e)| e).collect())
}

fn build(
    grids: &[Grid],
    plans: &[SheetPlan],
    choices: &[ValueChoice],
    stored: &Dataset,
    now: &Timestamp,
    found: &mut Found,
) -> (Json, Placement) {
    let planned = || grids.iter().zip(plans).enumerate();
    let stored_offices: Vec<Json> = stored
        .offices
        .iter()
        .filter_map(|o| serde_json::to_value(o).ok())
        .collect();
    // The office sheet is read first, so its offices can be named by the ledgers.
    let office_names = OfficeNames::new(&stored_offices);
    let sheet_offices: Vec<(Place, Json)> = planned()
        .filter(|(_, (_, plan))| plan.kind == Some(Kind::Offices))
        .flat_map(|(i, (grid, plan))| objects(i, grid, plan, choices, &office_names, found))
        .map(|(place, object)| (place, Json::Object(object)))
        .collect();
    let mut all_offices: Vec<Json> = stored_offices.clone();
    all_offices.extend(sheet_offices.iter().map(|(_, o)| o.clone()));
    let names = OfficeNames::new(&all_offices);
    let mut rows = PerKind::from_fn(|_| Vec::new());
    let mut tables = PerKind::from_fn(|_| Vec::new());
    // Offices: the stored ones (so records may name them), each replaced by
    // the sheet's row of the same code; then the sheet's new ones.
    let mut offices: Vec<(Option<Place>, Json)> =
        stored_offices.into_iter().map(|o| (None, o)).collect();
    for (place, mut office) in sheet_offices {
        if let Some(parent) = office.get("parent").and_then(Json::as_str) {
            office["parent"] = json!(names.code(parent));
        }
        match offices
            .iter_mut()
            .find(|(_, o)| o["code"] == office["code"])
        {
            Some(slot) => *slot = (Some(place), office),
            None => offices.push((Some(place), office)),
        }
    }
    for (place, office) in offices {
        rows.get_mut(Kind::Offices).push(place);
        tables.get_mut(Kind::Offices).push(office);
    }
    let mut redacted = false;
    for kind in [Kind::TrainingSessions, Kind::HonouredModels, Kind::Cases] {
        let before = Stored::new(stored, kind);
        let mut seen = HashMap::new();
        for (i, (grid, plan)) in planned().filter(|(_, (_, p))| p.kind == Some(kind)) {
            let sheet_redacted = says_redacted(grid, plan.header_row);
            redacted |= sheet_redacted;
            let kept = kept_from_stored(kind, plan, sheet_redacted);
            for (place, object) in objects(i, grid, plan, choices, &names, found) {
                rows.get_mut(kind).push(Some(place));
                let row = SheetRow {
                    object,
                    kept: &kept,
                };
                tables
                    .get_mut(kind)
                    .push(versioned(kind, row, &before, &mut seen, now));
            }
        }
    }
    let mut file = Map::new();
    if redacted {
        file.insert("redacted".into(), json!(true));
    }
    file.insert("format".into(), json!(exchange::FORMAT));
    file.insert("version".into(), json!(exchange::VERSION));
    file.insert("exported_at".into(), json!(now.as_str()));
    for kind in Kind::ALL {
        file.insert(
            kind.key().into(),
            Json::Array(std::mem::take(tables.get_mut(kind))),
        );
    }
    (Json::Object(file), Placement { rows })
}

/// Where an error of the built file came from: its row and column (the
/// row's first column for a field no column gives).
fn locate(
    error: ImportError,
    plans: &[SheetPlan],
    placement: &Placement,
) -> (Option<(Place, usize)>, ImportError) {
    let mut parts = error.pointer.split('/').skip(1);
    let (Some(key), Some(index)) = (parts.next(), parts.next()) else {
        return (None, error);
    };
    let field = parts.next().unwrap_or("");
    let place = Kind::from_key(key)
        .zip(index.parse::<usize>().ok())
        .and_then(|(kind, i)| placement.rows.get(kind).get(i).copied().flatten());
    let at = place.map(|place| (place, plans[place.0].column_of(field).unwrap_or(0)));
    (at, error)
}
