//! The exchange file (`docs/exchange-format.md`): writing it, reading it
//! with every error reported, and merging it into a copy of the app.

pub mod csv_export;
mod describe;
mod error;
mod export;
pub mod format_of;
mod merge;
mod read;
mod redact;
mod rules;
mod shape;
mod whole;

pub use describe::describe;
pub use error::{ImportError, MAX_FILE_BYTES};
pub use export::{export, file_name, to_json, ExportScope};
pub use merge::{apply, plan, Choice, Item, LedgerPlan, MergeError, Outcome, Plan};
pub use read::{read, read_with_progress, too_large};
pub use redact::{keep_details, redact, redact_records, REDACTED, REDACTED_NOTICE};

use crate::base::day::Timestamp;
use crate::ledgers::model::*;
use serde::Serialize;

pub const FORMAT: &str = "taizhang-exchange";
pub const VERSION: u64 = 1;

/// A file's contents, in the order the format lists its keys.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "台账 exchange file, version 1",
    description = "The file offices exchange their ledgers in: docs/exchange-format.md of the Taizhang repository"
)]
pub struct ExchangeFile {
    #[schemars(schema_with = "format_schema")]
    pub format: &'static str,
    #[schemars(schema_with = "version_schema")]
    pub version: u64,
    pub exported_at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_office: Option<String>,
    /// Written without personal details (脱敏): its personal fields are blank.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[schemars(default)]
    pub redacted: bool,
    pub offices: Vec<Office>,
    pub training_sessions: Vec<TrainingSession>,
    pub honoured_models: Vec<HonouredModel>,
    pub cases: Vec<Case>,
}

fn format_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "const": FORMAT })
}

fn version_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "const": VERSION })
}

/// The JSON Schema (draft 2020-12) of the exchange file, from these types.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ExchangeFile);
    // A schema is plain JSON: serializing it cannot fail.
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

impl ExchangeFile {
    pub fn into_dataset(self) -> Dataset {
        Dataset {
            offices: self.offices,
            training_sessions: self.training_sessions,
            honoured_models: self.honoured_models,
            cases: self.cases,
        }
    }
}
