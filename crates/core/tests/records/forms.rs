//! A record's life through its form: created with an id, edited a revision
//! later, deleted as a tombstone; every problem of a form at once; every
//! record reads back from its own form.

use crate::support::{all_offices, at, case_form};
use taizhang_core::ledgers::edit::{created, edited, tombstone};
use taizhang_core::ledgers::entries::Entry;
use taizhang_core::ledgers::sample;
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::*;

#[test]
fn a_new_record_gets_a_uuid_and_revision_1() {
    let form = case_form(&[("reference", "1号"), ("received_on", "2021-04-16")]);
    let a = Case::from_form(&form, None, at("2021-04-16T08:00:00Z"), &all_offices).expect("valid");
    let b = Case::from_form(&form, None, at("2021-04-16T08:00:00Z"), &all_offices).expect("valid");
    assert_eq!(a.revision, 1);
    assert_ne!(a.id, b.id, "each record has its own id");
    assert_eq!(a.id.get_version_num(), 4);
    assert!(!a.deleted);
}

#[test]
fn editing_keeps_the_id_and_raises_the_revision() {
    let form = case_form(&[("reference", "1号"), ("received_on", "2021-04-16")]);
    let first =
        Case::from_form(&form, None, at("2021-04-16T08:00:00Z"), &all_offices).expect("valid");
    let mut changed = first.to_form();
    changed.insert("status", "verifying".into());
    let second = Case::from_form(
        &changed,
        Some(&first),
        at("2021-04-17T08:00:00Z"),
        &all_offices,
    )
    .expect("valid");
    assert_eq!((second.id, second.revision), (first.id, 2));
    assert_eq!(second.updated_at, at("2021-04-17T08:00:00Z"));
    assert_eq!(second.status, CaseStatus::Verifying);
    let again = edited(&second, second.clone(), at("2021-04-18T08:00:00Z"));
    assert_eq!(again.revision, 3);
}

#[test]
fn deleting_keeps_a_tombstone_one_revision_later() {
    let form = case_form(&[("reference", "1号"), ("received_on", "2021-04-16")]);
    let record =
        Case::from_form(&form, None, at("2021-04-16T08:00:00Z"), &all_offices).expect("valid");
    let dead = tombstone(&record, at("2021-05-01T00:00:00Z"));
    assert!(dead.deleted);
    assert_eq!((dead.id, dead.revision), (record.id, 2));
    assert_eq!(dead.reference, record.reference);
    let reborn = created(dead, at("2021-05-02T00:00:00Z"));
    assert_eq!((reborn.revision, reborn.deleted), (1, false));
}

#[test]
fn a_form_reports_every_problem_at_once() {
    let form = case_form(&[
        ("reference", ""),
        ("received_on", "2021-13-01"),
        ("status", "resolved"),
        ("deadline", "soon"),
    ]);
    let problems = Case::from_form(&form, None, at("2021-04-16T08:00:00Z"), &|c: &str| c == "x")
        .expect_err("invalid");
    let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
    for field in [
        "received_on",
        "deadline",
        "office",
        "reference",
        "resolved_on",
        "outcome",
    ] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
}

#[test]
fn numbers_in_forms_must_be_numbers() {
    let mut form = TrainingSession::blank_form("x");
    for (k, v) in [
        ("title", "轮训"),
        ("start_date", "2021-03-15"),
        ("end_date", "2021-03-15"),
        ("participants", "-3"),
        ("hours", "abc"),
    ] {
        form.insert(k, v.into());
    }
    let problems =
        TrainingSession::from_form(&form, None, at("2021-03-15T00:00:00Z"), &all_offices)
            .expect_err("invalid");
    let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, ["participants", "hours"]);
}

#[test]
fn every_record_reads_back_from_its_own_form() {
    use taizhang_core::ledgers::entries::Entry;
    let now = at("2021-06-01T00:00:00Z");
    let mut data = sample::dataset(&at("2021-05-01T00:00:00Z"));
    data.training_sessions[0].hours = Some(2.5);
    data.training_sessions[1].hours = None;
    let tree = OfficeTree::new(&data.offices);
    let exists = |c: &str| tree.contains(c);
    fn same<R: Entry + std::fmt::Debug>(
        records: &[R],
        now: &Timestamp,
        exists: &dyn Fn(&str) -> bool,
    ) {
        assert!(!records.is_empty());
        for record in records {
            let again = R::from_form(&record.to_form(), Some(record), now.clone(), exists)
                .unwrap_or_else(|problems| panic!("{problems:?}"));
            let mut expected = record.clone();
            expected.set_version(record.revision() + 1, now.clone(), false);
            assert_eq!(again, expected, "the form changes nothing but the version");
        }
    }
    same(&data.training_sessions, &now, &exists);
    same(&data.honoured_models, &now, &exists);
    same(&data.cases, &now, &exists);
    assert_eq!(
        taizhang_core::ledgers::entries::office_to_form(&data.offices[2])
            .get("headcount")
            .map(String::as_str),
        Some("18")
    );
}
