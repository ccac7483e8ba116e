//! The rules of a file that go beyond each value's shape: every record's own
//! rules, offices in a tree, every office a record names in the file, ids unique.

use super::error::{ImportError, TOP_KEYS};
use super::shape;
use crate::base::day::Timestamp;
use crate::base::problem::FileProblem;
use crate::ledgers::model::*;
use crate::ledgers::validate::{self, Problem, Rules};
use crate::Kind;
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

/// Records of one table, each with its position in the file: all of a table
/// read whole, or those of a table read record by record that parsed.
pub(super) trait Rows<R: 'static> {
    fn placed(&self) -> impl Iterator<Item = (usize, &R)>;
}

impl<R: 'static> Rows<R> for [R] {
    fn placed(&self) -> impl Iterator<Item = (usize, &R)> {
        self.iter().enumerate()
    }
}

impl<R: 'static> Rows<R> for [(usize, R)] {
    fn placed(&self) -> impl Iterator<Item = (usize, &R)> {
        self.iter().map(|(i, r)| (*i, r))
    }
}

/// What the record rules need to know of the file besides its records.
pub(super) struct Context {
    /// The codes of every office entry that has one, parsed or not.
    pub codes: HashSet<String>,
    /// Whether every office entry parsed: only then is the tree checked
    /// (a missing office would look like a broken link).
    pub all_offices: bool,
}

impl Context {
    /// For a file read record by record, from its top-level entries: the
    /// code of every office entry that has one, parsed or not (so a record is
    /// not blamed for naming an office whose own entry has another fault).
    pub fn of_entries(offices_parsed: usize, top: &BTreeMap<String, &RawValue>) -> Context {
        #[derive(serde::Deserialize)]
        struct Code {
            code: String,
        }
        let entries = top
            .get("offices")
            .and_then(|raw| serde_json::from_str::<Vec<&RawValue>>(raw.get()).ok());
        let codes = entries
            .iter()
            .flatten()
            .filter_map(|item| serde_json::from_str::<Code>(item.get()).ok())
            .map(|c| c.code)
            .collect();
        Context {
            codes,
            all_offices: entries.map(|items| items.len()) == Some(offices_parsed),
        }
    }

    /// For a file read whole: every office parsed.
    pub fn of_offices(offices: &[Office]) -> Context {
        Context {
            codes: offices.iter().map(|o| o.code.clone()).collect(),
            all_offices: true,
        }
    }
}

/// Every record's own rules, the office tree, and ids unique in the file.
pub(super) fn check_records(
    offices: &(impl Rows<Office> + ?Sized),
    training: &(impl Rows<TrainingSession> + ?Sized),
    models: &(impl Rows<HonouredModel> + ?Sized),
    cases: &(impl Rows<Case> + ?Sized),
    context: &Context,
    errors: &mut Vec<ImportError>,
) {
    check_offices(offices, context.all_offices, errors);
    let exists = |code: &str| context.codes.contains(code);
    // Where each id was first seen: an id is unique in the whole file.
    let mut ids: HashMap<Uuid, (Kind, usize)> = HashMap::new();
    check_ledger(training, &exists, &mut ids, errors);
    check_ledger(models, &exists, &mut ids, errors);
    check_ledger(cases, &exists, &mut ids, errors);
}

/// `exported_at` and `source_office` of the right kind, and no unknown key.
pub(super) fn check_top_values(top: &BTreeMap<String, &RawValue>, errors: &mut Vec<ImportError>) {
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
    if let Some(raw) = top.get("redacted") {
        if serde_json::from_str::<bool>(raw.get()).is_err() {
            errors.push(ImportError::new("/redacted", FileProblem::BadRedacted));
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
    offices: &(impl Rows<Office> + ?Sized),
    all_offices: bool,
    errors: &mut Vec<ImportError>,
) {
    for (index, office) in offices.placed() {
        push_problems(errors, "offices", index, validate::validate_office(office));
    }
    if all_offices {
        let placed: Vec<(usize, &Office)> = offices.placed().collect();
        let list: Vec<Office> = placed.iter().map(|(_, o)| (*o).clone()).collect();
        for (position, problem) in validate::validate_office_tree(&list) {
            push_problems(errors, "offices", placed[position].0, vec![problem]);
        }
    }
}

/// Each record's rules, and its id unique in the file.
fn check_ledger<R: Record + Rules + 'static>(
    rows: &(impl Rows<R> + ?Sized),
    exists: &dyn Fn(&str) -> bool,
    ids: &mut HashMap<Uuid, (Kind, usize)>,
    errors: &mut Vec<ImportError>,
) {
    let key = R::KIND.key();
    for (index, r) in rows.placed() {
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
                ids.insert(r.id(), (R::KIND, index));
            }
        }
        push_problems(errors, key, index, r.problems(exists));
    }
}
