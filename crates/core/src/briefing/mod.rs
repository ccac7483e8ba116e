//! The briefing (简报): the paragraphs an office types by hand each month,
//! drafted from the ledgers in the register of the campaign's reports, with
//! the table of figures and the ranking of the offices under it. Every
//! figure comes from the dashboard's own functions (`figures`); the wording
//! is here (`draft`), in Chinese and in English.

mod document;
mod draft;
mod figures;
mod table;
mod words;

pub use document::Document;
pub use draft::{draft, Briefing, Section};
pub use figures::{figures, Figures, Ranked};
