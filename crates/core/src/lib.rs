//! The pure core: the model, its rules, and everything computed from it.
//! Nothing here knows about the browser, so all of it is tested natively.

pub mod applock;
pub mod approval;
pub mod briefing;
pub mod charts;
pub mod chunks;
pub mod csv_export;
pub mod dashboard;
pub mod day;
pub mod edit;
pub mod entries;
pub mod enums;
pub mod errors;
pub mod exchange;
pub mod fields;
pub mod form;
pub mod format_of;
pub mod generate;
pub mod history;
pub mod kind;
pub mod model;
pub mod password;
pub mod phases;
pub mod problem;
pub mod query;
pub mod reporting;
pub mod sample;
pub mod sequence;
pub mod settings;
pub mod sheet;
pub mod text;
pub mod tree;
pub mod trust;
pub mod validate;

pub use day::{Day, Timestamp};
pub use enums::*;
pub use kind::{Kind, PerKind};
pub use model::*;
pub use text::{Lang, Message, Text};
