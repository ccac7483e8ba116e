//! What every part stands on: days and times, bilingual text, the problems found and the shell's errors as data, this copy's settings.

pub mod day;
pub mod decimal;
pub mod errors;
pub mod order;
pub mod problem;
mod rfc3339;
pub mod settings;
pub mod text;
