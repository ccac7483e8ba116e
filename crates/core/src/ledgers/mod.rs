//! The ledgers: the model and its fields, entry forms, edits, checks, the office tree, the history of records, and the sample and generated data.

pub mod chunks;
pub mod edit;
pub mod entries;
pub mod enums;
pub mod fields;
pub mod form;
pub mod generate;
pub mod history;
pub mod kind;
pub mod model;
pub mod query;
pub mod sample;
pub mod sequence;
pub mod tree;
pub mod validate;
