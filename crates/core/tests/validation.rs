//! Every rule of the exchange format: one case that breaks it, one that keeps
//! it, and the sentence the user reads for it.
#![cfg(not(target_arch = "wasm32"))]

use taizhang_catalogue::Worded;
use taizhang_core::ledgers::validate::*;
use taizhang_core::*;

fn day(text: &str) -> Day {
    Day::parse(text).expect("test date")
}

fn ts() -> Timestamp {
    Timestamp::parse("2021-04-20T10:00:00Z").expect("timestamp")
}

fn office(code: &str, parent: Option<&str>) -> Office {
    Office {
        code: code.into(),
        name: "石峰区委政法委".into(),
        level: OfficeLevel::County,
        system: OfficeSystem::Committee,
        parent: parent.map(Into::into),
        headcount: Some(458),
    }
}

fn known(code: &str) -> bool {
    code == "430204-committee"
}

fn training() -> TrainingSession {
    TrainingSession {
        id: uuid::Uuid::new_v4(),
        office: "430204-committee".into(),
        revision: 1,
        updated_at: ts(),
        deleted: false,
        title: "政治轮训".into(),
        kind: TrainingKind::PoliticalRotation,
        format: TrainingFormat::InPerson,
        start_date: day("2021-03-15"),
        end_date: day("2021-03-17"),
        participants: 5798,
        hours: Some(18.0),
        notes: String::new(),
    }
}

fn model() -> HonouredModel {
    HonouredModel {
        id: uuid::Uuid::new_v4(),
        office: "430204-committee".into(),
        revision: 1,
        updated_at: ts(),
        deleted: false,
        name: "张三".into(),
        kind: ModelKind::Individual,
        title: "全国优秀法官".into(),
        level: HonourLevel::National,
        awarded_on: day("2021-04-28"),
        deeds: String::new(),
        notes: String::new(),
    }
}

fn case() -> Case {
    Case {
        id: uuid::Uuid::new_v4(),
        office: "430204-committee".into(),
        revision: 1,
        updated_at: ts(),
        deleted: false,
        reference: "督交〔2021〕1号".into(),
        source: CaseSource::SupervisionGroup,
        category: CaseCategory::Interference,
        received_on: day("2021-04-16"),
        deadline: Some(day("2021-05-16")),
        status: CaseStatus::Resolved,
        resolved_on: Some(day("2021-04-30")),
        outcome: Some(CaseOutcome::Rectified),
        notes: String::new(),
    }
}

fn fields(problems: &[Problem]) -> Vec<&'static str> {
    problems.iter().map(|p| p.field).collect()
}

#[test]
fn valid_records_have_no_problems() {
    assert!(validate_office(&office("430204-committee", None)).is_empty());
    assert!(validate_training(&training(), &known).is_empty());
    assert!(validate_model(&model(), &known).is_empty());
    assert!(validate_case(&case(), &known).is_empty());
}

#[test]
fn office_code_charset_and_length() {
    for bad in ["", "石峰", "a b", &"x".repeat(65)] {
        assert_eq!(
            fields(&validate_office(&office(bad, None))),
            ["code"],
            "{bad:?}"
        );
    }
    for good in ["a", "430204-court", "A_b-9", &"x".repeat(64)] {
        assert!(validate_office(&office(good, None)).is_empty(), "{good:?}");
    }
}

#[test]
fn office_name_length() {
    let mut o = office("x", None);
    o.name = String::new();
    assert_eq!(fields(&validate_office(&o)), ["name"]);
    o.name = "名".repeat(101);
    assert_eq!(fields(&validate_office(&o)), ["name"]);
    o.name = "名".repeat(100);
    assert!(validate_office(&o).is_empty());
}

#[test]
fn office_headcount_range() {
    let mut o = office("x", None);
    o.headcount = Some(10_000_000 + 1);
    assert_eq!(fields(&validate_office(&o)), ["headcount"]);
    o.headcount = Some(10_000_000);
    assert!(validate_office(&o).is_empty());
    o.headcount = None;
    assert!(validate_office(&o).is_empty());
}

#[test]
fn office_tree_parent_must_exist() {
    let problems = validate_office_tree(&[office("a", None), office("b", Some("zzz"))]);
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].0, problems[0].1.field), (1, "parent"));
    assert!(validate_office_tree(&[office("a", None), office("b", Some("a"))]).is_empty());
}

#[test]
fn office_tree_has_no_cycles() {
    let cycle = [
        office("a", Some("c")),
        office("b", Some("a")),
        office("c", Some("b")),
        office("d", Some("c")),
    ];
    let problems = validate_office_tree(&cycle);
    let at: Vec<usize> = problems.iter().map(|(i, _)| *i).collect();
    assert_eq!(
        at,
        [0, 1, 2],
        "the three offices on the cycle, not the one hanging off it"
    );
    assert_eq!(
        fields(&validate_office(&office("a", Some("a")))),
        ["parent"]
    );
}

#[test]
fn office_codes_are_unique() {
    let problems = validate_office_tree(&[office("a", None), office("a", None)]);
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].0, problems[0].1.field), (1, "code"));
}

#[test]
fn record_office_must_exist() {
    let mut t = training();
    t.office = "nowhere".into();
    assert_eq!(fields(&validate_training(&t, &known)), ["office"]);
    t.office = String::new();
    assert_eq!(fields(&validate_training(&t, &known)), ["office"]);
}

#[test]
fn record_revision_at_least_one() {
    let mut m = model();
    m.revision = 0;
    assert_eq!(fields(&validate_model(&m, &known)), ["revision"]);
    m.revision = 1;
    assert!(validate_model(&m, &known).is_empty());
}

#[test]
fn record_notes_length() {
    let mut c = case();
    c.notes = "字".repeat(4000 + 1);
    assert_eq!(fields(&validate_case(&c, &known)), ["notes"]);
    c.notes = "字".repeat(4000);
    assert!(validate_case(&c, &known).is_empty());
}

#[test]
fn training_title_length() {
    let mut t = training();
    t.title = String::new();
    assert_eq!(fields(&validate_training(&t, &known)), ["title"]);
    t.title = "题".repeat(201);
    assert_eq!(fields(&validate_training(&t, &known)), ["title"]);
    t.title = "题".repeat(200);
    assert!(validate_training(&t, &known).is_empty());
}

#[test]
fn training_end_not_before_start() {
    let mut t = training();
    t.end_date = day("2021-03-14");
    let problems = validate_training(&t, &known);
    assert_eq!(fields(&problems), ["end_date"]);
    assert_eq!(problems[0].message().zh, "结束日期早于开始日期");
    t.end_date = t.start_date;
    assert!(validate_training(&t, &known).is_empty());
}

#[test]
fn training_participants_and_hours_ranges() {
    let mut t = training();
    t.participants = 10_000_000 + 1;
    t.hours = Some(10_000.5);
    assert_eq!(
        fields(&validate_training(&t, &known)),
        ["participants", "hours"]
    );
    t.hours = Some(-1.0);
    t.participants = 0;
    assert_eq!(fields(&validate_training(&t, &known)), ["hours"]);
    t.hours = None;
    assert!(validate_training(&t, &known).is_empty());
    t.hours = Some(10_000.0);
    assert!(validate_training(&t, &known).is_empty());
}

#[test]
fn model_name_title_deeds_lengths() {
    let mut m = model();
    m.name = String::new();
    m.title = "称".repeat(201);
    m.deeds = "事".repeat(4000 + 1);
    assert_eq!(
        fields(&validate_model(&m, &known)),
        ["name", "title", "deeds"]
    );
    m.name = "名".repeat(200);
    m.title = "称".repeat(200);
    m.deeds = "事".repeat(4000);
    assert!(validate_model(&m, &known).is_empty());
}

#[test]
fn case_reference_length() {
    let mut c = case();
    c.reference = String::new();
    assert_eq!(fields(&validate_case(&c, &known)), ["reference"]);
    c.reference = "号".repeat(65);
    assert_eq!(fields(&validate_case(&c, &known)), ["reference"]);
    c.reference = "号".repeat(64);
    assert!(validate_case(&c, &known).is_empty());
}

#[test]
fn case_deadline_not_before_received() {
    let mut c = case();
    c.deadline = Some(day("2021-04-15"));
    assert_eq!(fields(&validate_case(&c, &known)), ["deadline"]);
    c.deadline = None;
    assert!(validate_case(&c, &known).is_empty());
}

#[test]
fn case_resolved_needs_date_and_outcome() {
    let mut c = case();
    c.resolved_on = None;
    c.outcome = None;
    let problems = validate_case(&c, &known);
    assert_eq!(fields(&problems), ["resolved_on", "outcome"]);
    assert_eq!(
        problems[0].message().en,
        "a resolved case needs its resolved date"
    );
}

#[test]
fn case_open_has_no_date_or_outcome() {
    let mut c = case();
    c.status = CaseStatus::Verifying;
    assert_eq!(
        fields(&validate_case(&c, &known)),
        ["resolved_on", "outcome"]
    );
    c.resolved_on = None;
    c.outcome = None;
    assert!(validate_case(&c, &known).is_empty());
}

#[test]
fn case_resolved_not_before_received() {
    let mut c = case();
    c.resolved_on = Some(day("2021-04-01"));
    let problems = validate_case(&c, &known);
    assert_eq!(fields(&problems), ["resolved_on"]);
    assert_eq!(problems[0].message().zh, "办结日期早于受理日期");
}

#[test]
fn enums_accept_only_the_format_values() {
    assert!(serde_json::from_str::<CaseStatus>("\"closed\"").is_err());
    assert!(serde_json::from_str::<CaseStatus>("\"resolved\"").is_ok());
    assert!(serde_json::from_str::<TrainingFormat>("\"hybrid\"").is_err());
    assert!(serde_json::from_str::<TrainingFormat>("\"mixed\"").is_ok());
    assert!(serde_json::from_str::<OfficeSystem>("\"police\"").is_err());
    assert!(serde_json::from_str::<OfficeSystem>("\"public_security\"").is_ok());
}

#[test]
fn dates_and_timestamps_have_the_format_shape() {
    assert!(serde_json::from_str::<Day>("\"2021/04/20\"").is_err());
    assert!(serde_json::from_str::<Day>("\"2021-04-20\"").is_ok());
    assert!(serde_json::from_str::<Timestamp>("\"2021-04-20 10:00\"").is_err());
    assert!(serde_json::from_str::<Timestamp>("\"2021-04-20T10:00:00Z\"").is_ok());
}

#[test]
fn records_reject_unknown_keys() {
    let mut value = serde_json::to_value(case()).expect("json");
    assert!(serde_json::from_value::<Case>(value.clone()).is_ok());
    value["closed"] = serde_json::Value::Bool(true);
    assert!(serde_json::from_value::<Case>(value).is_err());
}

proptest::proptest! {
    /// Dates are read by hand; the `time` crate's own parser of the same
    /// format is the oracle, on any text of the shape and near it.
    #[test]
    fn dates_read_as_the_time_crate_reads_them(text in proptest::prop_oneof![
        "[0-9]{4}-(0[0-9]|1[0-3])-([0-2][0-9]|3[0-2])",
        "[0-9+ -]{0,2}[0-9]{4}-[0-9a]{1,2}-[0-9]{1,3}",
    ]) {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let theirs = if text.len() == 10 && text.as_bytes()[4] == b'-' {
            time::Date::parse(&text, format).ok()
        } else {
            None
        };
        proptest::prop_assert_eq!(taizhang_core::Day::parse(&text).map(|d| d.0), theirs, "{}", text);
    }
}
