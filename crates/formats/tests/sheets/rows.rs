//! A sheet's rows become records: read again they change nothing, errors are
//! named by their cells, two rows alike stay two, and a row is known by its
//! 记录ID.

use crate::support::{read, row, training_sheet, TRAINING_HEADERS, TRAINING_SHEET};
use taizhang_catalogue::Worded;
use taizhang_core::exchange::{plan, Outcome};
use taizhang_core::ledgers::sample;
use taizhang_core::sheet::*;
use taizhang_core::{Day, Kind};

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
