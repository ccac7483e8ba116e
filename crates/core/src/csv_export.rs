//! CSV of a ledger for Excel: UTF-8 with a BOM (so Excel does not garble
//! Chinese), the workbook's columns (`sheet::columns`) with their headers in
//! the user's language, dates as YYYY-MM-DD, choices by their labels.
//! Deleted records are left out: a spreadsheet is for reading.

use super::entries::Entry;
use super::model::Dataset;
use super::sheet::{columns, header, table, Names};
use super::text::Lang;

pub fn ledger_csv<R: Entry>(data: &Dataset, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(columns(R::KIND).iter().map(|def| header(def, lang)))?;
        for row in table(R::rows(data), &Names::new(data), lang) {
            writer.write_record(row.iter().map(|cell| cell.text()))?;
        }
        writer.flush()?;
    }
    Ok(out)
}
