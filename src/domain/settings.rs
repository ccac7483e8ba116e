//! Settings of this copy of the app, kept beside the ledgers.

use super::day::Timestamp;
use super::phases::PhaseDates;
use serde::{Deserialize, Serialize};

/// Which office this copy is, when it last exported, and the campaign's phase dates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The office this copy belongs to (shown in the header).
    pub own_office: Option<String>,
    pub last_export: Option<Timestamp>,
    /// Campaign phase dates, per office.
    #[serde(default)]
    pub phases: Vec<PhaseDates>,
}
