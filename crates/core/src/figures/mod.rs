//! What the dashboard shows: its figures, the charts' data, the campaign's phases.

pub mod charts;
pub mod dashboard;
pub mod phases;
