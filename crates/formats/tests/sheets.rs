//! Reading offices' own sheets (`docs/sheets.md`): the expected values are
//! the contract's tables and examples, written out here by hand.

use taizhang_catalogue::Worded;
use taizhang_core::exchange::{plan, Outcome};
use taizhang_core::ledgers::sample;
use taizhang_core::sheet::*;
use taizhang_core::{Day, Kind, Timestamp};
use taizhang_formats::{decode, open, workbook};

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}

fn row(cells: &[&str]) -> Vec<Cell> {
    cells.iter().map(|c| text(c)).collect()
}

const TRAINING_SHEET: &str = "学习教育活动台账";
/// A training ledger's header row as offices write it (units in brackets).
const TRAINING_HEADERS: [&str; 10] = [
    "序号",
    "单位",
    "活动名称",
    "活动类型",
    "活动形式",
    "开始日期",
    "结束日期",
    "参加人次（人次）",
    "学时(小时)",
    "备注",
];

/// A training ledger as offices keep it: a title, a 填报单位 line, the header.
fn training_sheet(rows: &[&[&str]]) -> Grid {
    let mut cells = vec![
        row(&["石峰区政法队伍教育整顿学习教育活动台账"]),
        row(&[
            "填报单位：石峰区委政法委",
            "",
            "",
            "填报日期：2021年4月20日",
        ]),
        row(&TRAINING_HEADERS),
    ];
    cells.extend(rows.iter().map(|r| row(r)));
    Grid::new(TRAINING_SHEET, cells)
}

fn now() -> Timestamp {
    Timestamp::parse("2021-04-20T10:00:00Z").expect("time")
}

#[test]
fn the_header_row_is_found_under_title_rows() {
    let grid = training_sheet(&[]);
    assert_eq!(header_row(&grid), Some(2));
    assert_eq!(guess_kind(&grid, 2), Some(Kind::TrainingSessions));
}

#[test]
fn columns_are_guessed_from_the_contracts_names() {
    let headers: Vec<String> = TRAINING_HEADERS.map(String::from).to_vec();
    let expected = [
        None,
        Some("office"),
        Some("title"),
        Some("kind"),
        Some("format"),
        Some("start_date"),
        Some("end_date"),
        Some("participants"),
        Some("hours"),
        Some("notes"),
    ];
    assert_eq!(guess_columns(Kind::TrainingSessions, &headers), expected);
    // Each row of the contract's column table, for its ledger.
    let table: &[(Kind, &str, &str)] = &[
        (Kind::TrainingSessions, "office", "填报单位"),
        (Kind::TrainingSessions, "office", "所属单位"),
        (Kind::TrainingSessions, "title", "活动主题"),
        (Kind::TrainingSessions, "start_date", "活动日期"),
        (Kind::TrainingSessions, "participants", "参训人次"),
        (Kind::TrainingSessions, "hours", "时长"),
        (Kind::HonouredModels, "name", "姓名/集体名称"),
        (Kind::HonouredModels, "kind", "个人/集体"),
        (Kind::HonouredModels, "level", "表彰级别"),
        (Kind::HonouredModels, "awarded_on", "授予时间"),
        (Kind::HonouredModels, "deeds", "先进事迹"),
        (Kind::Cases, "reference", "案号"),
        (Kind::Cases, "received_on", "交办日期"),
        (Kind::Cases, "deadline", "办结时限"),
        (Kind::Cases, "status", "进展"),
        (Kind::Cases, "outcome", "处理结果"),
        (Kind::Cases, "id", "记录ID"),
        (Kind::Offices, "code", "单位代码"),
        (Kind::Offices, "parent", "上级单位"),
        (Kind::Offices, "headcount", "人数"),
    ];
    for (kind, field, header) in table {
        assert_eq!(field_named(*kind, header), Some(*field), "{header}");
    }
    assert_eq!(
        field_named(Kind::Cases, " 受理\n日期 "),
        Some("received_on")
    );
}

#[test]
fn choices_are_read_from_labels_codes_and_the_contracts_synonyms() {
    let table: &[(Kind, &str, &str, &str)] = &[
        (
            Kind::TrainingSessions,
            "kind",
            "廉政教育",
            "warning_education",
        ),
        (
            Kind::TrainingSessions,
            "kind",
            "警示教育/廉政教育",
            "warning_education",
        ),
        (Kind::TrainingSessions, "kind", "演讲比赛", "competition"),
        (
            Kind::TrainingSessions,
            "kind",
            "英模事迹报告会",
            "model_education",
        ),
        (Kind::TrainingSessions, "kind", "专题党课", "party_lesson"),
        (
            Kind::TrainingSessions,
            "kind",
            "party_lesson",
            "party_lesson",
        ),
        (Kind::TrainingSessions, "format", "集中学习", "in_person"),
        (Kind::TrainingSessions, "format", "直播", "livestream"),
        (Kind::TrainingSessions, "format", "线上＋线下", "mixed"),
        (Kind::HonouredModels, "kind", "集体", "collective"),
        (Kind::HonouredModels, "level", "区级", "county"),
        (Kind::Cases, "source", "自查自纠", "self_report"),
        (Kind::Cases, "source", "信访举报", "public_report"),
        (Kind::Cases, "status", "正在核查", "verifying"),
        (Kind::Cases, "status", "办结", "resolved"),
        (Kind::Cases, "outcome", "查否", "unfounded"),
        (Kind::Cases, "outcome", "已整改", "rectified"),
        (Kind::Cases, "category", "违规经商办企业", "business"),
        (Kind::Cases, "category", "违规参股借贷", "stakes_lending"),
        (
            Kind::Cases,
            "category",
            "律师和司法人员不正当接触交往",
            "improper_contact",
        ),
        (Kind::Offices, "system", "司法局", "justice"),
        (Kind::Offices, "level", "区级", "county"),
    ];
    for (kind, field, text, code) in table {
        assert_eq!(choice(*kind, field, text), Some(*code), "{field} {text}");
    }
    assert_eq!(choice(Kind::TrainingSessions, "kind", "廉政党课"), None);
}

#[test]
fn every_date_form_of_the_contract_is_read() {
    let expected = Day::from_ymd(2021, 3, 15);
    for form in [
        "2021-03-15",
        "2021/3/15",
        "2021.3.15",
        "2021年3月15日",
        "20210315",
        " 2021-03-15 00:00:00",
    ] {
        assert_eq!(text_date(form), expected, "{form}");
    }
    assert_eq!(date(&Cell::Number(20210315.0)), expected);
    assert_eq!(
        date(&Cell::Number(44270.0)),
        expected,
        "an Excel date serial"
    );
    for wrong in ["2021-02-30", "15/03/2021", "下周一", "2021-3", "2021315"] {
        assert_eq!(text_date(wrong), None, "{wrong}");
    }
}

#[test]
fn csv_in_gb18030_is_read_as_excel_writes_it() {
    let (bytes, _, _) =
        encoding_rs::GB18030.encode("单位,活动名称,开始日期\n石峰区委政法委,专题党课,2021/3/15\n");
    let grids = open("台账.csv", &bytes).expect("opens");
    assert_eq!(grids[0].name, "台账");
    assert_eq!(grids[0].cell(1, 1), &Cell::Text("专题党课".into()));
    let with_bom = [b"\xef\xbb\xbf".as_slice(), "活动名称\n党课".as_bytes()].concat();
    assert_eq!(decode(&with_bom), "活动名称\n党课");
}

#[test]
fn a_wps_workbook_is_refused_with_what_to_do() {
    let errors = open("台账.et", b"\xd0\xcf\x11\xe0").expect_err("refused");
    assert!(errors[0].message().zh.contains("另存为"));
}

const ROWS: &[&[&str]] = &[
    &[
        "1",
        "石峰区委政法委",
        "政治轮训第一期",
        "政治轮训",
        "现场",
        "2021/3/15",
        "2021年3月17日",
        "120",
        "24",
        "",
    ],
    &[
        "2",
        "430204-court",
        "廉政党课",
        "廉政教育",
        "线上+线下",
        "20210320",
        "2021.3.20",
        "1,200",
        "2",
        "",
    ],
    &["", "", "", "", "", "", "", "", "", ""],
    &["合计", "", "", "", "", "", "", "1320", "26", ""],
];

fn read(
    grid: &Grid,
    stored: &taizhang_core::Dataset,
) -> Result<taizhang_core::exchange::ExchangeFile, Vec<taizhang_core::exchange::ImportError>> {
    let shape = analyse(grid);
    read_sheets(
        std::slice::from_ref(grid),
        &[shape.plan],
        &[],
        stored,
        &now(),
    )
}

#[test]
fn a_sheet_becomes_records_and_the_same_sheet_again_changes_nothing() {
    let stored = taizhang_core::Dataset {
        offices: sample::offices(),
        ..Default::default()
    };
    let grid = training_sheet(ROWS);
    assert_eq!(
        analyse(&grid).rows,
        2,
        "the empty row and the 合计 row are skipped"
    );
    let file = read(&grid, &stored).expect("reads");
    let sessions = &file.training_sessions;
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].office, sample::DISTRICT);
    assert_eq!(sessions[1].office, "430204-court");
    assert_eq!(sessions[1].participants, 1200);
    assert_eq!(
        sessions[0].end_date,
        Day::from_ymd(2021, 3, 17).expect("day")
    );
    let training =
        |p: &taizhang_core::exchange::Plan, o: Outcome| p.get(Kind::TrainingSessions).count(o);
    let first = plan(&stored, &file.clone().into_dataset());
    assert_eq!(training(&first, Outcome::New), 2);

    // Imported, then read again: nothing changes; one edited cell is one update.
    let mut imported = stored.clone();
    imported.training_sessions = file.training_sessions.clone();
    let again = read(&grid, &imported).expect("reads");
    let second = plan(&imported, &again.into_dataset());
    assert_eq!(
        (
            training(&second, Outcome::Unchanged),
            training(&second, Outcome::New)
        ),
        (2, 0)
    );
    let mut edited: Vec<&[&str]> = ROWS.to_vec();
    let changed = [
        "2",
        "430204-court",
        "廉政党课",
        "廉政教育",
        "线上+线下",
        "20210320",
        "2021.3.20",
        "1,300",
        "2",
        "",
    ];
    edited[1] = &changed;
    let update = read(&training_sheet(&edited), &imported).expect("reads");
    assert_eq!(update.training_sessions[1].revision, 2);
    let third = plan(&imported, &update.into_dataset());
    assert_eq!(
        (
            training(&third, Outcome::Updated),
            training(&third, Outcome::Unchanged)
        ),
        (1, 1)
    );
}

#[test]
fn errors_are_named_by_their_cells() {
    let stored = taizhang_core::Dataset {
        offices: sample::offices(),
        ..Default::default()
    };
    let rows: &[&[&str]] = &[
        &[
            "1",
            "石峰区委政法委",
            "政治轮训第一期",
            "政治轮训",
            "现场",
            "2021/3/15",
            "2021/3/14",
            "120",
            "",
            "",
        ],
        &[
            "2",
            "不存在的单位",
            "廉政党课",
            "廉政党课",
            "现场",
            "下周一",
            "",
            "很多",
            "",
            "",
        ],
    ];
    let errors = read(&training_sheet(rows), &stored).expect_err("refused");
    let mut cells: Vec<&str> = errors.iter().filter_map(|e| e.cell.as_deref()).collect();
    cells.sort();
    // Row 4 ends before it starts (at the end date); row 5: office, kind,
    // start date, participants, and the empty end date.
    assert_eq!(
        cells,
        [
            "学习教育活动台账!B5",
            "学习教育活动台账!D5",
            "学习教育活动台账!F5",
            "学习教育活动台账!G4",
            "学习教育活动台账!G5",
            "学习教育活动台账!H5",
        ]
    );
    assert!(errors.iter().all(|e| !e.message().zh.is_empty()));
}

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

/// Two sessions of the same title on the same day in one office (a morning
/// and an afternoon session) are two rows a user typed: both are imported,
/// and the same sheet again changes neither.
#[test]
fn two_rows_with_the_same_key_in_one_sheet_are_two_records_and_stay_two() {
    let stored = taizhang_core::Dataset {
        offices: sample::offices(),
        ..Default::default()
    };
    let morning: &[&str] = &[
        "1",
        "430204-court",
        "廉政党课",
        "廉政教育",
        "线下",
        "2021-03-20",
        "2021-03-20",
        "60",
        "2",
        "上午",
    ];
    let afternoon: &[&str] = &[
        "2",
        "430204-court",
        "廉政党课",
        "廉政教育",
        "线下",
        "2021-03-20",
        "2021-03-20",
        "45",
        "2",
        "下午",
    ];
    let grid = training_sheet(&[morning, afternoon]);
    let file = read(&grid, &stored).expect("both rows are read");
    let sessions = &file.training_sessions;
    assert_eq!(sessions.len(), 2);
    assert_ne!(sessions[0].id, sessions[1].id, "two records, not one");
    assert_eq!(
        (sessions[0].participants, sessions[1].participants),
        (60, 45)
    );
    let mut imported = stored.clone();
    imported.training_sessions = file.training_sessions.clone();
    let again = read(&grid, &imported).expect("reads again");
    let second = plan(&imported, &again.into_dataset());
    assert_eq!(
        (
            second.get(Kind::TrainingSessions).count(Outcome::Unchanged),
            second.get(Kind::TrainingSessions).count(Outcome::New),
            second.get(Kind::TrainingSessions).count(Outcome::Updated),
        ),
        (2, 0, 0)
    );
}

/// A row is known by its 记录ID, else by its office, title and date
/// (docs/sheets.md): with the 记录ID of the app's own workbook an edited
/// title is that record's next revision; without it the row is another
/// record, and the old one stays as it was.
#[test]
fn an_edited_title_updates_the_record_its_id_names_and_is_a_new_record_without_one() {
    let stored = taizhang_core::Dataset {
        offices: sample::offices(),
        ..Default::default()
    };
    let typed: &[&str] = &[
        "1",
        "430204-court",
        "廉政党客",
        "廉政教育",
        "线下",
        "2021-03-20",
        "2021-03-20",
        "60",
        "2",
        "",
    ];
    let file = read(&training_sheet(&[typed]), &stored).expect("reads");
    let mut imported = stored.clone();
    imported.training_sessions = file.training_sessions.clone();
    let id = imported.training_sessions[0].id.to_string();

    // Without 记录ID: the corrected title is another record.
    let corrected: &[&str] = &[
        "1",
        "430204-court",
        "廉政党课",
        "廉政教育",
        "线下",
        "2021-03-20",
        "2021-03-20",
        "60",
        "2",
        "",
    ];
    let without = plan(
        &imported,
        &read(&training_sheet(&[corrected]), &imported)
            .expect("reads")
            .into_dataset(),
    );
    let training =
        |p: &taizhang_core::exchange::Plan, o: Outcome| p.get(Kind::TrainingSessions).count(o);
    assert_eq!(
        (
            training(&without, Outcome::New),
            training(&without, Outcome::Updated)
        ),
        (1, 0)
    );

    // With 记录ID (the last column of the app's own workbook): an update.
    let mut cells = vec![
        row(&["石峰区学习教育活动台账"]),
        row(&[TRAINING_HEADERS.as_slice(), &["记录ID"]].concat()),
    ];
    cells.push(row(&[corrected, &[id.as_str()]].concat()));
    let with_id = Grid::new(TRAINING_SHEET, cells);
    let file = read(&with_id, &imported).expect("reads");
    assert_eq!(file.training_sessions[0].id.to_string(), id);
    assert_eq!(file.training_sessions[0].title, "廉政党课");
    assert_eq!(file.training_sessions[0].revision, 2);
    let with = plan(&imported, &file.into_dataset());
    assert_eq!(
        (
            training(&with, Outcome::New),
            training(&with, Outcome::Updated)
        ),
        (0, 1)
    );
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
