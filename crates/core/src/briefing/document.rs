//! What the briefing's Word document holds, as the page sends it to the
//! workbook engine that writes it.

use serde::{Deserialize, Serialize};

/// What the Word document holds: the (possibly edited) text, and the
/// figures and charts beside it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub title: String,
    pub subtitle: String,
    /// The text as the user left it, one paragraph per line.
    pub text: String,
    pub table_heading: String,
    pub table: Vec<(String, String)>,
    pub ranking_heading: String,
    pub ranking: Vec<(String, String, String)>,
    /// The charts' titles, in the order of the pictures sent beside.
    pub charts: Vec<String>,
    /// "制表人", "审核人", "日期" (or English); none for a document that is no briefing.
    pub signatures: [String; 3],
    /// Lines of `text` to set as headings besides those the draft's own
    /// numbering marks (一、…).
    #[serde(default)]
    pub headings: Vec<String>,
}
