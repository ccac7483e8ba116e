//! Exporting: the file's shape, one office's part of it, a round trip, and
//! the CSV for Excel.

use crate::support::{at, file_of, import, keep_mine, value_of};
use serde_json::Value;
use taizhang_core::exchange::{self, export, read, to_json, ExportScope};
use taizhang_core::ledgers::edit::tombstone;
use taizhang_core::ledgers::sample;
use taizhang_core::*;

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
