//! Reading offices' own sheets (`docs/sheets.md`): the expected values are
//! the contract's tables and examples, written out here by hand.

mod recognition;
mod rows;
mod support;
mod workbooks;
