//! The committed JSON Schema of the exchange format is the one the types
//! generate, and files the app exports are valid against it (checked by an
//! independent validator). Regenerate with: UPDATE_SCHEMA=1 cargo test --test schema
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use taizhang_core::exchange::{export, json_schema, to_json, ExportScope};
use taizhang_core::{ledgers::edit::tombstone, ledgers::generate, ledgers::sample, Timestamp};

/// Kept at the repository's root, where the contract's readers look.
const COMMITTED: &str = "../../schema/exchange-v1.schema.json";

fn committed() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(COMMITTED);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("schema file"))
        .expect("schema json")
}

#[test]
fn the_committed_schema_is_the_one_the_types_generate() {
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(COMMITTED);
        std::fs::write(path, json_schema()).expect("write schema");
    }
    let generated: Value = serde_json::from_str(&json_schema()).expect("json");
    assert_eq!(
        committed(),
        generated,
        "run UPDATE_SCHEMA=1 cargo test --test schema and commit {COMMITTED}"
    );
    assert_eq!(
        generated["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&committed())
        .expect("valid schema")
}

#[test]
fn exported_files_are_valid_against_the_schema() {
    let now = Timestamp::parse("2021-06-01T00:00:00Z").expect("ts");
    let mut data = sample::dataset(&now);
    data.cases[0] = tombstone(&data.cases[0], now.clone());
    let validator = validator();
    for data in [data, generate::province(3000, 11)] {
        let file: Value = serde_json::from_str(&to_json(&export(
            &data,
            &ExportScope::default(),
            now.clone(),
            Some("x".into()),
        )))
        .expect("json");
        let errors: Vec<String> = validator
            .iter_errors(&file)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}

#[test]
fn the_schema_refuses_what_the_format_refuses() {
    let now = Timestamp::parse("2021-06-01T00:00:00Z").expect("ts");
    let file = || -> Value {
        serde_json::from_str(&to_json(&export(
            &sample::dataset(&now),
            &ExportScope::default(),
            now.clone(),
            None,
        )))
        .expect("json")
    };
    let validator = validator();
    type Mutation = Box<dyn Fn(&mut Value)>;
    let mutations: Vec<(&str, Mutation)> = vec![
        ("wrong format", Box::new(|v| v["format"] = json!("other"))),
        ("newer version", Box::new(|v| v["version"] = json!(2))),
        ("unknown top-level key", Box::new(|v| v["extra"] = json!(1))),
        (
            "unknown record key",
            Box::new(|v| v["cases"][0]["colour"] = json!("red")),
        ),
        (
            "enum",
            Box::new(|v| v["cases"][0]["status"] = json!("closed")),
        ),
        (
            "type",
            Box::new(|v| v["training_sessions"][0]["participants"] = json!("many")),
        ),
        (
            "length",
            Box::new(|v| v["training_sessions"][0]["title"] = json!("")),
        ),
        (
            "range",
            Box::new(|v| v["training_sessions"][0]["hours"] = json!(10001)),
        ),
        (
            "date shape",
            Box::new(|v| v["cases"][0]["received_on"] = json!("2021/04/16")),
        ),
        (
            "code charset",
            Box::new(|v| v["offices"][0]["code"] = json!("石峰")),
        ),
        (
            "revision 0",
            Box::new(|v| v["cases"][0]["revision"] = json!(0)),
        ),
        (
            "missing key",
            Box::new(|v| {
                v["cases"][0]
                    .as_object_mut()
                    .expect("object")
                    .remove("office");
            }),
        ),
    ];
    assert!(validator.is_valid(&file()));
    for (what, mutate) in mutations {
        let mut v = file();
        mutate(&mut v);
        assert!(!validator.is_valid(&v), "{what} should be refused");
    }
}
