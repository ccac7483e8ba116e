//! What the exchange tests share: a clock, a dataset as its file (text or
//! JSON), the pointers of a refused file, and an import as the app does it.

use serde_json::Value;
use taizhang_core::exchange::{apply, export, plan, read, to_json, Choice, ExportScope};
use taizhang_core::{Dataset, Kind, Timestamp};

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("ts")
}

pub fn file_of(data: &Dataset) -> String {
    to_json(&export(
        data,
        &ExportScope::default(),
        at("2021-06-01T00:00:00Z"),
        Some("430204-committee".into()),
    ))
}

pub fn value_of(data: &Dataset) -> Value {
    serde_json::from_str(&file_of(data)).expect("json")
}

pub fn pointers(bytes: &[u8]) -> Vec<String> {
    read(bytes)
        .expect_err("refused")
        .into_iter()
        .map(|e| e.pointer)
        .collect()
}

pub fn keep_mine(_: Kind, _: usize) -> Choice {
    Choice::KeepMine
}

/// Imports `file` into `local` as the app does: plan, then apply.
pub fn import(local: &Dataset, file: &str, choose: &dyn Fn(Kind, usize) -> Choice) -> Dataset {
    let incoming = read(file.as_bytes()).expect("valid file").into_dataset();
    let plan = plan(local, &incoming);
    apply(local, &incoming, &plan, choose).expect("a tree").0
}
