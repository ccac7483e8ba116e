//! The catalogue of text: every string the user can read, by key, in both
//! languages, checked by the compiler (each key's match is exhaustive).
//! Fixed labels are `T`; sentences with numbers or names are `Say`; the
//! problems the domain finds and the errors of the layers are worded here
//! too, so the domain returns typed values and language is applied only
//! when they are shown. The charts' titles, axes and series are keys of the
//! core worded here (`charts`). Field, choice and ledger labels stay beside
//! their declarations in the core (`fields`, `enums`, `kind`): they are
//! also the sheets' headers and values and the briefing's words.

mod charts;
mod errors;
pub mod help;
mod keys;
mod problems;
mod say;

pub use charts::{chart_label, chart_summary, chart_table};
pub use errors::{code_not_loaded, light_message, words_not_loaded};
pub use keys::T;
pub use say::{counted, Say};

use taizhang_core::Message;

/// A typed value of another layer (a problem, an error) that the catalogue
/// words: what the user reads, in both languages. The layers below return
/// these values and never depend on the catalogue.
pub trait Worded {
    fn message(&self) -> Message;
}
