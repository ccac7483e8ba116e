//! Locked months: times compared as instants, a lock broken by moving or
//! removing an office, imports into a locked month refused, and approvals
//! given to the millisecond.

use crate::support::{approval_at, case, named, office};
use taizhang_core::exchange;
use taizhang_core::reporting::approval::{Action, Approval, Locks};
use taizhang_core::{Dataset, Day, Office};

#[test]
fn times_are_instants_latest_wins_and_on_equal_instants_the_approval() {
    let offices = vec![office("city", None), office("district", Some("city"))];
    let day = Day::parse("2021-04-10").expect("day");
    let today = Day::parse("2021-06-01").expect("today");
    let locked = |taken: &[Approval]| {
        Locks::new(taken, &[], &offices, Some("district"), None, 5, today)
            .of("district", day)
            .is_some()
    };
    let approve = approval_at(Action::Approve, "2021-05-10T00:00:00Z");
    // The same instant, written in Beijing time: the approval wins, in either order.
    let reopen_same = approval_at(Action::Reopen, "2021-05-10T08:00:00+08:00");
    assert!(locked(&[approve.clone(), reopen_same.clone()]));
    assert!(locked(&[reopen_same, approve.clone()]));
    // One second later, though it sorts earlier as text: the reopen wins.
    let reopen_later = approval_at(Action::Reopen, "2021-05-10T08:00:01.5+08:00");
    assert!(!locked(&[approve.clone(), reopen_later.clone()]));
    // Given approvals never open a month taken from above.
    let given_reopen = Locks::new(
        &[approve],
        &[reopen_later],
        &offices,
        Some("district"),
        None,
        5,
        today,
    );
    assert!(given_reopen.of("district", day).is_some());
}

#[test]
fn removing_or_moving_an_office_out_of_a_locked_month_breaks_the_lock() {
    let offices = vec![
        office("city", None),
        office("district", Some("city")),
        office("court", Some("district")),
        office("other", Some("city")),
    ];
    let data = Dataset {
        offices: offices.clone(),
        cases: vec![case(1, "court", 1, false)],
        ..Dataset::default()
    };
    let today = Day::parse("2021-06-01").expect("today");
    let approve = approval_at(Action::Approve, "2021-05-10T00:00:00Z");
    let locks_over = |offices: &[Office]| {
        Locks::new(
            std::slice::from_ref(&approve),
            &[],
            offices,
            Some("district"),
            None,
            5,
            today,
        )
    };
    let before = locks_over(&offices);
    // The court moved under another district: its April leaves the lock.
    let mut moved = offices.clone();
    moved[2] = office("court", Some("other"));
    assert!(before
        .broken_by(&locks_over(&moved), &data, &data)
        .is_some());
    // Moved within the district's tree: the month's records stay as approved.
    let mut within = offices.clone();
    within.push(office("tribunal", Some("district")));
    within[2] = office("court", Some("tribunal"));
    assert!(before
        .broken_by(&locks_over(&within), &data, &data)
        .is_none());
    // Removed with its records.
    let removed = Dataset {
        offices: offices[..2].to_vec(),
        ..Dataset::default()
    };
    assert!(before
        .broken_by(&locks_over(&removed.offices), &data, &removed)
        .is_some());
}

#[test]
fn an_import_that_adds_an_office_with_a_record_in_a_locked_month_or_moves_one_out_is_refused() {
    use taizhang_core::reporting::approval::{locked_changes, offices_after};
    let offices = vec![
        office("city", None),
        office("district", Some("city")),
        office("court", Some("district")),
        office("other", Some("city")),
    ];
    let local = Dataset {
        offices: offices.clone(),
        cases: vec![case(1, "court", 1, false)],
        ..Dataset::default()
    };
    let today = Day::parse("2021-06-01").expect("today");
    let approve = approval_at(Action::Approve, "2021-05-10T00:00:00Z");
    let locks_over = |o: &[Office]| {
        Locks::new(
            std::slice::from_ref(&approve),
            &[],
            o,
            Some("district"),
            None,
            5,
            today,
        )
    };
    let check = |incoming: &Dataset| {
        let plan = exchange::plan(&local, incoming);
        let after = offices_after(&local, incoming, &plan);
        locked_changes(
            &locks_over(&local.offices),
            &locks_over(&after),
            &local,
            incoming,
            &plan,
            &named,
        )
        .into_iter()
        .map(|e| e.pointer)
        .collect::<Vec<_>>()
    };
    // A new unit under the district with an April case.
    let new_unit = Dataset {
        offices: vec![office("unit", Some("district"))],
        cases: vec![case(2, "unit", 1, false)],
        ..Dataset::default()
    };
    assert_eq!(check(&new_unit), vec!["/cases/0"]);
    // The court moved under another district: its April leaves the lock.
    let moved = Dataset {
        offices: vec![office("court", Some("other"))],
        ..Dataset::default()
    };
    assert_eq!(check(&moved), vec!["/offices/0"]);
    // A new unit elsewhere, with an April case: no lock there.
    let elsewhere = Dataset {
        offices: vec![office("unit", Some("other"))],
        cases: vec![case(2, "unit", 1, false)],
        ..Dataset::default()
    };
    assert!(check(&elsewhere).is_empty());
}

#[test]
fn an_approval_is_given_to_the_millisecond() {
    use taizhang_core::base::day::Instant;
    let at = Instant::from_unix_millis(1_620_604_800_123);
    assert_eq!(at.as_str(), "2021-05-10T00:00:00.123Z");
    assert!(Instant::from_unix_millis(1_620_604_800_124) > at);
    assert_eq!(
        Instant::from_unix_millis(0).as_str(),
        "1970-01-01T00:00:00.000Z"
    );
}
