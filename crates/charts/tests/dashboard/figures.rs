//! The figures: rolled up the office tree with rates from sums, overdue as
//! of today, periods cut by date, the sample's own figures, and the phase
//! calendar each office follows.

use crate::support::{at, day, tree_dataset};
use taizhang_core::figures::dashboard::{kpis, Scope};
use taizhang_core::ledgers::sample;
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::*;

#[test]
fn figures_roll_up_the_tree_and_rates_come_from_sums() {
    let data = tree_dataset();
    let tree = OfficeTree::new(&data.offices);
    let today = day("2021-06-01");
    let scope = |code: &str| Scope::new(&data, &tree, code, None, None, today);

    let a = kpis(&data, &scope("county-a"));
    assert_eq!((a.received, a.resolved, a.overdue, a.open), (3, 1, 1, 2));
    assert_eq!((a.sessions, a.participants, a.headcount), (1, 15, 20));
    let b = kpis(&data, &scope("county-b"));
    assert_eq!(
        (b.received, b.resolved, b.overdue),
        (1, 1, 0),
        "the tombstone is not counted"
    );
    assert_eq!(b.collectives, 1);

    let city = kpis(&data, &scope("city"));
    assert_eq!(
        (city.received, city.resolved, city.overdue, city.open),
        (5, 2, 1, 3)
    );
    assert_eq!(
        city.resolution_rate(),
        Some(2.0 / 5.0),
        "2 of 5, not the mean of 1/3, 1/1 and 0/1"
    );
    assert_ne!(city.resolution_rate(), Some((1.0 / 3.0 + 1.0 + 0.0) / 3.0));
    assert_eq!((city.individuals, city.collectives), (2, 1));
    assert_eq!(
        (city.sessions, city.participants, city.headcount),
        (3, 60, 80)
    );
    assert_eq!(city.participants_per_officer(), Some(60.0 / 80.0));
    assert_eq!(city.average_days_to_resolve(), Some((19.0 + 10.0) / 2.0));

    let province = kpis(&data, &scope("province"));
    assert_eq!(
        province,
        kpis(&data, &scope("")),
        "the root's subtree is everything"
    );
    assert_eq!(
        (province.sessions, province.participants, province.headcount),
        (4, 160, 180)
    );
    // The roll-up equals the sum of the parts.
    let own = kpis(
        &data,
        &Scope {
            offices: Some(["province".to_owned()].into()),
            from: None,
            to: None,
            today,
            approved: None,
        },
    );
    let parts = own
        .plus(&kpis(
            &data,
            &Scope {
                offices: Some(["city".to_owned()].into()),
                from: None,
                to: None,
                today,
                approved: None,
            },
        ))
        .plus(&a)
        .plus(&b);
    assert_eq!(parts, province);
}

#[test]
fn overdue_is_as_of_today_and_periods_cut_by_date() {
    let data = tree_dataset();
    let tree = OfficeTree::new(&data.offices);
    let before_deadline = kpis(
        &data,
        &Scope::new(&data, &tree, "", None, None, day("2021-04-30")),
    );
    assert_eq!(
        before_deadline.overdue, 0,
        "the deadline day itself is not overdue"
    );
    let after = kpis(
        &data,
        &Scope::new(&data, &tree, "", None, None, day("2021-05-02")),
    );
    assert_eq!(after.overdue, 1);
    // April only: cases received in April; one resolved in April.
    let april = kpis(
        &data,
        &Scope::new(
            &data,
            &tree,
            "",
            Some(day("2021-04-01")),
            Some(day("2021-04-30")),
            day("2021-06-01"),
        ),
    );
    assert_eq!((april.received, april.resolved, april.sessions), (3, 2, 1));
    // A case resolved after the period's end was still open in it.
    let early = kpis(
        &data,
        &Scope::new(
            &data,
            &tree,
            "",
            Some(day("2021-04-01")),
            Some(day("2021-04-16")),
            day("2021-06-01"),
        ),
    );
    assert_eq!((early.received, early.resolved), (3, 1));
}

#[test]
fn the_sample_shows_the_sources_figures() {
    let data = sample::dataset(&at());
    let tree = OfficeTree::new(&data.offices);
    let k = kpis(
        &data,
        &Scope::new(
            &data,
            &tree,
            sample::DISTRICT,
            None,
            None,
            day("2021-06-01"),
        ),
    );
    assert_eq!(k.sessions, 227);
    assert_eq!((k.individuals, k.collectives), (26, 6));
    assert_eq!(k.headcount, 458);
    assert_eq!((k.received, k.resolved), (260, 73));
}

#[test]
fn offices_follow_the_nearest_phase_calendar_above_them() {
    use taizhang_core::figures::phases::phases_for;
    let data = sample::dataset(&at());
    let tree = OfficeTree::new(&data.offices);
    let plans = sample::phases();
    let court = phases_for(&plans, &data.offices, &tree, "430204-court");
    assert_eq!(court.len(), 3, "the court follows the city's calendar");
    assert_eq!(court[0].phase, Phase::Study);
    assert!(
        phases_for(&plans, &data.offices, &tree, "430000-committee").is_empty(),
        "the province has none"
    );
    let mut own = plans.clone();
    own.push(taizhang_core::figures::phases::PhaseDates {
        office: "430204-court".into(),
        phase: Phase::Review,
        from: day("2021-09-01"),
        to: day("2021-09-30"),
    });
    assert_eq!(
        phases_for(&own, &data.offices, &tree, "430204-court").len(),
        1,
        "its own dates win"
    );
}
