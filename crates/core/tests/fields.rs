//! Each record's fields are declared once (`domain::fields`): the declaration
//! must match the model, and hold the contract's limits and sheet headers.
#![cfg(not(target_arch = "wasm32"))]

use taizhang_core::ledgers::fields::{field, fields, length};
use taizhang_core::{ledgers::sample, Kind, Timestamp};

use std::collections::BTreeSet;

fn keys(value: serde_json::Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn every_field_of_the_model_is_declared_once_and_nothing_else() {
    let data = sample::dataset(&Timestamp::from_unix_millis(0));
    let json = |v: Result<serde_json::Value, serde_json::Error>| v.expect("serializes");
    for (kind, value) in [
        (Kind::Offices, json(serde_json::to_value(&data.offices[0]))),
        (
            Kind::TrainingSessions,
            json(serde_json::to_value(&data.training_sessions[0])),
        ),
        (
            Kind::HonouredModels,
            json(serde_json::to_value(&data.honoured_models[0])),
        ),
        (Kind::Cases, json(serde_json::to_value(&data.cases[0]))),
    ] {
        let declared: Vec<&str> = fields(kind).iter().map(|f| f.name).collect();
        let unique: BTreeSet<String> = declared.iter().map(|n| n.to_string()).collect();
        assert_eq!(
            unique.len(),
            declared.len(),
            "{kind:?}: a field declared twice"
        );
        assert_eq!(
            unique,
            keys(value),
            "{kind:?}: the declaration and the model differ"
        );
    }
}

#[test]
fn the_contracts_limits_and_sheet_headers() {
    assert_eq!(length(Kind::TrainingSessions, "title"), (1, 200));
    assert_eq!(length(Kind::Cases, "reference"), (1, 64));
    assert_eq!(length(Kind::Offices, "name"), (1, 100));
    assert_eq!(length(Kind::HonouredModels, "deeds"), (0, 4000));
    assert_eq!(
        field(Kind::Cases, "deadline").map(|f| f.headers[0]),
        Some("办结时限")
    );
    assert_eq!(
        field(Kind::TrainingSessions, "participants").map(|f| f.headers[0]),
        Some("参加人次")
    );
}

/// A list's columns and its filter name declared fields, one cell per column,
/// and the filter's options are the category's own.
#[test]
fn lists_show_declared_fields() {
    use taizhang_core::ledgers::entries::Entry;
    fn check<R: Entry>(rows: &[R], category_options: usize) {
        for name in R::COLUMNS.iter().map(|(n, _)| n).chain([&R::CATEGORY.0]) {
            assert!(field(R::KIND, name).is_some(), "{:?}: {name}", R::KIND);
        }
        let columns = R::columns();
        assert!(columns.iter().all(|c| !c.zh.is_empty() && !c.en.is_empty()));
        assert_eq!(rows[0].cells().len(), columns.len(), "{:?}", R::KIND);
        let (label, options) = R::category_filter();
        assert!(!label.zh.is_empty());
        assert_eq!(options.len(), category_options, "{:?}", R::KIND);
    }
    let data = sample::dataset(&Timestamp::from_unix_millis(0));
    // Option counts from the contract: training kinds, model kinds, case statuses.
    check(&data.training_sessions, 9);
    check(&data.honoured_models, 2);
    check(&data.cases, 3);
}
