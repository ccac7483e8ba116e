//! The exchange file: export, reading with every error reported, merging.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{json, Value};
use taizhang_catalogue::Worded;
use taizhang_core::exchange::{
    self, apply, export, plan, read, read_with_progress, to_json, Choice, ExportScope, Outcome,
};
use taizhang_core::ledgers::edit::tombstone;
use taizhang_core::ledgers::generate;
use taizhang_core::ledgers::sample;
use taizhang_core::ledgers::validate;
use taizhang_core::*;

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("ts")
}

fn file_of(data: &Dataset) -> String {
    to_json(&export(
        data,
        &ExportScope::default(),
        at("2021-06-01T00:00:00Z"),
        Some("430204-committee".into()),
    ))
}

fn value_of(data: &Dataset) -> Value {
    serde_json::from_str(&file_of(data)).expect("json")
}

fn pointers(bytes: &[u8]) -> Vec<String> {
    read(bytes)
        .expect_err("refused")
        .into_iter()
        .map(|e| e.pointer)
        .collect()
}

fn keep_mine(_: Kind, _: usize) -> Choice {
    Choice::KeepMine
}

/// Imports `file` into `local` as the app does: plan, then apply.
fn import(local: &Dataset, file: &str, choose: &dyn Fn(Kind, usize) -> Choice) -> Dataset {
    let incoming = read(file.as_bytes()).expect("valid file").into_dataset();
    let plan = plan(local, &incoming);
    apply(local, &incoming, &plan, choose).expect("a tree").0
}

#[test]
fn export_then_import_into_an_empty_app_then_export_is_the_same() {
    let data = sample::dataset(&at("2021-05-01T00:00:00Z"));
    let first = file_of(&data);
    let imported = import(&Dataset::default(), &first, &keep_mine);
    assert_eq!(imported, data);
    assert_eq!(file_of(&imported), first);
}

#[test]
fn the_file_has_the_contract_shape() {
    let mut data = sample::dataset(&at("2021-05-01T00:00:00Z"));
    data.cases[0] = tombstone(&data.cases[0], at("2021-05-02T00:00:00Z"));
    let v = value_of(&data);
    assert_eq!(v["format"], "taizhang-exchange");
    assert_eq!(v["version"], 1);
    assert_eq!(v["exported_at"], "2021-06-01T00:00:00Z");
    assert_eq!(v["source_office"], "430204-committee");
    assert_eq!(v["cases"][0]["deleted"], true, "tombstones travel");
    assert_eq!(v["cases"][0]["received_on"], "2021-04-16");
    assert_eq!(v["offices"][0]["parent"], Value::Null);
    let keys: Vec<&str> = v["training_sessions"][0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "id",
        "office",
        "revision",
        "updated_at",
        "deleted",
        "notes",
        "title",
        "kind",
        "format",
        "start_date",
        "end_date",
        "participants",
        "hours",
    ] {
        assert!(keys.contains(&key), "{key}");
    }
}

#[test]
fn exporting_one_office_takes_its_subtree_and_the_offices_above_it() {
    let data = sample::dataset(&at("2021-05-01T00:00:00Z"));
    let scope = ExportScope {
        office: Some("430204-court".into()),
        from: Day::parse("2021-04-01"),
        to: Day::parse("2021-04-30"),
    };
    let file = export(&data, &scope, at("2021-06-01T00:00:00Z"), None);
    let codes: Vec<&str> = file.offices.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "430000-committee",
            "430200-committee",
            "430204-committee",
            "430204-court"
        ]
    );
    // The court's own records of April, counted here from the data (not by the export's filter).
    let courts_april =
        |office: &str, day: Day| office == "430204-court" && day.to_string().starts_with("2021-04");
    let cases = data
        .cases
        .iter()
        .filter(|c| courts_april(&c.office, c.received_on));
    let sessions = data
        .training_sessions
        .iter()
        .filter(|s| courts_april(&s.office, s.start_date));
    let (cases, sessions) = (cases.count(), sessions.count());
    assert!(cases > 0 && sessions > 0);
    assert_eq!(file.cases.len(), cases);
    assert_eq!(file.training_sessions.len(), sessions);
    assert!(file
        .cases
        .iter()
        .all(|c| courts_april(&c.office, c.received_on)));
    assert!(file
        .training_sessions
        .iter()
        .all(|s| courts_april(&s.office, s.start_date)));
    // And it is a valid file on its own.
    read(to_json(&file).as_bytes()).expect("valid");
    assert_eq!(
        exchange::file_name(Some("430204-court"), Day::parse("2021-06-01").unwrap()),
        "台账-430204-court-20210601.json"
    );
}

#[test]
fn a_leading_bom_is_fine() {
    let data = sample::dataset(&at("2021-05-01T00:00:00Z"));
    let with_bom = format!("\u{feff}{}", file_of(&data));
    assert_eq!(import(&Dataset::default(), &with_bom, &keep_mine), data);
}

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

#[test]
fn merge_follows_the_contract() {
    let t = |s| at(s);
    let base = sample::dataset(&t("2021-05-01T00:00:00Z"));
    let mut theirs = base.clone();
    theirs.cases[0].notes = "更新了".into();
    theirs.cases[0].revision = 2; // updated
    theirs.cases[1] = tombstone(&theirs.cases[1], t("2021-05-02T00:00:00Z")); // deleted
    theirs.cases[2].notes = "他们的".into(); // same revision, different: conflict
    let mut mine = base.clone();
    mine.cases[3].revision = 5; // mine is newer: theirs is stale
    mine.cases[3].notes = "我的新版".into();
    let mut extra = theirs.cases[4].clone();
    extra.id = uuid::Uuid::new_v4(); // new
    theirs.cases.push(extra.clone());
    theirs.offices[1].name = "改名".into(); // office conflict

    let incoming = read(file_of(&theirs).as_bytes())
        .expect("valid")
        .into_dataset();
    let p = plan(&mine, &incoming);
    assert_eq!(p.cases.count(Outcome::Updated), 1);
    assert_eq!(p.cases.count(Outcome::Deleted), 1);
    assert_eq!(p.cases.count(Outcome::Conflict), 1);
    assert_eq!(p.cases.count(Outcome::Stale), 1);
    assert_eq!(p.cases.count(Outcome::New), 1);
    assert_eq!(p.cases.count(Outcome::Unchanged), base.cases.len() - 4);
    assert_eq!(p.offices.count(Outcome::Conflict), 1);

    let (kept, touched) = apply(&mine, &incoming, &p, &keep_mine).expect("a tree");
    assert_eq!(kept.cases[0].notes, "更新了");
    assert!(kept.cases[1].deleted);
    assert_eq!(kept.cases[2].notes, "", "conflict: mine kept");
    assert_eq!(kept.cases[3].notes, "我的新版", "stale: mine kept");
    assert_eq!(kept.cases.last(), Some(&extra));
    assert_eq!(kept.offices[1].name, base.offices[1].name);
    assert_eq!(touched.cases, vec![0, 1, base.cases.len()]);
    let (taken, _) = apply(&mine, &incoming, &p, &|_, _| Choice::TakeTheirs).expect("a tree");
    assert_eq!(taken.cases[2].notes, "他们的");
    assert_eq!(taken.offices[1].name, "改名");
}

fn dataset_strategy() -> impl Strategy<Value = Dataset> {
    (any::<u64>(), 0usize..300).prop_map(|(seed, n)| generate::province(n, seed))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn export_import_export_is_the_identity(data in dataset_strategy()) {
        let first = file_of(&data);
        let imported = import(&Dataset::default(), &first, &keep_mine);
        prop_assert_eq!(&imported, &data);
        prop_assert_eq!(file_of(&imported), first);
    }

    #[test]
    fn importing_the_same_file_twice_changes_nothing_the_second_time(local in dataset_strategy(), other in dataset_strategy()) {
        let file = file_of(&other);
        let once = import(&local, &file, &keep_mine);
        let incoming = read(file.as_bytes()).expect("valid").into_dataset();
        let again = plan(&once, &incoming);
        prop_assert!(!again.changes_something() || again.count(Outcome::Conflict) > 0);
        prop_assert_eq!(import(&once, &file, &keep_mine), once);
    }

    #[test]
    fn files_without_conflicts_import_in_any_order(seed_a in any::<u64>(), seed_b in any::<u64>(), n in 0usize..200) {
        // Two offices' files with disjoint records (different seeds) over the same offices.
        let a = generate::province(n, seed_a);
        let mut b = generate::province(n / 2 + 1, seed_b);
        b.offices = a.offices.clone();
        let (fa, fb) = (file_of(&a), file_of(&b));
        let ab = import(&import(&Dataset::default(), &fa, &keep_mine), &fb, &keep_mine);
        let ba = import(&import(&Dataset::default(), &fb, &keep_mine), &fa, &keep_mine);
        let sorted = |d: &Dataset| {
            let mut ids: Vec<(uuid::Uuid, u32)> = d.training_sessions.iter().map(|r| (r.id, r.revision))
                .chain(d.honoured_models.iter().map(|r| (r.id, r.revision)))
                .chain(d.cases.iter().map(|r| (r.id, r.revision))).collect();
            ids.sort();
            ids
        };
        prop_assert_eq!(sorted(&ab), sorted(&ba));
        prop_assert_eq!(&ab.offices, &ba.offices);
    }
}

#[test]
fn csv_for_excel_has_a_bom_chinese_headers_and_the_records() {
    use taizhang_core::exchange::csv_export::ledger_csv;
    let mut data = sample::dataset(&at("2021-05-01T00:00:00Z"));
    data.cases[1] = tombstone(&data.cases[1], at("2021-05-02T00:00:00Z"));
    let bytes = ledger_csv::<Case>(&data, Lang::Zh).expect("csv");
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader
        .headers()
        .expect("headers")
        .iter()
        .map(String::from)
        .collect();
    // The workbook's columns: each field's first sheet name, the record id last.
    assert_eq!(&headers[..4], ["线索编号", "单位", "线索来源", "问题类别"]);
    assert_eq!(headers.last().map(String::as_str), Some("记录ID"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(
        rows.len(),
        data.cases.len() - 1,
        "the deleted case is left out"
    );
    assert_eq!(&rows[0][0], "督交〔2021〕1号");
    assert_eq!(&rows[0][1], "石峰区人民法院");
    assert_eq!(&rows[0][4], "2021-04-16");
    assert_eq!(&rows[0][6], "已办结");
}

#[test]
fn conflict_choices_that_would_loop_the_office_tree_are_refused() {
    // Here: B under A. The file: A under B. Taking their A and keeping my B would
    // make each the other's parent; every other choice is a tree.
    let mut mine = sample::dataset(&at("2021-05-01T00:00:00Z"));
    mine.offices
        .retain(|o| o.code == "430204-committee" || o.code == "430204-court");
    mine.training_sessions.clear();
    mine.honoured_models.clear();
    mine.cases.clear();
    mine.offices[0].parent = None;
    mine.offices[1].parent = Some("430204-committee".into());
    let mut theirs = mine.clone();
    theirs.offices[0].parent = Some("430204-court".into());
    theirs.offices[1].parent = None;
    let incoming = read(file_of(&theirs).as_bytes())
        .expect("valid")
        .into_dataset();
    let p = plan(&mine, &incoming);
    assert_eq!(p.offices.count(Outcome::Conflict), 2);
    let take_committee = |_: Kind, i: usize| {
        if incoming.offices[i].code == "430204-committee" {
            Choice::TakeTheirs
        } else {
            Choice::KeepMine
        }
    };
    let refused = apply(&mine, &incoming, &p, &take_committee).expect_err("a cycle");
    assert_eq!(refused.offices(), ["430204-committee", "430204-court"]);
    assert!(refused.message().zh.contains("循环"));
    for uniform in [Choice::KeepMine, Choice::TakeTheirs] {
        let (merged, _) = apply(&mine, &incoming, &p, &|_, _| uniform).expect("a tree");
        assert!(validate::validate_office_tree(&merged.offices).is_empty());
    }
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
