//! The history of a record (留痕): what a change keeps, field by field.
//! Records are written here as the exchange file spells them, and each
//! expected change is spelled out by hand.

use serde_json::{json, Value};
use taizhang_core::ledgers::edit::tombstone;
use taizhang_core::ledgers::history::{changes, of_import, revision, FieldChange, FileNamed, How};
use taizhang_core::{Case, Dataset, Kind, Office, PerKind, Timestamp};

fn at() -> Timestamp {
    Timestamp::parse("2021-05-02T03:04:05Z").expect("time")
}

fn case(revision: u32, status: &str, notes: &str) -> Case {
    serde_json::from_value(json!({
        "id": "7f1c1e9e-2b1a-4c55-9a51-6f3c2d4e5a01",
        "office": "430204-court",
        "revision": revision,
        "updated_at": "2021-04-20T08:00:00Z",
        "deleted": false,
        "reference": "石法〔2021〕12号",
        "source": "public_report",
        "category": "interference",
        "received_on": "2021-04-12",
        "deadline": "2021-05-12",
        "status": status,
        "resolved_on": null,
        "outcome": null,
        "notes": notes
    }))
    .expect("a case as files write it")
}

fn change(field: &str, old: Option<Value>, new: Value) -> FieldChange {
    FieldChange {
        field: field.into(),
        old,
        new: Some(new),
    }
}

#[test]
fn an_edit_keeps_the_fields_it_changed_with_old_and_new_values() {
    let before = case(1, "received", "");
    let mut after = case(2, "verifying", "已约谈");
    after.updated_at = at();
    assert_eq!(
        changes(Some(&before), &after),
        [
            change("status", Some(json!("received")), json!("verifying")),
            change("notes", Some(json!("")), json!("已约谈")),
        ],
        "revision and updated_at say nothing of what changed"
    );
    let kept = revision(Some(&before), &after, &at(), &How::Form).expect("a change");
    assert_eq!(kept.ledger, Kind::Cases);
    assert_eq!(kept.record, "7f1c1e9e-2b1a-4c55-9a51-6f3c2d4e5a01");
    assert_eq!((kept.from_revision, kept.revision), (Some(1), 2));
}

#[test]
fn saving_a_record_unchanged_keeps_nothing() {
    let before = case(1, "received", "");
    assert_eq!(
        revision(Some(&before), &case(2, "received", ""), &at(), &How::Form),
        None
    );
}

#[test]
fn a_new_record_keeps_its_filled_fields_with_no_old_value() {
    let new = case(1, "received", "");
    let kept = changes(None, &new);
    let fields: Vec<&str> = kept.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "reference",
            "office",
            "source",
            "category",
            "received_on",
            "deadline",
            "status"
        ],
        "in form order; empty fields (null, \"\") and not being deleted are left out"
    );
    assert!(kept.iter().all(|c| c.old.is_none()));
}

#[test]
fn a_deletion_is_the_deleted_flag_turning_true() {
    let before = case(3, "received", "");
    assert_eq!(
        changes(Some(&before), &tombstone(&before, at())),
        [change("deleted", Some(json!(false)), json!(true))]
    );
}

#[test]
fn an_import_keeps_one_revision_per_ledger_record_it_changed_and_none_for_offices() {
    let office: Office = serde_json::from_value(json!({
        "code": "430204-court", "name": "石峰区人民法院", "level": "county",
        "system": "court", "parent": null
    }))
    .expect("an office as files write it");
    let previous = Dataset {
        offices: vec![office.clone()],
        cases: vec![case(1, "received", "")],
        ..Dataset::default()
    };
    let mut renamed = office;
    renamed.name = "株洲市石峰区人民法院".into();
    let next = Dataset {
        offices: vec![renamed],
        cases: vec![case(2, "resolved", "")],
        ..Dataset::default()
    };
    let mut touched = PerKind::<Vec<usize>>::default();
    touched.offices.push(0);
    touched.cases.push(0);
    let file = FileNamed {
        file: "台账-石峰区.json".into(),
        sha256: "ab".repeat(32),
        sender: Some("430204-committee".into()),
    };
    let how = How::Import(file.clone());
    let kept = of_import(&previous, &next, &touched, &at(), &how).revisions();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0].how, how);
    assert_eq!(
        kept[0].changes,
        [change("status", Some(json!("received")), json!("resolved"))]
    );

    let undone = kept[0].undone(&at(), &How::Undo(file));
    assert_eq!(
        undone.changes,
        [change("status", Some(json!("resolved")), json!("received"))]
    );
    assert_eq!((undone.from_revision, undone.revision), (Some(2), 1));
}

#[test]
fn values_read_as_people_read_them() {
    use taizhang_core::ledgers::history::{field_label, shown, Shown};
    use taizhang_core::Lang;
    assert_eq!(
        shown(Kind::Cases, "status", Some(&json!("verifying")), Lang::Zh),
        Shown::Text("核查中".into())
    );
    assert_eq!(
        shown(Kind::Cases, "status", Some(&json!("verifying")), Lang::En),
        Shown::Text("Verifying".into())
    );
    assert_eq!(
        shown(
            Kind::Cases,
            "office",
            Some(&json!("430204-court")),
            Lang::Zh
        ),
        Shown::Office("430204-court".into())
    );
    assert_eq!(
        shown(Kind::Cases, "notes", Some(&json!("")), Lang::Zh),
        Shown::Empty
    );
    assert_eq!(shown(Kind::Cases, "deadline", None, Lang::Zh), Shown::Empty);
    assert_eq!(
        shown(Kind::Cases, "deleted", Some(&json!(true)), Lang::Zh),
        Shown::Yes
    );
    assert_eq!(
        field_label(Kind::Cases, "received_on", Lang::Zh),
        "受理日期"
    );
}
