//! Reading a file: every error reported with its pointer, hostile shapes
//! refused without a crash, and the progress reported in bytes.

use crate::support::{at, pointers, value_of};
use serde_json::{json, Value};
use taizhang_catalogue::Worded;
use taizhang_core::exchange::{read, read_with_progress};
use taizhang_core::ledgers::generate;
use taizhang_core::ledgers::sample;
use taizhang_core::*;

#[test]
fn malformed_json_says_where() {
    let errors = read(b"{\n  \"format\": \"taizhang-exchange\",\n  \"version\": 1,,\n}")
        .expect_err("malformed");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].pointer, "");
    assert!(
        errors[0].message().zh.contains("第 3 行第 16 列"),
        "{}",
        errors[0].message().zh
    );
    let truncated = read(b"{\"format\": \"taizhang-exch").expect_err("truncated");
    assert!(truncated[0].message().en.contains("ends unexpectedly"));
    assert!(read("[1,2]".as_bytes()).expect_err("not an object")[0]
        .message()
        .en
        .contains("JSON object"));
}

#[test]
fn wrong_format_and_newer_versions_are_named() {
    let mut v = value_of(&Dataset::default());
    v["format"] = json!("something-else");
    assert_eq!(pointers(v.to_string().as_bytes()), ["/format"]);
    let mut v = value_of(&Dataset::default());
    v["version"] = json!(2);
    let errors = read(v.to_string().as_bytes()).expect_err("newer");
    assert_eq!(errors[0].pointer, "/version");
    assert!(errors[0]
        .message()
        .en
        .contains("made by a newer version of the app"));
    assert!(errors[0].message().zh.contains("更新版本"));
}

#[test]
fn every_error_of_a_file_is_reported_with_its_pointer() {
    let data = sample::dataset(&at("2021-05-01T00:00:00Z"));
    let mut v = value_of(&data);
    v["cases"][17]["resolved_on"] = json!("2021-01-01"); // before received (cross-field)
    v["cases"][3]["status"] = json!("closed"); // enum
    v["training_sessions"][5]["participants"] = json!("many"); // type
    v["training_sessions"][6]["colour"] = json!("red"); // unknown key
    v["honoured_models"][0]["title"] = json!("称".repeat(201)); // limit
    v["honoured_models"][1]["office"] = json!("999999-court"); // office not in the file
    v["cases"][20]["id"] = v["cases"][19]["id"].clone(); // duplicate id
    v["offices"][0]["parent"] = json!("430204-court"); // a cycle through the tree
    v["extra"] = json!(1); // unknown top-level key
    let mut found = pointers(v.to_string().as_bytes());
    found.sort();
    let mut expected = vec![
        "/cases/17/resolved_on",
        "/cases/3/status",
        "/training_sessions/5/participants",
        "/training_sessions/6/colour",
        "/honoured_models/0/title",
        "/honoured_models/1/office",
        "/cases/20/id",
        "/extra",
        // The cycle: every office on it is reported.
        "/offices/0/parent",
        "/offices/1/parent",
        "/offices/2/parent",
        "/offices/3/parent",
    ];
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn missing_keys_nulls_and_arrays_are_checked() {
    let mut v = value_of(&sample::dataset(&at("2021-05-01T00:00:00Z")));
    v["cases"][0]
        .as_object_mut()
        .expect("object")
        .remove("reference");
    v["cases"][1]["deadline"] = Value::Null; // allowed
    v["cases"][2]["received_on"] = Value::Null; // not allowed
    v["offices"][2]["headcount"] = json!(-5);
    v.as_object_mut().expect("object").remove("honoured_models");
    let mut found = pointers(v.to_string().as_bytes());
    found.sort();
    assert_eq!(
        found,
        [
            "/cases/0/reference",
            "/cases/2/received_on",
            "/honoured_models",
            "/offices/2/headcount"
        ]
    );
}

#[test]
fn hostile_shapes_are_errors_not_crashes() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(read(deep.as_bytes()).expect_err("deep")[0]
        .message()
        .en
        .contains("nested more than 16 levels"));
    let deep_in_record = {
        let mut v = value_of(&Dataset::default());
        let nested: Value =
            serde_json::from_str(&format!("{}1{}", "[".repeat(100), "]".repeat(100)))
                .expect("nested");
        v["cases"] = json!([{ "id": nested }]);
        v.to_string()
    };
    assert!(read(deep_in_record.as_bytes()).is_err());
    assert!(read(&[0xff, 0xfe, 0x00]).expect_err("binary")[0]
        .message()
        .en
        .contains("not UTF-8"));
    assert!(read(b"").is_err());
    let huge_number = value_of(&Dataset::default())
        .to_string()
        .replace("\"version\":1", "\"version\":1e400");
    assert!(read(huge_number.as_bytes()).is_err());
}

/// Reading tells how far it got, in bytes: never backwards, and the whole
/// file at the end (the import's progress bar moves by this).
#[test]
fn reading_reports_its_progress_in_bytes() {
    let data = generate::province(5000, 7);
    let bytes = value_of(&data).to_string().into_bytes();
    let mut seen = Vec::new();
    let file = read_with_progress(&bytes, &mut |done| seen.push(done)).expect("reads");
    assert_eq!(file.cases.len(), data.cases.len());
    assert!(
        seen.len() >= 5,
        "only {} reports for 5000 records",
        seen.len()
    );
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "went backwards: {seen:?}"
    );
    assert!(seen[..seen.len() - 1].iter().all(|&d| d < bytes.len()));
    assert_eq!(seen.last(), Some(&bytes.len()));
}

/// A file read record by record (it has an error) after the one-pass reading
/// gave up never reports less than it already did.
#[test]
fn progress_never_goes_back_when_a_file_is_read_twice() {
    let mut value = value_of(&generate::province(5000, 7));
    let last = value["training_sessions"].as_array().map_or(0, Vec::len) - 1;
    value["training_sessions"][last]["participants"] = json!("many");
    let bytes = value.to_string().into_bytes();
    let mut seen = Vec::new();
    let errors = read_with_progress(&bytes, &mut |done| seen.push(done)).expect_err("refused");
    assert_eq!(
        errors[0].pointer,
        format!("/training_sessions/{last}/participants")
    );
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "went back or repeated: {seen:?}"
    );
    assert_eq!(seen.last(), Some(&bytes.len()));
}
