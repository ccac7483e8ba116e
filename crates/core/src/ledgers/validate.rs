//! The exchange format's rules, one function per record kind. Each returns
//! every problem it finds, so that forms and the importer can show them all.

use crate::ledgers::fields;
use crate::ledgers::kind::Kind;
use crate::ledgers::model::*;
use std::collections::{HashMap, HashSet};

pub const MAX_COUNT: u32 = 10_000_000;
pub const MAX_HOURS: f64 = 10_000.0;

pub use crate::base::problem::{Problem, Rule};

/// The length rule of `field` of `kind`, as its declaration (`fields`) gives it.
fn check_length(out: &mut Vec<Problem>, kind: Kind, field: &'static str, value: &str) {
    let (min, max) = fields::length(kind, field);
    let chars = value.chars().count();
    if chars < min {
        out.push(Problem::required(field));
    } else if chars > max {
        out.push(Problem::new(field, Rule::TooLong { max, has: chars }));
    }
}

fn check_count(out: &mut Vec<Problem>, field: &'static str, value: u32) {
    if value > MAX_COUNT {
        out.push(Problem::new(
            field,
            Rule::CountOutOfRange { max: MAX_COUNT },
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
        out.push(Problem::new("code", Rule::BadCode));
    }
    check_length(&mut out, Kind::Offices, "name", &office.name);
    if let Some(headcount) = office.headcount {
        check_count(&mut out, "headcount", headcount);
    }
    if office.parent.as_deref() == Some(office.code.as_str()) {
        out.push(Problem::new("parent", Rule::OwnParent));
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
                Problem::new("code", Rule::CodeUsedTwice(office.code.clone())),
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
                Problem::new("parent", Rule::NoSuchParent(parent.to_owned())),
            ));
        } else if on_cycle(&office.code, &parent_of) {
            out.push((index, Problem::new("parent", Rule::ParentCycle)));
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
            Rule::NoSuchOffice(office.to_owned()),
        ));
    }
    if revision < 1 {
        out.push(Problem::new("revision", Rule::RevisionBelowOne));
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
        out.push(Problem::new("end_date", Rule::EndBeforeStart));
    }
    check_count(&mut out, "participants", r.participants);
    if let Some(hours) = r.hours {
        if !(0.0..=MAX_HOURS).contains(&hours) {
            out.push(Problem::new(
                "hours",
                Rule::HoursOutOfRange {
                    max: MAX_HOURS as u32,
                },
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
    use crate::ledgers::enums::CaseStatus;
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
        out.push(Problem::new("deadline", Rule::DeadlineBeforeReceived));
    }
    let resolved = r.status == CaseStatus::Resolved;
    match (resolved, r.resolved_on) {
        (true, None) => out.push(Problem::new("resolved_on", Rule::ResolvedNeedsDate)),
        (false, Some(_)) => out.push(Problem::new("resolved_on", Rule::OpenHasResolvedDate)),
        (true, Some(day)) if day < r.received_on => {
            out.push(Problem::new("resolved_on", Rule::ResolvedBeforeReceived))
        }
        _ => {}
    }
    match (resolved, r.outcome) {
        (true, None) => out.push(Problem::new("outcome", Rule::ResolvedNeedsOutcome)),
        (false, Some(_)) => out.push(Problem::new("outcome", Rule::OpenHasOutcome)),
        _ => {}
    }
    out
}
