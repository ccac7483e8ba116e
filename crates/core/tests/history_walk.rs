//! The values a record was created with, walked back through its history
//! as the storage keeps it, in the sequences a user makes (imports, form
//! edits, undos) and in those an attacker makes of the pages (moved,
//! deleted): never a value the record did not have. Written by a reviewer
//! outside the change. A tiny model of the storage: pages (log, bucket,
//! text) in key order; an undo deletes the import's pages and adds the
//! undone revisions (as crates/storage/src/undo.rs does).
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use taizhang_core::ledgers::history::{
    bucket_of, complete, complete_in, import_pages, of_import, pages, read_page, revision, How,
    Revision,
};
use taizhang_core::{Case, Dataset, Kind, PerKind, TrainingSession};

#[path = "support/history.rs"]
mod support;
use support::{at, case, file};

const ID: &str = "7f1c1e9e-2b1a-4c55-9a51-6f3c2d4e5a01";

#[derive(Default)]
struct Db {
    pages: Vec<(Option<String>, u32, String)>,
}

impl Db {
    fn import(&mut self, log: &str, before: &Dataset, after: &Dataset, t: &str, name: &str) {
        let touched = PerKind::<Vec<usize>> {
            cases: (0..after.cases.len()).collect(),
            ..PerKind::default()
        };
        let h = of_import(before, after, &touched, &at(t), &file(name));
        for (b, text) in import_pages(&h).unwrap() {
            self.pages.push((Some(log.into()), b, text));
        }
    }
    fn form(&mut self, old: &Case, new: &Case, t: &str) {
        let r = revision(Some(old), new, &at(t), &How::Form).expect("a change");
        for (b, text) in pages(&[r]).unwrap() {
            self.pages.push((None, b, text));
        }
    }
    /// As Store::undo: the import's pages go, the undone revisions come.
    fn undo(&mut self, log: &str, t: &str) {
        let mut undone = Vec::new();
        self.pages.retain(|(l, _, text)| {
            if l.as_deref() == Some(log) {
                for r in read_page(text, None).unwrap() {
                    let how = match &r.how {
                        How::Import(f) => How::Undo(f.clone()),
                        o => o.clone(),
                    };
                    undone.push(r.undone(&at(t), &how));
                }
                false
            } else {
                true
            }
        });
        for (b, text) in pages(&undone).unwrap() {
            self.pages.push((None, b, text));
        }
    }
    fn history(&self, id: &str) -> Vec<Revision> {
        self.pages
            .iter()
            .filter(|(_, b, _)| *b == bucket_of(id))
            .flat_map(|(_, _, text)| read_page(text, Some(id)).unwrap())
            .collect()
    }
}

fn created_notes(h: &[Revision]) -> Option<Value> {
    h[0].changes
        .iter()
        .find(|c| c.field == "notes")
        .and_then(|c| c.new.clone())
}

fn ds(cases: Vec<Case>) -> Dataset {
    Dataset {
        cases,
        ..Dataset::default()
    }
}

/// Import 1 creates the case with notes "A"; import 2 updates it to "B";
/// import 2 is undone: the case is "A" again. Its history must say it was
/// created with "A".
#[test]
fn undo_of_a_later_update_leaves_the_creation_with_the_undone_values() {
    let mut db = Db::default();
    let v1 = ds(vec![case(ID, 1, "A")]);
    db.import(
        "log-1",
        &Dataset::default(),
        &v1,
        "2021-05-01T00:00:00Z",
        "first.json",
    );
    let v2 = ds(vec![case(ID, 2, "B")]);
    db.import("log-2", &v1, &v2, "2021-05-02T00:00:00Z", "second.json");
    db.undo("log-2", "2021-05-03T00:00:00Z");
    let now = &v1.cases[0]; // the block put back: notes "A"
    let mut h = db.history(ID);
    complete(Some(now), &mut h);
    assert_eq!(
        created_notes(&h),
        Some(json!("A")),
        "the creation shows the undone import's value"
    );
}

/// The same, with a form edit between the imports.
#[test]
fn undo_after_form_edit_and_update() {
    let mut db = Db::default();
    let v1 = ds(vec![case(ID, 1, "A")]);
    db.import(
        "log-1",
        &Dataset::default(),
        &v1,
        "2021-05-01T00:00:00Z",
        "first.json",
    );
    let edited = case(ID, 2, "F");
    db.form(&v1.cases[0], &edited, "2021-05-01T12:00:00Z");
    let v1e = ds(vec![edited.clone()]);
    let v2 = ds(vec![case(ID, 3, "B")]);
    db.import("log-2", &v1e, &v2, "2021-05-02T00:00:00Z", "second.json");
    db.undo("log-2", "2021-05-03T00:00:00Z");
    let mut h = db.history(ID);
    complete(Some(&edited), &mut h);
    assert_eq!(created_notes(&h), Some(json!("A")));
}

/// Undo of an import that created the record: the undo entry names no
/// field (v5 named each value the undo removed), and the import's entry is gone.
#[test]
fn undo_of_a_compact_creation_keeps_no_field() {
    let mut db = Db::default();
    let v1 = ds(vec![case(ID, 1, "A")]);
    db.import(
        "log-1",
        &Dataset::default(),
        &v1,
        "2021-05-01T00:00:00Z",
        "first.json",
    );
    db.undo("log-1", "2021-05-02T00:00:00Z");
    // re-import the same file
    db.import(
        "log-3",
        &Dataset::default(),
        &v1,
        "2021-05-04T00:00:00Z",
        "first.json",
    );
    let mut h = db.history(ID);
    complete(Some(&v1.cases[0]), &mut h);
    assert!(matches!(h[0].how, How::Undo(_)));
    assert!(h[0].changes.is_empty(), "undo: no field shown");
    assert_eq!(created_notes(&h[1..]), Some(json!("A")));
}

/// A page moved to another key (reordered) opens: only bucket and log are
/// bound. Moving the first form page after the second makes the creation
/// show "B" though it was created with "A".
#[test]
fn reordered_form_pages_change_the_creation_values() {
    let mut db = Db::default();
    let v1 = ds(vec![case(ID, 1, "A")]);
    db.import(
        "log-1",
        &Dataset::default(),
        &v1,
        "2021-05-01T00:00:00Z",
        "first.json",
    );
    let b = case(ID, 2, "B");
    let c = case(ID, 3, "C");
    db.form(&v1.cases[0], &b, "2021-05-02T00:00:00Z");
    db.form(&b, &c, "2021-05-03T00:00:00Z");
    // attacker: delete page key k (the first form page) and put it back at a higher key
    let moved = db.pages.remove(1);
    db.pages.push(moved);
    let mut h = db.history(ID);
    complete(Some(&c), &mut h);
    assert_eq!(created_notes(&h), None, "unknown, never B");
}

/// A page deleted (no manifest covers the history): the creation now shows
/// the values after the deleted change, not a gap.
#[test]
fn a_deleted_form_page_changes_the_creation_values() {
    let mut db = Db::default();
    let v1 = ds(vec![case(ID, 1, "A")]);
    db.import(
        "log-1",
        &Dataset::default(),
        &v1,
        "2021-05-01T00:00:00Z",
        "first.json",
    );
    let b = case(ID, 2, "B");
    db.form(&v1.cases[0], &b, "2021-05-02T00:00:00Z");
    db.pages.remove(1);
    let mut h = db.history(ID);
    complete(Some(&b), &mut h);
    assert_eq!(created_notes(&h), None, "unknown, never B");
}

/// The same uuid in two ledgers (a crafted file): the training session's
/// creation is filled from the case.
#[test]
fn same_id_in_two_ledgers() {
    let session: TrainingSession = serde_json::from_value(json!({
        "id": ID, "office": "430204-court", "revision": 1,
        "updated_at": "2021-04-02T01:00:00Z", "deleted": false,
        "title": "警示教育大会", "kind": "warning_education", "format": "in_person",
        "start_date": "2021-04-02", "end_date": "2021-04-02", "participants": 120,
        "hours": 2.0, "notes": "S"
    }))
    .expect("a training session");
    let data = Dataset {
        cases: vec![case(ID, 1, "A")],
        training_sessions: vec![session],
        ..Dataset::default()
    };
    let touched = PerKind::<Vec<usize>> {
        cases: vec![0],
        training_sessions: vec![0],
        ..PerKind::default()
    };
    let h = of_import(
        &Dataset::default(),
        &data,
        &touched,
        &at("2021-05-01T00:00:00Z"),
        &file("x.json"),
    );
    let mut revs: Vec<Revision> = import_pages(&h)
        .unwrap()
        .into_iter()
        .flat_map(|(_, t)| read_page(&t, Some(ID)).unwrap())
        .collect();
    complete_in(&data, Kind::Cases, ID, &mut revs);
    for r in &revs {
        eprintln!(
            "{:?}: {:?}",
            r.ledger,
            r.changes
                .iter()
                .map(|c| (&c.field, &c.new))
                .collect::<Vec<_>>()
        );
    }
    assert!(
        revs.iter().all(|r| r.ledger == Kind::Cases),
        "the session's revision left out"
    );
    assert_eq!(created_notes(&revs), Some(json!("A")));
}

/// read_page robustness.
#[test]
fn read_page_odd_inputs() {
    let header = r#"{"at":"2021-05-01T00:00:00Z","how":{"by":"form"}}"#;
    for text in [
        "".to_string(),
        "\n".to_string(),
        header.to_string(),
        format!("{header}\n"),
        format!("{header}\n\n"),
        format!("{header}\n{{\"ledger\":\"Cases\",\"created\":\"\"}}"),
        format!("{header}\n{{\"ledger\":\"Cases\",\"created\":\"a 1,,b 2\"}}"),
        format!("{header}\n{{\"ledger\":\"Cases\",\"created\":\"a 1 2\"}}"),
        format!("{header}\n{{\"ledger\":\"Cases\",\"created\":\"a 99999999999\"}}"),
        format!("{header}\n{{\"ledger\":\"Cases\",\"created\":\"a 1\",\"record\":\"b\",\"revision\":5}}"),
        format!("{header}\n{{\"ledger\":\"Cases\"}}"),
        format!("{header}\r\n{{\"ledger\":\"Cases\",\"record\":\"a\",\"revision\":1}}"),
    ] {
        let all = std::panic::catch_unwind(|| read_page(&text, None));
        let one = std::panic::catch_unwind(|| read_page(&text, Some("a")));
        assert!(all.is_ok() && one.is_ok(), "panic on {text:?}");
    }
    // Filtering by a plain id is by substring: a line of another record that
    // merely contains the id is parsed but not assigned.
    let other = format!("{header}\n{{\"ledger\":\"Cases\",\"record\":\"b\",\"revision\":2,\"changes\":[{{\"field\":\"notes\",\"old\":\"a\",\"new\":\"a\"}}]}}");
    assert!(read_page(&other, Some("a")).unwrap().is_empty());
    // An empty id: not plain, needle "record":"" -> matches a created line?
    // A line without the record's id is refused, not read as record "".
    let nameless = format!("{header}\n{{\"ledger\":\"Cases\",\"revision\":3}}");
    assert!(read_page(&nameless, None).is_err());
}
