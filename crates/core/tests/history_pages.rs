//! The history as stored: pages of JSON Lines grouped by a bucket of the
//! record's id, and the values an import's new record was created with,
//! left implied and read back from the record through later changes.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{json, Value};
use taizhang_core::ledgers::history::{
    bucket_of, complete, import_pages, of_import, pages, read_page, revision, FieldChange,
    FileNamed, How, Revision, BUCKETS,
};
use taizhang_core::{Dataset, Kind, PerKind};

#[path = "support/history.rs"]
mod support;
use support::{at, case, file};

#[test]
fn buckets_are_fnv_1a_of_the_id() {
    // FNV-1a (32 bits) of "a" is 0xe40c292c and of "" the offset basis
    // 0x811c9dc5: the published test vectors.
    assert_eq!(bucket_of("a"), 0xe40c_292c % BUCKETS);
    assert_eq!(bucket_of(""), 0x811c_9dc5 % BUCKETS);
}

#[test]
fn an_import_of_new_records_keeps_a_short_line_each_and_their_values_come_back() {
    let ids = [
        "7f1c1e9e-2b1a-4c55-9a51-6f3c2d4e5a01",
        "0a6b3c2d-1e4f-4a5b-8c6d-7e8f9a0b1c2d",
    ];
    let next = Dataset {
        cases: ids.iter().map(|id| case(id, 3, "督办\n\"引号\"")).collect(),
        ..Dataset::default()
    };
    let touched = PerKind::<Vec<usize>> {
        cases: vec![0, 1],
        ..PerKind::default()
    };
    let how = file("台账.json");
    let kept = of_import(
        &Dataset::default(),
        &next,
        &touched,
        &at("2021-05-02T00:00:00Z"),
        &how,
    );
    assert_eq!((kept.created.len(), kept.changed.len()), (2, 0));
    let written = import_pages(&kept).expect("pages");
    let bytes: usize = written.iter().map(|(_, text)| text.len()).sum();
    let header = 230;
    assert!(
        bytes < written.len() * header + 2 * 45,
        "{bytes} bytes: about 40 for each new record beside its page's header"
    );

    // Later: the form changes the notes of the first.
    let first = &next.cases[0];
    let mut edited = first.clone();
    edited.notes = "已约谈".into();
    edited.revision = 4;
    let form = revision(
        Some(first),
        &edited,
        &at("2021-05-03T00:00:00Z"),
        &How::Form,
    )
    .expect("a change");

    // Its history as read back from the pages, completed from the record now.
    let mut history: Vec<Revision> = Vec::new();
    for (bucket, text) in import_pages(&kept)
        .expect("pages")
        .into_iter()
        .chain(pages(&[form]).expect("pages"))
    {
        if bucket == bucket_of(ids[0]) {
            history.extend(read_page(&text, Some(ids[0])).expect("read"));
        }
    }
    assert_eq!(history.len(), 2);
    complete(Some(&edited), &mut history);
    let created: Vec<(&str, Option<&Value>)> = history[0]
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.new.as_ref()))
        .collect();
    assert!(
        created.contains(&("notes", Some(&json!("督办\n\"引号\"")))),
        "{created:?}"
    );
    assert!(created.contains(&("reference", Some(&json!("石法〔2021〕12号")))));
    assert!(history[0].changes.iter().all(|c| c.old.is_none()));
    assert_eq!(history[0].how, how);
    assert_eq!(history[1].how, How::Form);
    assert_eq!(
        history[1].changes,
        [FieldChange {
            field: "notes".into(),
            old: Some(json!("督办\n\"引号\"")),
            new: Some(json!("已约谈"))
        }]
    );
}

#[test]
fn a_creation_undone_leaves_the_values_before_it_unknown() {
    let id = "7f1c1e9e-2b1a-4c55-9a51-6f3c2d4e5a01";
    let created = Revision {
        ledger: Kind::Cases,
        record: id.into(),
        at: at("2021-05-02T00:00:00Z"),
        how: file("a.json"),
        from_revision: None,
        revision: 1,
        changes: Vec::new(),
    };
    let undone = created.undone(
        &at("2021-05-03T00:00:00Z"),
        &How::Undo(FileNamed {
            file: "a.json".into(),
            sha256: "cd".repeat(32),
            sender: None,
        }),
    );
    let again = Revision {
        at: at("2021-05-04T00:00:00Z"),
        ..created.clone()
    };
    let mut history = vec![created, undone, again];
    let now = case(id, 1, "第二次");
    complete(Some(&now), &mut history);
    assert!(
        history[0].changes.is_empty(),
        "the first creation's values are not guessed"
    );
    assert!(history[2]
        .changes
        .iter()
        .any(|c| c.new == Some(json!("第二次"))));
}

fn arbitrary_revision() -> impl Strategy<Value = Revision> {
    (
        prop_oneof![
            Just("7f1c1e9e-2b1a-4c55-9a51-6f3c2d4e5a01".to_owned()),
            "[a-z0-9\"\\\\\n\t-]{1,12}",
            "\\PC{1,8}"
        ],
        (0u8..3, 0u8..3),
        proptest::option::of(1u32..9),
        1u32..9,
        proptest::collection::vec(
            (
                "[a-z_]{1,8}",
                proptest::option::of("\\PC{0,6}"),
                "\\PC{0,6}",
            ),
            0..3,
        ),
        prop_oneof![
            Just(Kind::Cases),
            Just(Kind::TrainingSessions),
            Just(Kind::HonouredModels)
        ],
    )
        .prop_map(
            |(record, (when, by), from_revision, revision, changes, ledger)| Revision {
                ledger,
                record,
                at: at([
                    "2021-05-02T00:00:00Z",
                    "2021-05-03T00:00:00Z",
                    "2021-05-04T00:00:00Z",
                ][usize::from(when)]),
                how: [How::Form, file("x.json"), file("y\n.json")][usize::from(by)].clone(),
                from_revision,
                revision,
                changes: changes
                    .into_iter()
                    .map(|(field, old, new)| FieldChange {
                        field,
                        old: old.map(Value::String),
                        new: Some(Value::String(new)),
                    })
                    .collect(),
            },
        )
}

proptest! {
    /// Every revision written comes back from its bucket's page, in order,
    /// and a record's own are found among all the others.
    #[test]
    fn pages_give_back_every_revision(drawn in proptest::collection::vec(arbitrary_revision(), 0..40)) {
        // One write changes a record once (a form, an import, an undo).
        let mut revisions: Vec<Revision> = Vec::new();
        for revision in drawn {
            if !revisions.iter().any(|r| r.record == revision.record) {
                revisions.push(revision);
            }
        }
        let written = pages(&revisions).expect("pages");
        let mut read: Vec<Revision> = Vec::new();
        for (bucket, text) in &written {
            let page = read_page(text, None).expect("read");
            prop_assert!(page.iter().all(|r| bucket_of(&r.record) == *bucket));
            read.extend(page);
        }
        // The same revisions (a page lists the records created first).
        let key = |r: &Revision| serde_json::to_string(r).expect("json");
        let mut sorted_read: Vec<String> = read.iter().map(key).collect();
        let mut sorted_written: Vec<String> = revisions.iter().map(key).collect();
        sorted_read.sort();
        sorted_written.sort();
        prop_assert_eq!(sorted_read, sorted_written);
        for revision in &revisions {
            let own: Vec<&Revision> = revisions.iter().filter(|r| r.record == revision.record).collect();
            let (_, text) = written.iter().find(|(b, _)| *b == bucket_of(&revision.record)).expect("its page");
            let found = read_page(text, Some(&revision.record)).expect("read");
            prop_assert_eq!(found.iter().collect::<Vec<_>>(), own);
        }
    }
}

proptest! {
    /// An import's pages give back every record it created (with the
    /// write's time and how) and every change, each from its bucket's page.
    #[test]
    fn an_imports_pages_give_back_what_it_did(
        ids in proptest::collection::hash_set(any::<u128>(), 0..60),
        changed in proptest::collection::vec(arbitrary_revision(), 0..10),
        revision in 1u32..5000,
    ) {
        use taizhang_core::ledgers::history::{Created, ImportHistory};
        let ledgers = [Kind::Cases, Kind::TrainingSessions, Kind::HonouredModels];
        let history = ImportHistory {
            at: at("2021-05-02T00:00:00Z"),
            how: file("省级.json"),
            created: ids
                .iter()
                .enumerate()
                .map(|(n, id)| Created {
                    ledger: ledgers[n % 3],
                    id: uuid::Uuid::from_u128(*id),
                    revision: revision + n as u32,
                })
                .collect(),
            changed: changed.into_iter().filter(|r| !r.record.contains(' ')).collect(),
        };
        let mut read = Vec::new();
        for (bucket, text) in import_pages(&history).expect("pages") {
            let page = read_page(&text, None).expect("read");
            prop_assert!(page.iter().all(|r| bucket_of(&r.record) == bucket));
            read.extend(page);
        }
        let key = |r: &Revision| serde_json::to_string(r).expect("json");
        let mut read: Vec<String> = read.iter().map(key).collect();
        let mut expected: Vec<String> = history.revisions().iter().map(key).collect();
        read.sort();
        expected.sort();
        prop_assert_eq!(read, expected);
    }
}
