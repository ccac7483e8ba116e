//! Corrupted exchange files: every one is refused with errors, none panics.
//! (Nothing can change on a refusal: `read` is pure and returns no data.)
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use taizhang_catalogue::Worded;
use taizhang_core::exchange::{export, read, to_json, ExportScope};
use taizhang_core::{ledgers::sample, Timestamp};

fn valid() -> String {
    let now = Timestamp::parse("2021-06-01T00:00:00Z").expect("ts");
    to_json(&export(
        &sample::dataset(&now),
        &ExportScope::default(),
        now,
        None,
    ))
}

/// With `TAIZHANG_FUZZ_SEEDS` set (by scripts/fuzz.sh), a file these tests read
/// is also written there, to seed the fuzzer's corpus.
fn keep_as_seed(bytes: &[u8], what: &str) {
    if let Some(dir) = std::env::var_os("TAIZHANG_FUZZ_SEEDS") {
        let name: String = what
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).expect("seed written");
    }
}

fn refused(bytes: &[u8], what: &str) {
    let outcome = std::panic::catch_unwind(|| read(bytes));
    match outcome {
        Err(_) => panic!("{what}: panicked"),
        Ok(Ok(_)) => panic!("{what}: accepted"),
        Ok(Err(errors)) => {
            assert!(!errors.is_empty(), "{what}: refused without a reason");
            assert!(
                errors
                    .iter()
                    .all(|e| !e.message().zh.is_empty() && !e.message().en.is_empty()),
                "{what}: a message is missing"
            );
            assert!(
                errors
                    .iter()
                    .all(|e| e.pointer.is_empty() || e.pointer.starts_with('/')),
                "{what}: bad pointer"
            );
        }
    }
}

#[test]
fn truncated_files_are_refused_at_every_cut() {
    let file = valid();
    let bytes = file.as_bytes();
    // Every 97th cut, plus the very ends.
    for cut in (0..bytes.len() - 1).step_by(97).chain([1, bytes.len() - 1]) {
        refused(&bytes[..cut], &format!("cut at {cut}"));
    }
}

#[test]
fn bit_flips_never_panic() {
    let file = valid();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for round in 0..1000 {
        let mut bytes = file.clone().into_bytes();
        for _ in 0..1 + round % 4 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let at = (state % bytes.len() as u64) as usize;
            bytes[at] ^= 1 << ((state >> 60) % 8);
        }
        // A flip may land in a note and leave a valid file: only a panic is a failure here.
        let outcome = std::panic::catch_unwind(|| read(&bytes));
        assert!(outcome.is_ok(), "round {round} panicked");
    }
}

fn mutated(change: impl Fn(&mut Value)) -> Vec<u8> {
    let mut value: Value = serde_json::from_str(&valid()).expect("json");
    change(&mut value);
    value.to_string().into_bytes()
}

#[test]
fn swapped_types_huge_strings_big_numbers_and_nesting_are_refused() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "array for object",
            mutated(|v| v["cases"][0] = json!([1, 2])),
        ),
        (
            "object for array",
            mutated(|v| v["cases"] = json!({ "a": 1 })),
        ),
        (
            "number for string",
            mutated(|v| v["offices"][0]["name"] = json!(7)),
        ),
        (
            "string for number",
            mutated(|v| v["training_sessions"][0]["participants"] = json!("7")),
        ),
        (
            "bool for date",
            mutated(|v| v["cases"][0]["received_on"] = json!(true)),
        ),
        (
            "null for required",
            mutated(|v| v["cases"][0]["reference"] = Value::Null),
        ),
        (
            "huge string",
            mutated(|v| v["cases"][0]["notes"] = json!("字".repeat(2_000_000))),
        ),
        (
            "negative count",
            mutated(|v| v["training_sessions"][0]["participants"] = json!(-1)),
        ),
        (
            "count beyond u32",
            mutated(|v| v["training_sessions"][0]["participants"] = json!(1u64 << 40)),
        ),
        (
            "fractional count",
            mutated(|v| v["training_sessions"][0]["participants"] = json!(1.5)),
        ),
        (
            "revision beyond u32",
            mutated(|v| v["cases"][0]["revision"] = json!(u64::MAX)),
        ),
        (
            "hours out of range",
            mutated(|v| v["training_sessions"][0]["hours"] = json!(1e308)),
        ),
        (
            "bad uuid",
            mutated(|v| v["cases"][0]["id"] = json!("not-a-uuid")),
        ),
        (
            "nested in a field",
            mutated(|v| {
                v["cases"][0]["notes"] =
                    serde_json::from_str(&format!("{}\"deep\"{}", "[".repeat(18), "]".repeat(18)))
                        .expect("nested")
            }),
        ),
        ("version as string", mutated(|v| v["version"] = json!("1"))),
        ("root is a string", b"\"taizhang\"".to_vec()),
        ("root is null", b"null".to_vec()),
        ("empty", Vec::new()),
        ("only a BOM", "\u{feff}".as_bytes().to_vec()),
        (
            "huge number literal",
            valid()
                .replacen(
                    "\"revision\":1",
                    &format!("\"revision\":1{}", "0".repeat(5000)),
                    1,
                )
                .into_bytes(),
        ),
        (
            "deep nesting",
            format!("{}{}", "{\"a\":".repeat(50_000), "}".repeat(50_000)).into_bytes(),
        ),
    ];
    keep_as_seed(valid().as_bytes(), "valid sample");
    for (what, bytes) in cases {
        keep_as_seed(&bytes, what);
        refused(&bytes, what);
    }
}

#[test]
fn duplicate_keys_are_refused() {
    let file = valid().replacen(
        "\"format\":\"taizhang-exchange\"",
        "\"format\":\"taizhang-exchange\",\"format\":\"taizhang-exchange\"",
        1,
    );
    keep_as_seed(file.as_bytes(), "duplicate top-level key");
    refused(file.as_bytes(), "duplicate top-level key");
    let pointers: Vec<String> = read(file.as_bytes())
        .expect_err("refused")
        .into_iter()
        .map(|e| e.pointer)
        .collect();
    assert_eq!(pointers, ["/format"]);
    let record = valid().replacen("\"reference\":", "\"reference\":\"x\",\"reference\":", 1);
    keep_as_seed(record.as_bytes(), "duplicate key in a record");
    refused(record.as_bytes(), "duplicate key in a record");
}
