//! Records over their life (created, edited, deleted), forms, the office tree and lists.
#![cfg(not(target_arch = "wasm32"))]

use taizhang_core::ledgers::edit::{created, edited, tombstone};
use taizhang_core::ledgers::entries::{blank_office_form, office_from_form, Entry};
use taizhang_core::ledgers::form::FormValues;
use taizhang_core::ledgers::generate;
use taizhang_core::ledgers::query::{self, ListQuery};
use taizhang_core::ledgers::sample;
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::ledgers::validate;
use taizhang_core::*;

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("timestamp")
}

fn all_offices(_: &str) -> bool {
    true
}

fn case_form(pairs: &[(&'static str, &str)]) -> FormValues {
    let mut form = Case::blank_form("430204-court");
    for (k, v) in pairs {
        form.insert(k, (*v).to_owned());
    }
    form
}

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

fn office(code: &str, parent: Option<&str>) -> Office {
    Office {
        code: code.into(),
        name: code.into(),
        level: OfficeLevel::County,
        system: OfficeSystem::Court,
        parent: parent.map(Into::into),
        headcount: None,
    }
}

#[test]
fn the_tree_walks_parents_before_children_and_finds_subtrees() {
    let offices = vec![
        office("county-b", Some("city")),
        office("province", None),
        office("city", Some("province")),
        office("county-a", Some("city")),
        office("orphan", Some("missing")),
    ];
    let tree = OfficeTree::new(&offices);
    let walk: Vec<(&str, usize)> = tree
        .walk()
        .into_iter()
        .map(|(i, d)| (offices[i].code.as_str(), d))
        .collect();
    assert_eq!(
        walk,
        [
            ("orphan", 0),
            ("province", 0),
            ("city", 1),
            ("county-a", 2),
            ("county-b", 2)
        ]
    );
    let mut under_city: Vec<&str> = tree.subtree_codes(&offices, "city").into_iter().collect();
    under_city.sort();
    assert_eq!(under_city, ["city", "county-a", "county-b"]);
    assert!(tree.subtree("nowhere").is_empty());
    assert!(tree.would_cycle(&offices, "province", "county-a"));
    assert!(!tree.would_cycle(&offices, "county-a", "province"));
}

#[test]
fn a_cycle_in_stored_offices_still_shows_every_office() {
    let offices = vec![office("a", Some("b")), office("b", Some("a"))];
    assert_eq!(OfficeTree::new(&offices).walk().len(), 2);
}

#[test]
fn office_forms_refuse_a_parent_below_the_office() {
    let offices = vec![
        office("province", None),
        office("city", Some("province")),
        office("county", Some("city")),
    ];
    let mut form = taizhang_core::ledgers::entries::office_to_form(&offices[0]);
    form.insert("parent", "county".into());
    let problems = office_from_form(&form, Some("province"), &offices).expect_err("cycle");
    assert_eq!(
        problems.iter().map(|p| p.field).collect::<Vec<_>>(),
        ["parent"]
    );

    let mut fresh = blank_office_form(Some("city"));
    fresh.insert("code", "county".into());
    fresh.insert("name", "另一个".into());
    let problems = office_from_form(&fresh, None, &offices).expect_err("duplicate");
    assert_eq!(
        problems.iter().map(|p| p.field).collect::<Vec<_>>(),
        ["code"]
    );
    fresh.insert("code", "county-2".into());
    let made = office_from_form(&fresh, None, &offices).expect("valid");
    assert_eq!(made.parent.as_deref(), Some("city"));
}

#[test]
fn lists_filter_sort_and_hide_tombstones() {
    let data = sample::dataset(&at("2021-05-01T00:00:00Z"));
    let offices =
        OfficeTree::new(&data.offices).subtree_codes(&data.offices, "430204-public_security");
    let resolved = ListQuery {
        offices: Some(offices.into_iter().map(String::from).collect()),
        category: Some("resolved".into()),
        ..ListQuery::default()
    };
    assert_eq!(query::run(&data.cases, &resolved, Lang::Zh).len(), 71);

    let mut cases = data.cases.clone();
    cases[0] = tombstone(&cases[0], at("2021-05-02T00:00:00Z"));
    let everything = ListQuery::default();
    assert_eq!(
        query::run(&cases, &everything, Lang::Zh).len(),
        data.cases.len() - 1
    );

    let by_received_desc = ListQuery {
        sort: Some((3, true)),
        ..ListQuery::default()
    };
    let order = query::run(&data.cases, &by_received_desc, Lang::Zh);
    assert_eq!(order.len(), 260);
    assert!(order
        .windows(2)
        .all(|w| data.cases[w[0]].received_on >= data.cases[w[1]].received_on));

    let search = ListQuery {
        text: "督交".into(),
        ..ListQuery::default()
    };
    assert_eq!(query::run(&data.cases, &search, Lang::Zh).len(), 4);
    let period = ListQuery {
        from: Day::parse("2021-04-25"),
        to: Day::parse("2021-04-26"),
        ..ListQuery::default()
    };
    // Counted independently of the query code: received on the 25th or 26th of April.
    let in_period: Vec<usize> = (0..data.cases.len())
        .filter(|&i| {
            let text = data.cases[i].received_on.to_string();
            text == "2021-04-25" || text == "2021-04-26"
        })
        .collect();
    assert!(
        in_period.len() > 10,
        "the period holds cases: {}",
        in_period.len()
    );
    let mut found = query::run(&data.cases, &period, Lang::Zh);
    found.sort_unstable();
    assert_eq!(found, in_period);
    assert_eq!(query::page_count(0), 1);
    assert_eq!(query::page(&order, 5).len(), order.len() - 250);
}

#[test]
fn the_sample_holds_the_figures_of_the_source() {
    let data = sample::dataset(&at("2021-05-01T00:00:00Z"));
    let sessions = &data.training_sessions;
    assert_eq!(sessions.len(), 227);
    assert_eq!(
        sessions
            .iter()
            .filter(|s| s.kind == TrainingKind::PartyLesson)
            .count(),
        24
    );
    assert_eq!(
        sessions
            .iter()
            .filter(|s| s.kind == TrainingKind::WarningEducation)
            .count(),
        29
    );
    let individuals = data
        .honoured_models
        .iter()
        .filter(|m| m.kind == ModelKind::Individual)
        .count();
    assert_eq!(individuals, 4 + 22);
    let supervision: Vec<&Case> = data
        .cases
        .iter()
        .filter(|c| c.source == CaseSource::SupervisionGroup)
        .collect();
    assert_eq!(supervision.len(), 4);
    assert_eq!(
        supervision
            .iter()
            .filter(|c| c.status == CaseStatus::Resolved)
            .count(),
        2
    );
    let headcount: u32 = data.offices.iter().filter_map(|o| o.headcount).sum();
    assert_eq!(headcount, 458);
    let known = OfficeTree::new(&data.offices);
    let exists = |c: &str| known.contains(c);
    assert!(
        !data.training_sessions.is_empty()
            && !data.honoured_models.is_empty()
            && !data.cases.is_empty()
    );
    assert!(data
        .training_sessions
        .iter()
        .all(|r| validate::validate_training(r, &exists).is_empty()));
    assert!(data
        .honoured_models
        .iter()
        .all(|r| validate::validate_model(r, &exists).is_empty()));
    assert!(data
        .cases
        .iter()
        .all(|r| validate::validate_case(r, &exists).is_empty()));
    assert!(validate::validate_office_tree(&data.offices).is_empty());
}

#[test]
fn generated_provinces_are_valid_and_deterministic() {
    let data = generate::province(5_000, 7);
    assert_eq!(data.record_count(), 5_000);
    assert_eq!(data, generate::province(5_000, 7));
    assert_ne!(data.cases[0].id, generate::province(5_000, 8).cases[0].id);
    assert!(validate::validate_office_tree(&data.offices).is_empty());
    let tree = OfficeTree::new(&data.offices);
    assert_eq!(tree.walk().len(), data.offices.len());
    let exists = |c: &str| tree.contains(c);
    assert!(
        !data.training_sessions.is_empty()
            && !data.honoured_models.is_empty()
            && !data.cases.is_empty()
    );
    assert!(data
        .training_sessions
        .iter()
        .all(|r| validate::validate_training(r, &exists).is_empty()));
    assert!(data
        .honoured_models
        .iter()
        .all(|r| validate::validate_model(r, &exists).is_empty()));
    assert!(data
        .cases
        .iter()
        .all(|r| validate::validate_case(r, &exists).is_empty()));
    let deleted = data.cases.iter().filter(|c| c.deleted).count();
    assert!(
        (20..120).contains(&deleted),
        "about 2% tombstones: {deleted}"
    );
}

#[test]
fn removing_an_office_takes_its_records_and_tombstones_so_exports_stay_valid() {
    use taizhang_core::exchange::{export, read, to_json, ExportScope};
    use taizhang_core::ledgers::edit::{records_going_with, remove_office, RemoveOfficeError};
    let now = at("2021-06-01T00:00:00Z");
    let mut data = sample::dataset(&now);
    let code = "430204-justice";
    let owned = |d: &Dataset| {
        d.training_sessions
            .iter()
            .filter(|r| r.office == code)
            .count()
            + d.honoured_models
                .iter()
                .filter(|r| r.office == code)
                .count()
            + d.cases.iter().filter(|r| r.office == code).count()
    };
    let live_before = owned(&data);
    assert!(live_before > 0, "the sample's justice bureau has records");
    // One of them deleted earlier: its tombstone must go too.
    let victim = data
        .training_sessions
        .iter()
        .position(|r| r.office == code)
        .expect("a session");
    data.training_sessions[victim] = tombstone(&data.training_sessions[victim], now.clone());

    let going = records_going_with(&data, code).expect("removable");
    assert_eq!(going.offices, 1);
    assert_eq!(
        going.training_sessions + going.honoured_models + going.cases,
        live_before - 1
    );
    let removal = remove_office(&data, code).expect("removable");
    assert_eq!(owned(&removal.data), 0);
    assert!(removal.data.offices.iter().all(|o| o.code != code));
    assert_eq!(
        removal.first_changed.training_sessions,
        data.training_sessions.iter().position(|r| r.office == code)
    );
    let others = |d: &Dataset| d.cases.len() - d.cases.iter().filter(|r| r.office == code).count();
    assert_eq!(
        removal.data.cases.len(),
        others(&data),
        "no other record goes"
    );
    let file = to_json(&export(&removal.data, &ExportScope::default(), now, None));
    assert!(
        read(file.as_bytes()).is_ok(),
        "the export of what is left is a valid file"
    );

    assert_eq!(
        remove_office(&data, "430204-committee"),
        Err(RemoveOfficeError::HasOffices {
            code: "430204-committee".into(),
            count: 4
        })
    );
    assert_eq!(
        remove_office(&data, "nowhere"),
        Err(RemoveOfficeError::Unknown("nowhere".into()))
    );
    assert_eq!(
        records_going_with(&data, "430204-committee").map(|_| ()),
        remove_office(&data, "430204-committee").map(|_| ()),
        "the question and the removal refuse alike"
    );
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
