//! The exchange format's rules, one function per record kind. Each returns
//! every problem it finds, so that forms and the importer can show them all.

use super::fields;
use super::kind::Kind;
use super::model::*;
use super::text::Message;
use std::collections::{HashMap, HashSet};

pub const MAX_COUNT: u32 = 10_000_000;
pub const MAX_HOURS: f64 = 10_000.0;

/// One broken rule: the field it concerns and what is wrong, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub message: Message,
}

impl Problem {
    pub fn new(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            field,
            message: Message::new(zh, en),
        }
    }

    pub fn required(field: &'static str) -> Problem {
        Problem::new(field, "必填", "required")
    }

    pub fn not_a_date(field: &'static str) -> Problem {
        Problem::new(
            field,
            "不是有效日期（YYYY-MM-DD）",
            "not a valid date (YYYY-MM-DD)",
        )
    }

    pub fn not_a_number(field: &'static str) -> Problem {
        Problem::new(field, "不是有效数字", "not a valid number")
    }
}

/// The length rule of `field` of `kind`, as its declaration (`fields`) gives it.
fn check_length(out: &mut Vec<Problem>, kind: Kind, field: &'static str, value: &str) {
    let (min, max) = fields::length(kind, field);
    let chars = value.chars().count();
    if chars < min {
        out.push(Problem::required(field));
    } else if chars > max {
        out.push(Problem::new(
            field,
            format!("不能超过 {max} 个字（现有 {chars} 个）"),
            format!("at most {max} characters (has {chars})"),
        ));
    }
}

fn check_count(out: &mut Vec<Problem>, field: &'static str, value: u32) {
    if value > MAX_COUNT {
        out.push(Problem::new(
            field,
            format!("应在 0 到 {MAX_COUNT} 之间"),
            format!("must be between 0 and {MAX_COUNT}"),
        ));
    }
}

fn is_code(code: &str) -> bool {
    (1..=64).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The rules of one office on its own (the tree is checked by [`validate_office_tree`]).
pub fn validate_office(office: &Office) -> Vec<Problem> {
    let mut out = Vec::new();
    if office.code.is_empty() {
        out.push(Problem::required("code"));
    } else if !is_code(&office.code) {
        out.push(Problem::new(
            "code",
            "编码须为 1–64 个字母、数字、下划线或连字符",
            "code must be 1–64 letters, digits, _ or -",
        ));
    }
    check_length(&mut out, Kind::Offices, "name", &office.name);
    if let Some(headcount) = office.headcount {
        check_count(&mut out, "headcount", headcount);
    }
    if office.parent.as_deref() == Some(office.code.as_str()) {
        out.push(Problem::new(
            "parent",
            "上级单位不能是本单位",
            "an office cannot be its own parent",
        ));
    }
    out
}

/// Tree rules across all offices: unique codes, parents present, no cycles.
/// Returns the index of the office each problem concerns.
pub fn validate_office_tree(offices: &[Office]) -> Vec<(usize, Problem)> {
    let mut out = Vec::new();
    let mut first_index: HashMap<&str, usize> = HashMap::new();
    for (index, office) in offices.iter().enumerate() {
        if let Some(first) = first_index.insert(&office.code, index) {
            first_index.insert(&office.code, first);
            out.push((
                index,
                Problem::new(
                    "code",
                    format!("编码“{}”重复", office.code),
                    format!("code {:?} is used twice", office.code),
                ),
            ));
        }
    }
    let parent_of: HashMap<&str, &str> = offices
        .iter()
        .filter_map(|o| o.parent.as_deref().map(|p| (o.code.as_str(), p)))
        .collect();
    for (index, office) in offices.iter().enumerate() {
        let Some(parent) = office.parent.as_deref() else {
            continue;
        };
        if !first_index.contains_key(parent) {
            out.push((
                index,
                Problem::new(
                    "parent",
                    format!("上级单位“{parent}”不存在"),
                    format!("parent office {parent:?} does not exist"),
                ),
            ));
        } else if on_cycle(&office.code, &parent_of) {
            out.push((
                index,
                Problem::new(
                    "parent",
                    "上级关系形成循环",
                    "the parent links form a cycle",
                ),
            ));
        }
    }
    out
}

fn on_cycle(start: &str, parent_of: &HashMap<&str, &str>) -> bool {
    let mut seen = HashSet::new();
    let mut current = start;
    while let Some(&parent) = parent_of.get(current) {
        if parent == start {
            return true;
        }
        if !seen.insert(parent) {
            return false; // a cycle above us, reported for its own members
        }
        current = parent;
    }
    false
}

fn check_common(
    out: &mut Vec<Problem>,
    kind: Kind,
    office: &str,
    revision: u32,
    notes: &str,
    office_exists: &dyn Fn(&str) -> bool,
) {
    if office.is_empty() {
        out.push(Problem::required("office"));
    } else if !office_exists(office) {
        out.push(Problem::new(
            "office",
            format!("单位“{office}”不存在"),
            format!("office {office:?} does not exist"),
        ));
    }
    if revision < 1 {
        out.push(Problem::new(
            "revision",
            "版本号至少为 1",
            "revision must be at least 1",
        ));
    }
    check_length(out, kind, "notes", notes);
}

/// A record's own rules, given which office codes exist: what an entry form
/// and an imported file both check.
pub trait Rules {
    fn problems(&self, office_exists: &dyn Fn(&str) -> bool) -> Vec<Problem>;
}

impl Rules for TrainingSession {
    fn problems(&self, office_exists: &dyn Fn(&str) -> bool) -> Vec<Problem> {
        validate_training(self, office_exists)
    }
}

impl Rules for HonouredModel {
    fn problems(&self, office_exists: &dyn Fn(&str) -> bool) -> Vec<Problem> {
        validate_model(self, office_exists)
    }
}

impl Rules for Case {
    fn problems(&self, office_exists: &dyn Fn(&str) -> bool) -> Vec<Problem> {
        validate_case(self, office_exists)
    }
}

pub fn validate_training(
    r: &TrainingSession,
    office_exists: &dyn Fn(&str) -> bool,
) -> Vec<Problem> {
    let mut out = Vec::new();
    check_common(
        &mut out,
        Kind::TrainingSessions,
        &r.office,
        r.revision,
        &r.notes,
        office_exists,
    );
    check_length(&mut out, Kind::TrainingSessions, "title", &r.title);
    if r.end_date < r.start_date {
        out.push(Problem::new(
            "end_date",
            "结束日期早于开始日期",
            "end date is before the start date",
        ));
    }
    check_count(&mut out, "participants", r.participants);
    if let Some(hours) = r.hours {
        if !(0.0..=MAX_HOURS).contains(&hours) {
            out.push(Problem::new(
                "hours",
                format!("学时应在 0 到 {MAX_HOURS} 之间"),
                format!("hours must be between 0 and {MAX_HOURS}"),
            ));
        }
    }
    out
}

pub fn validate_model(r: &HonouredModel, office_exists: &dyn Fn(&str) -> bool) -> Vec<Problem> {
    let mut out = Vec::new();
    check_common(
        &mut out,
        Kind::HonouredModels,
        &r.office,
        r.revision,
        &r.notes,
        office_exists,
    );
    check_length(&mut out, Kind::HonouredModels, "name", &r.name);
    check_length(&mut out, Kind::HonouredModels, "title", &r.title);
    check_length(&mut out, Kind::HonouredModels, "deeds", &r.deeds);
    out
}

pub fn validate_case(r: &Case, office_exists: &dyn Fn(&str) -> bool) -> Vec<Problem> {
    use super::enums::CaseStatus;
    let mut out = Vec::new();
    check_common(
        &mut out,
        Kind::Cases,
        &r.office,
        r.revision,
        &r.notes,
        office_exists,
    );
    check_length(&mut out, Kind::Cases, "reference", &r.reference);
    if r.deadline.is_some_and(|d| d < r.received_on) {
        out.push(Problem::new(
            "deadline",
            "办理期限早于受理日期",
            "deadline is before the received date",
        ));
    }
    let resolved = r.status == CaseStatus::Resolved;
    match (resolved, r.resolved_on) {
        (true, None) => out.push(Problem::new(
            "resolved_on",
            "已办结的线索须填写办结日期",
            "a resolved case needs its resolved date",
        )),
        (false, Some(_)) => out.push(Problem::new(
            "resolved_on",
            "未办结的线索不能有办结日期",
            "only a resolved case has a resolved date",
        )),
        (true, Some(day)) if day < r.received_on => out.push(Problem::new(
            "resolved_on",
            "办结日期早于受理日期",
            "resolved date is before the received date",
        )),
        _ => {}
    }
    match (resolved, r.outcome) {
        (true, None) => out.push(Problem::new(
            "outcome",
            "已办结的线索须填写办理结果",
            "a resolved case needs its outcome",
        )),
        (false, Some(_)) => out.push(Problem::new(
            "outcome",
            "未办结的线索不能有办理结果",
            "only a resolved case has an outcome",
        )),
        _ => {}
    }
    out
}
