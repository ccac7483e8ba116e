//! Other tools' files, as offices' Excel, WPS and Word read and write them:
//! a workbook (`.xlsx`, `.xls`, `.ods`) or CSV file opened into the core's
//! grids (`open`), the ledgers written as a workbook (`workbook`), and the
//! briefing written as a Word document (`word`). Only the workbook engine
//! links this crate, so the page never loads these libraries.

mod open;
mod word;
mod workbook;

pub use open::{decode, open};
pub use word::word;
pub use workbook::workbook;
