//! What is wrong with a file, and where: an error with its JSON Pointer.

use crate::base::problem::FileProblem;

/// Larger files are refused before parsing: they could exhaust the tab's memory.
pub const MAX_FILE_BYTES: usize = 512 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportError {
    /// JSON Pointer (RFC 6901) of the value at fault; `""` is the whole file.
    pub pointer: String,
    pub problem: FileProblem,
    /// For a workbook, the cell the value came from (`SHEET!A1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl ImportError {
    pub fn new(pointer: &str, problem: FileProblem) -> ImportError {
        ImportError {
            pointer: pointer.to_owned(),
            problem,
            cell: None,
        }
    }
}

/// The keys of a file, in the order the format lists them.
pub(super) const TOP_KEYS: [&str; 9] = [
    "format",
    "version",
    "exported_at",
    "source_office",
    "redacted",
    "offices",
    "training_sessions",
    "honoured_models",
    "cases",
];
