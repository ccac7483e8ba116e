//! The briefing (简报): the paragraphs an office types by hand each month,
//! drafted from the ledgers in the register of the campaign's reports, with
//! the table of figures and the ranking of the offices under it. Every
//! figure comes from the dashboard's own functions (`figures`); what is said
//! is decided once (`draft`), and said by one template per language
//! (`wording`: `zh`, `en`).

mod document;
mod draft;
mod en;
mod figures;
mod table;
mod wording;
mod zh;

pub use document::Document;
pub use draft::{draft, Briefing, Section};
pub use figures::{figures, Figures, Ranked};
pub use wording::{Headings, Wording};

/// The wording of `lang`.
pub fn wording(lang: crate::Lang) -> &'static dyn Wording {
    match lang {
        crate::Lang::Zh => &zh::Chinese,
        crate::Lang::En => &en::English,
    }
}
