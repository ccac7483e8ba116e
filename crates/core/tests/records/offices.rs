//! The office tree: walked parents first, cycles shown, a parent below the
//! office refused, and an office removed with its records.

use crate::support::{at, office};
use taizhang_core::ledgers::edit::tombstone;
use taizhang_core::ledgers::entries::{blank_office_form, office_from_form};
use taizhang_core::ledgers::sample;
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::*;

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
