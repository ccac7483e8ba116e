//! CSV of a ledger for Excel: UTF-8 with a BOM (so Excel does not garble
//! Chinese), the workbook's columns (`sheet::columns`) with their headers in
//! the user's language, dates as YYYY-MM-DD, choices by their labels.
//! Deleted records are left out: a spreadsheet is for reading.
//!
//! Any office's text reaches this file, and Excel, WPS and LibreOffice run a
//! cell that begins with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`
//! opens a link; tab and carriage return hide such a start). Those cells are
//! written behind an apostrophe, which all three show as text.

use crate::base::text::Lang;
use crate::ledgers::entries::Entry;
use crate::ledgers::model::Dataset;
use crate::sheet::{columns, header, table, Names, Out};

pub fn ledger_csv<R: Entry>(data: &Dataset, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(columns(R::KIND).iter().map(|def| header(def, lang)))?;
        for row in table(R::rows(data), &Names::new(data), lang) {
            writer.write_record(row.iter().map(|cell| match cell {
                Out::Text(_) => inert(cell.text()),
                _ => cell.text(),
            }))?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// Characters that make a spreadsheet read a cell as a formula, the
/// full-width forms a Chinese keyboard types included.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// `text` as a spreadsheet shows it and never runs it.
pub fn inert(text: String) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text
    }
}
