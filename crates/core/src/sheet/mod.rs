//! Excel and WPS sheets (`docs/sheets.md`), as grids of cells: guessing what each sheet and column holds, reading the sheets
//! as mapped into an exchange file with errors at their cells, and the
//! columns a written workbook has. The bytes of workbooks and CSV files are
//! read and written by `taizhang-formats`.

mod columns;
mod convert;
mod format;
mod grid;
mod names;
mod plan;
mod synonyms;
mod title;
mod values;
mod versions;

pub use columns::{columns, header, sheet_name, table, Names, Out};
pub use convert::read_sheets;
pub use format::{sheet_format, SheetFormat};
pub use grid::{letters, Cell, Grid};
pub use names::{field_named, fold, guess_columns, guess_kind, header_key, header_row};
pub use plan::{analyse, data_rows, unmatched, SheetPlan, SheetShape, Unmatched, ValueChoice};
pub use title::{period_text, workbook_name};
pub use values::{choice, date, number, text_date};
