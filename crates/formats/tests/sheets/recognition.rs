//! What a sheet's parts mean: the header row under titles, columns guessed
//! from the contract's names, choices from labels and synonyms, every date
//! form; and which files open (CSV in GB18030, a WPS workbook refused).

use crate::support::{training_sheet, TRAINING_HEADERS};
use taizhang_catalogue::Worded;
use taizhang_core::sheet::*;
use taizhang_core::{Day, Kind};
use taizhang_formats::{decode, open};

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
