//! The rules of a file that go beyond each value's shape: every record's own
//! rules, offices in a tree, every office a record names in the file, ids unique.

use super::error::{ImportError, TOP_KEYS};
use super::shape;
use crate::domain::day::Timestamp;
use crate::domain::model::*;
use crate::domain::problem::FileProblem;
use crate::domain::validate::{self, Problem, Rules};
use crate::domain::Kind;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

fn push_problems(errors: &mut Vec<ImportError>, key: &str, index: usize, problems: Vec<Problem>) {
    errors.extend(problems.into_iter().map(|p| {
        ImportError::new(
            &format!("/{key}/{index}/{}", p.field),
            FileProblem::Record(p.rule),
        )
    }));
}

/// The codes of every office entry that has one, parsed or not (so a record
/// is not blamed for naming an office whose own entry has another fault).
fn office_codes(top: &BTreeMap<String, &RawValue>) -> HashSet<String> {
    #[derive(serde::Deserialize)]
    struct Code {
        code: String,
    }
    top.get("offices")
        .and_then(|raw| serde_json::from_str::<Vec<&RawValue>>(raw.get()).ok())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|item| serde_json::from_str::<Code>(item.get()).ok())
        .map(|c| c.code)
        .collect()
}

#[allow(clippy::type_complexity)]
pub(super) fn check_rules(
    offices: &[(usize, Office)],
    training: &[(usize, TrainingSession)],
    models: &[(usize, HonouredModel)],
    cases: &[(usize, Case)],
    top: &BTreeMap<String, &RawValue>,
    errors: &mut Vec<ImportError>,
) {
    check_top_values(top, errors);
    check_offices(offices, top, errors);
    let codes = office_codes(top);
    let exists = |code: &str| codes.contains(code);
    // Where each id was first seen: an id is unique in the whole file.
    let mut ids: HashMap<Uuid, (Kind, usize)> = HashMap::new();
    check_ledger(training, &exists, &mut ids, errors);
    check_ledger(models, &exists, &mut ids, errors);
    check_ledger(cases, &exists, &mut ids, errors);
}

/// `exported_at` and `source_office` of the right kind, and no unknown key.
fn check_top_values(top: &BTreeMap<String, &RawValue>, errors: &mut Vec<ImportError>) {
    match top
        .get("exported_at")
        .map(|raw| serde_json::from_str::<Timestamp>(raw.get()))
    {
        Some(Ok(_)) => {}
        Some(Err(_)) => errors.push(ImportError::new("/exported_at", FileProblem::BadExportedAt)),
        None => errors.push(ImportError::new(
            "/exported_at",
            FileProblem::MissingExportedAt,
        )),
    }
    if let Some(raw) = top.get("source_office") {
        if serde_json::from_str::<Option<String>>(raw.get()).is_err() {
            errors.push(ImportError::new(
                "/source_office",
                FileProblem::BadSourceOffice,
            ));
        }
    }
    for key in top.keys().filter(|k| !TOP_KEYS.contains(&k.as_str())) {
        errors.push(ImportError::new(
            &format!("/{}", shape::escape(key)),
            FileProblem::UnknownKey(key.clone()),
        ));
    }
}

/// Each office's own rules, then the tree (only when every office could be read:
/// a missing one would look like a broken link).
fn check_offices(
    offices: &[(usize, Office)],
    top: &BTreeMap<String, &RawValue>,
    errors: &mut Vec<ImportError>,
) {
    for (index, office) in offices {
        push_problems(errors, "offices", *index, validate::validate_office(office));
    }
    let office_count = top
        .get("offices")
        .and_then(|raw| serde_json::from_str::<Vec<&RawValue>>(raw.get()).ok())
        .map(|items| items.len());
    if office_count == Some(offices.len()) {
        let list: Vec<Office> = offices.iter().map(|(_, o)| o.clone()).collect();
        for (index, problem) in validate::validate_office_tree(&list) {
            push_problems(errors, "offices", offices[index].0, vec![problem]);
        }
    }
}

/// Each record's rules, and its id unique in the file.
fn check_ledger<R: Record + Rules>(
    rows: &[(usize, R)],
    exists: &dyn Fn(&str) -> bool,
    ids: &mut HashMap<Uuid, (Kind, usize)>,
    errors: &mut Vec<ImportError>,
) {
    let key = R::KIND.key();
    for (index, r) in rows {
        // Where each id was first seen is kept as a place, and written out only
        // for a repeat: a pointer string per record was a tenth of reading a file.
        match ids.get(&r.id()) {
            Some((kind, first)) => errors.push(ImportError::new(
                &format!("/{key}/{index}/id"),
                FileProblem::IdUsedTwice {
                    first: format!("/{}/{first}", kind.key()),
                },
            )),
            None => {
                ids.insert(r.id(), (R::KIND, *index));
            }
        }
        push_problems(errors, key, *index, r.problems(exists));
    }
}
