//! The pure core: the model, its rules, and everything computed from it.
//! Nothing here knows about the browser, so all of it is tested natively.

pub mod base;
pub mod briefing;
pub mod exchange;
pub mod figures;
pub mod ledgers;
pub mod reporting;
pub mod sheet;
pub mod trust;

pub use base::day::{Day, Timestamp};
pub use base::text::{Lang, Message, Text};
pub use ledgers::enums::*;
pub use ledgers::kind::{Kind, PerKind};
pub use ledgers::model::*;
