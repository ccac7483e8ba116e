//! Whole workbooks: the app's own read back as the same records, an old
//! .xls read like an .xlsx, a redacted one with no personal text in any
//! part, and a sheet without a column leaving that field as it is.

use crate::support::now;
use taizhang_core::exchange::{plan, Outcome};
use taizhang_core::ledgers::sample;
use taizhang_core::sheet::*;
use taizhang_core::{Day, Kind};
use taizhang_formats::{open, workbook};

#[test]
fn the_workbook_written_reads_back_as_the_same_live_records() {
    use taizhang_core::exchange::ExportScope;
    let data = sample::dataset(&now());
    let bytes = workbook(&data, &ExportScope::default(), &now(), None, false).expect("written");
    let grids = open("台账.xlsx", &bytes).expect("opens");
    let names: Vec<&str> = grids.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        ["学习教育活动台账", "英模台账", "问题线索台账", "单位"]
    );
    let plans: Vec<SheetPlan> = grids.iter().map(|g| analyse(g).plan).collect();
    let kinds: Vec<Option<Kind>> = plans.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            Some(Kind::TrainingSessions),
            Some(Kind::HonouredModels),
            Some(Kind::Cases),
            Some(Kind::Offices)
        ]
    );
    let empty = taizhang_core::Dataset::default();
    let read = read_sheets(&grids, &plans, &[], &empty, &now())
        .expect("reads")
        .into_dataset();
    assert_eq!(read.offices, data.offices);
    fn same<R: serde::Serialize>(a: &[R], b: &[R]) {
        let plain = |r: &R| {
            let mut v = serde_json::to_value(r).expect("json");
            v["revision"] = 0.into();
            v["updated_at"] = "".into();
            v
        };
        assert_eq!(
            a.iter().map(plain).collect::<Vec<_>>(),
            b.iter().map(plain).collect::<Vec<_>>()
        );
    }
    let live = |d: &taizhang_core::Dataset| {
        let mut d = d.clone();
        d.training_sessions.retain(|r| !r.deleted);
        d.honoured_models.retain(|r| !r.deleted);
        d.cases.retain(|r| !r.deleted);
        d
    };
    let data = live(&data);
    same(&read.training_sessions, &data.training_sessions);
    same(&read.honoured_models, &data.honoured_models);
    same(&read.cases, &data.cases);
}

/// `tests/fixtures/台账-石峰区.xls` is `tests/e2e/fixtures/workbooks.py`'s
/// workbook saved as Excel 97–2003 by LibreOffice (`soffice --convert-to xls`).
#[test]
fn an_old_xls_workbook_is_read_like_an_xlsx() {
    let bytes = std::fs::read("tests/fixtures/台账-石峰区.xls").expect("fixture");
    let grids = open("台账-石峰区.xls", &bytes).expect("opens");
    let shapes: Vec<SheetShape> = grids.iter().map(analyse).collect();
    let kinds: Vec<(&str, Option<Kind>, usize)> = shapes
        .iter()
        .map(|s| (s.plan.sheet.as_str(), s.plan.kind, s.rows))
        .collect();
    assert_eq!(
        kinds,
        [
            ("学习教育活动台账", Some(Kind::TrainingSessions), 5),
            ("问题线索台账", Some(Kind::Cases), 2),
            ("英模台账", Some(Kind::HonouredModels), 1),
            ("单位", Some(Kind::Offices), 1),
            ("说明", None, 0),
        ]
    );
    let stored = taizhang_core::Dataset {
        offices: sample::offices(),
        ..Default::default()
    };
    let plans: Vec<SheetPlan> = shapes.iter().map(|s| s.plan.clone()).collect();
    let mapped = [ValueChoice {
        kind: Kind::TrainingSessions,
        field: "kind".into(),
        raw: "廉政党课".into(),
        code: "warning_education".into(),
    }];
    let file = read_sheets(&grids, &plans, &mapped, &stored, &now()).expect("reads");
    assert_eq!(file.training_sessions.len(), 5);
    assert_eq!(file.offices.len(), 1, "only the office the workbook adds");
    assert_eq!(file.training_sessions[4].office, "430204-qingshuitang");
    assert_eq!(
        file.training_sessions[0].start_date,
        Day::from_ymd(2021, 4, 6).expect("day")
    );
    assert_eq!(
        file.training_sessions[3].start_date,
        Day::from_ymd(2021, 4, 15).expect("day")
    );
    assert_eq!(file.cases[0].resolved_on, Day::from_ymd(2021, 4, 20));
}

/// Every part of a workbook (cells, shared strings, document properties) as text.
fn every_part(xlsx: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("a zip");
    let mut out = String::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("part");
        let mut text = String::new();
        part.read_to_string(&mut text).expect("xml text");
        out.push_str(&text);
    }
    out
}

/// The personal texts of the sample, line by line (a cell's XML may break
/// or escape what spans lines), each long enough to mean something.
fn personal_lines(data: &taizhang_core::Dataset) -> Vec<String> {
    let models = data
        .honoured_models
        .iter()
        .flat_map(|m| [m.name.clone(), m.deeds.clone(), m.notes.clone()]);
    let cases = data.cases.iter().map(|c| c.notes.clone());
    let mut lines: Vec<String> = models
        .chain(cases)
        .flat_map(|t| t.lines().map(str::to_owned).collect::<Vec<_>>())
        .map(|l| l.trim().replace('"', ""))
        .filter(|l| l.chars().count() >= 4)
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

fn read_back(
    bytes: &[u8],
    stored: &taizhang_core::Dataset,
) -> taizhang_core::exchange::ExchangeFile {
    let grids = open("台账.xlsx", bytes).expect("opens");
    let plans: Vec<SheetPlan> = grids.iter().map(|g| analyse(g).plan).collect();
    read_sheets(&grids, &plans, &[], stored, &now()).expect("reads")
}

#[test]
fn a_redacted_workbook_holds_no_personal_text_in_any_part_and_read_over_a_full_copy_changes_nothing(
) {
    use taizhang_core::exchange::{apply, Choice, ExportScope, REDACTED};
    let data = sample::dataset(&now());
    let lines = personal_lines(&data);
    assert!(
        lines.len() >= 10,
        "the sample has deeds and notes: {lines:?}"
    );
    let plain = workbook(&data, &ExportScope::default(), &now(), None, false).expect("written");
    let plain_parts = every_part(&plain);
    let found: Vec<&String> = lines
        .iter()
        .filter(|l| plain_parts.contains(l.as_str()))
        .collect();
    assert!(
        found.len() >= lines.len() / 2,
        "the reader finds them in a plain workbook: {found:?}"
    );

    let redacted = workbook(&data, &ExportScope::default(), &now(), None, true).expect("written");
    let parts = every_part(&redacted);
    for line in &lines {
        assert!(
            !parts.contains(line.as_str()),
            "{line:?} is in the redacted workbook"
        );
    }
    assert!(parts.contains(REDACTED));

    // Read over the full copy: no record changes, no detail is lost.
    let read = read_back(&redacted, &data);
    assert!(read.redacted, "the workbook says it is redacted");
    let incoming = read.into_dataset();
    let planned = plan(&data, &incoming);
    assert_eq!(
        (
            planned.count(Outcome::Updated),
            planned.count(Outcome::Conflict)
        ),
        (0, 0)
    );
    let (merged, _) =
        apply(&data, &incoming, &planned, &|_, _| Choice::TakeTheirs).expect("merges");
    assert_eq!(merged, data);

    // A newer title in the redacted workbook comes in; the details stay.
    let mut newer = data.clone();
    newer.honoured_models[0].title = "全国模范法官".into();
    let redacted = workbook(&newer, &ExportScope::default(), &now(), None, true).expect("written");
    let incoming = read_back(&redacted, &data).into_dataset();
    let planned = plan(&data, &incoming);
    assert_eq!(planned.count(Outcome::Updated), 1);
    let (merged, _) =
        apply(&data, &incoming, &planned, &|_, _| Choice::TakeTheirs).expect("merges");
    assert_eq!(merged.honoured_models[0].title, "全国模范法官");
    assert!(!data.honoured_models[0].deeds.is_empty());
    assert_eq!(
        merged.honoured_models[0].deeds,
        data.honoured_models[0].deeds
    );
    assert_eq!(merged.honoured_models[0].name, data.honoured_models[0].name);

    // Into an empty copy the rows come as the workbook has them.
    let fresh = read_back(&redacted, &taizhang_core::Dataset::default()).into_dataset();
    assert!(fresh
        .honoured_models
        .iter()
        .all(|m| m.name == REDACTED && m.deeds.is_empty()));
}

#[test]
fn a_sheet_without_a_column_leaves_that_field_of_stored_records_as_it_is() {
    use taizhang_core::exchange::ExportScope;
    let data = sample::dataset(&now());
    let bytes = workbook(&data, &ExportScope::default(), &now(), None, false).expect("written");
    let grids = open("台账.xlsx", &bytes).expect("opens");
    let mut plans: Vec<SheetPlan> = grids.iter().map(|g| analyse(g).plan).collect();
    for plan in &mut plans {
        for column in &mut plan.columns {
            if column.as_deref() == Some("notes") {
                *column = None;
            }
        }
    }
    let noted = data.cases.iter().filter(|c| !c.notes.is_empty()).count();
    assert!(noted > 0, "the sample's cases have notes");
    let incoming = read_sheets(&grids, &plans, &[], &data, &now())
        .expect("reads")
        .into_dataset();
    let planned = plan(&data, &incoming);
    assert_eq!(planned.count(Outcome::Updated), 0, "no notes cleared");
}
