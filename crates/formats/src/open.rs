//! Opening a workbook or a CSV file as grids: `.xlsx`, `.xls` (and `.ods`)
//! by calamine, CSV in UTF-8 (with or without BOM) or GB18030, which Excel
//! writes on Chinese Windows.

use calamine::{Data, Reader};
use std::io::Cursor;
use taizhang_core::base::problem::FileProblem;
use taizhang_core::exchange::ImportError;
use taizhang_core::sheet::{sheet_format, text_date, Cell, Grid, SheetFormat};
use taizhang_core::Day;

fn refused(problem: FileProblem) -> Vec<ImportError> {
    vec![ImportError::new("", problem)]
}

/// Every sheet of a file, as grids.
pub fn open(name: &str, bytes: &[u8]) -> Result<Vec<Grid>, Vec<ImportError>> {
    match sheet_format(name, bytes.get(..8).unwrap_or(bytes)) {
        Some(SheetFormat::Wps) => Err(refused(FileProblem::WpsWorkbook)),
        Some(SheetFormat::Csv) => Ok(vec![csv(stem(name), bytes)?]),
        _ => workbook(bytes),
    }
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

fn workbook(bytes: &[u8]) -> Result<Vec<Grid>, Vec<ImportError>> {
    let unreadable = |e: calamine::Error| refused(FileProblem::UnreadableWorkbook(e.to_string()));
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(unreadable)?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .map(|row| row.iter().map(cell).collect())
            .collect();
        grids.push(Grid {
            name,
            top,
            left,
            rows,
        });
    }
    Ok(grids)
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (year, month, day, ..) = dt.to_ymd_hms_milli();
            Day::from_ymd(i32::from(year), month, day).map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => text_date(s).map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(_) | Data::Empty => Cell::Empty,
    }
}

/// A CSV file's text: UTF-8 (a BOM dropped), else GB18030.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn csv(name: &str, bytes: &[u8]) -> Result<Grid, Vec<ImportError>> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| refused(FileProblem::UnreadableWorkbook(e.to_string())))?;
        rows.push(
            record
                .iter()
                .map(|v| {
                    if v.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(v.to_owned())
                    }
                })
                .collect(),
        );
    }
    Ok(Grid::new(name, rows))
}
