//! Excel and WPS sheets (`docs/sheets.md`): reading a workbook or CSV file
//! into grids, guessing what each sheet and column holds, reading the sheets
//! as mapped into an exchange file with errors at their cells, and writing
//! the workbook of the ledgers.

mod columns;
mod convert;
mod grid;
mod names;
mod open;
mod plan;
mod synonyms;
mod values;
mod write;

pub use columns::{columns, header, sheet_name, table, Names, Out};
pub use convert::read_sheets;
pub use grid::{letters, Cell, Grid};
pub use names::{field_named, fold, guess_columns, guess_kind, header_key, header_row};
pub use open::{decode, open, sheet_format, SheetFormat};
pub use plan::{analyse, data_rows, unmatched, SheetPlan, SheetShape, Unmatched, ValueChoice};
pub use values::{choice, date, number, text_date};
pub use write::{period_text, workbook, workbook_name};
