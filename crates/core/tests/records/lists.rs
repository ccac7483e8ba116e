//! Lists filtered, sorted and paged without tombstones, and the data they
//! run over: the sample's figures and generated provinces.

use crate::support::at;
use taizhang_core::ledgers::edit::tombstone;
use taizhang_core::ledgers::generate;
use taizhang_core::ledgers::query::{self, ListQuery};
use taizhang_core::ledgers::sample;
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::ledgers::validate;
use taizhang_core::*;

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
