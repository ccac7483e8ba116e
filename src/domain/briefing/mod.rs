//! The briefing (简报): the paragraphs an office types by hand each month,
//! drafted from the ledgers in the register of the campaign's reports, with
//! the table of figures and the ranking of the offices under it. Every
//! figure comes from the dashboard's own functions (`figures`); the wording
//! is here (`draft`), in Chinese and in English.

mod draft;
mod figures;
mod word;

pub use draft::{draft, Briefing, Section};
pub use figures::{figures, Figures, Ranked};
pub use word::{word, Document};

/// A count with its unit, as the reports write it (`227场次`).
fn counted(n: u64, unit: &str) -> String {
    format!("{n}{unit}")
}

/// A rate as a percentage with two decimals (`66.67%`).
pub fn percent(rate: f64) -> String {
    format!("{:.2}%", rate * 100.0)
}
