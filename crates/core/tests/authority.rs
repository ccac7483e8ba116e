//! Who may speak for whom (trust-format §6), over generated trees: a row is
//! accepted exactly when its office (and the office of the record it would
//! overwrite) lies within its signer's reach in the receiving copy's own
//! tree; a roster vouches downward only; an approval comes only from a key
//! trusted strictly above, never this copy's own, and not from the future;
//! only a reopen opens a month. The oracle below walks parents by hand and
//! shares no code with the rules it checks.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::json;
use taizhang_core::exchange;
use taizhang_core::reporting::approval::{check_taken, Action, Approval, Locks};
use taizhang_core::reporting::Month;
use taizhang_core::trust::{
    conflicts, entries_out_of_reach, judge_reach, PublicJwk, Roster, Sender, Signer, Trust,
    TrustedKey,
};
use taizhang_core::{Case, Dataset, Day, Office, Timestamp};

fn office(code: &str, parent: Option<&str>) -> Office {
    serde_json::from_value(json!({
        "code": code, "name": code, "level": "county", "system": "committee",
        "parent": parent, "headcount": null
    }))
    .expect("an office")
}

fn case(n: usize, office: &str, revision: u32, deleted: bool) -> Case {
    serde_json::from_value(json!({
        "id": format!("00000000-0000-4000-8000-{n:012}"), "office": office,
        "revision": revision, "updated_at": "2021-04-20T08:00:00Z", "deleted": deleted,
        "reference": format!("R{n}"), "source": "public_report",
        "category": "interference", "received_on": "2021-04-10",
        "deadline": null, "status": "received", "resolved_on": null,
        "outcome": null, "notes": ""
    }))
    .expect("a case")
}

/// A forest of `parents.len()` offices `o0…`: office i's parent is an
/// office before it, or none.
fn tree(parents: &[Option<usize>]) -> Vec<Office> {
    parents
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let parent = p.filter(|&p| p < i).map(|p| format!("o{p}"));
            office(&format!("o{i}"), parent.as_deref())
        })
        .collect()
}

/// The oracle: whether `office` is `ancestor` or under it, by walking parents.
fn under(offices: &[Office], office: &str, ancestor: &str) -> bool {
    let mut current = Some(office.to_owned());
    for _ in 0..=offices.len() {
        match current {
            Some(code) if code == ancestor => return true,
            Some(code) => {
                current = offices
                    .iter()
                    .find(|o| o.code == code)
                    .and_then(|o| o.parent.clone())
            }
            None => return false,
        }
    }
    false
}

fn named(code: &str) -> String {
    code.to_owned()
}

fn forest() -> impl Strategy<Value = Vec<Option<usize>>> {
    prop::collection::vec(prop::option::weighted(0.8, 0usize..12), 2..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A row is refused exactly when its office, or the office of the record
    /// it would overwrite here, is outside the signer's reach; a row for an
    /// office unknown here is refused too.
    #[test]
    fn a_row_is_taken_exactly_when_its_office_is_within_reach(
        parents in forest(),
        signer in 0usize..12,
        rows in prop::collection::vec((0usize..14, any::<bool>(), 0usize..6), 1..20),
        held in prop::collection::vec(0usize..14, 0..6),
    ) {
        let offices = tree(&parents);
        let signer = format!("o{}", signer % offices.len());
        let code = |i: usize| format!("o{i}"); // o12, o13 are unknown here
        let local = Dataset {
            offices: offices.clone(),
            cases: held.iter().enumerate().map(|(n, &o)| case(n, &code(o), 1, false)).collect(),
            ..Dataset::default()
        };
        // Rows whose number is below `held.len()` overwrite a record held here.
        let incoming = Dataset {
            offices: Vec::new(),
            cases: rows.iter().map(|&(o, deleted, n)| case(n, &code(o), 9, deleted)).collect(),
            ..Dataset::default()
        };
        let plan = exchange::plan(&local, &incoming);
        let reach = judge_reach(&local, &incoming, &plan, Signer { office: &signer, vouched_by: None }, &named);
        let mut expected: Vec<String> = Vec::new();
        for (i, &(o, _, n)) in rows.iter().enumerate() {
            let own = under(&offices, &code(o), &signer);
            let theirs = held.get(n).is_none_or(|&h| under(&offices, &code(h), &signer));
            if !(own && theirs) {
                expected.push(format!("/cases/{i}"));
            }
        }
        let mut refused: Vec<String> = reach.refused.iter().map(|e| e.pointer.clone()).collect();
        refused.sort();
        expected.sort();
        prop_assert_eq!(refused, expected);
    }

    /// A roster is refused exactly at the entries for offices outside its
    /// issuer's tree here.
    #[test]
    fn a_roster_vouches_for_its_issuer_and_the_offices_under_it_only(
        parents in forest(),
        issuer in 0usize..12,
        entries in prop::collection::vec(0usize..14, 0..8),
    ) {
        let offices = tree(&parents);
        let issuer = format!("o{}", issuer % offices.len());
        let roster = Roster {
            format: "taizhang-roster".into(),
            version: 1,
            issued_by: issuer.clone(),
            issued_at: Timestamp::parse("2021-05-01T00:00:00Z").expect("time"),
            keys: entries.iter().map(|&o| key(&format!("o{o}"), "k")).collect(),
        };
        let refused: Vec<String> = entries_out_of_reach(&roster, &offices, &named)
            .into_iter()
            .map(|e| e.pointer)
            .collect();
        let expected: Vec<String> = entries
            .iter()
            .enumerate()
            // An office unknown here (o12, o13 and beyond the tree) is vouched for, not refused.
            .filter(|(_, &o)| o < offices.len() && !under(&offices, &format!("o{o}"), &issuer))
            .map(|(i, _)| format!("/keys/{i}"))
            .collect();
        prop_assert_eq!(refused, expected);
    }

    /// An approval is taken exactly when it is for this office, signed by a
    /// key verified for the office it names as approver, that office
    /// strictly above this one here, the key not this copy's own, and its
    /// time not more than a day past this copy's clock.
    #[test]
    fn an_approval_is_taken_only_from_a_trusted_key_strictly_above(
        parents in forest(),
        own in 0usize..12,
        // How far above this office the approver stands (0: itself), or any office.
        up in prop::option::weighted(0.8, 0usize..4),
        any_by in 0usize..12,
        signed_as_by in prop::bool::weighted(0.8),
        any_signer in 0usize..12,
        verified in prop::bool::weighted(0.8),
        own_key in prop::bool::weighted(0.3),
        hours_ahead in -48i64..48,
    ) {
        let offices = tree(&parents);
        let n = offices.len();
        let own = format!("o{}", own % n);
        let by = match up {
            Some(steps) => {
                let mut code = own.clone();
                for _ in 0..steps {
                    let parent = offices.iter().find(|o| o.code == code).and_then(|o| o.parent.clone());
                    if let Some(parent) = parent { code = parent; }
                }
                code
            }
            None => format!("o{}", any_by % n),
        };
        let signed_as = if signed_as_by { by.clone() } else { format!("o{}", any_signer % n) };
        let now = Timestamp::parse("2021-05-10T00:00:00Z").expect("now");
        let at = Timestamp::from_unix_millis(1_620_604_800_000 + hours_ahead * 3_600_000);
        let approval = Approval::new(&own, Month::parse("2021-04").expect("month"), Action::Approve, &by, at, "0".repeat(64), String::new());
        let sender = Sender {
            trust: if verified { Trust::Verified } else { Trust::Unknown },
            key: Some(key(&signed_as, "k")),
            own: own_key,
        };
        let taken = check_taken(&approval, &sender, Some(&own), &offices, &now).is_ok();
        let expected = verified && !own_key && signed_as == by && by != own
            && under(&offices, &own, &by) && hours_ahead <= 24;
        prop_assert_eq!(taken, expected);
    }
}

fn key(office: &str, kid: &str) -> TrustedKey {
    TrustedKey {
        office: office.into(),
        kid: kid.into(),
        jwk: PublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: String::new(),
            y: String::new(),
        },
        from: None,
        since: None,
        vouched_by: None,
    }
}

#[test]
fn offices_outside_the_reach_are_not_taken_and_new_ones_only_under_it() {
    let local = Dataset {
        offices: vec![
            office("city", None),
            office("district", Some("city")),
            office("court", Some("district")),
            office("procuratorate", Some("district")),
        ],
        ..Dataset::default()
    };
    let incoming = Dataset {
        offices: vec![
            office("city", None),                       // context, outside
            office("court", Some("city")),              // would move itself
            office("tribunal", Some("court")),          // new, under the court
            office("elsewhere", Some("procuratorate")), // new, outside
            office("procuratorate", Some("court")),     // outside
        ],
        ..Dataset::default()
    };
    let plan = exchange::plan(&local, &incoming);
    let court = Signer {
        office: "court",
        vouched_by: None,
    };
    let reach = judge_reach(&local, &incoming, &plan, court, &named);
    assert!(reach.refused.is_empty());
    assert_eq!(reach.offices_outside, vec![0, 1, 3, 4]);
    let mut restricted = plan.clone();
    reach.restrict(&mut restricted);
    // Only the tribunal is written; the others stay in the counts, unchanged.
    let written: Vec<usize> = restricted
        .get(taizhang_core::Kind::Offices)
        .items
        .iter()
        .filter(|i| i.outcome != exchange::Outcome::Unchanged)
        .map(|i| i.incoming)
        .collect();
    assert_eq!(written, vec![2]);
    assert_eq!(restricted.get(taizhang_core::Kind::Offices).items.len(), 5);
}

#[test]
fn a_second_key_for_an_office_is_named_with_both_fingerprints() {
    let trusted = [key("court", "old")];
    let found = conflicts(
        &[key("court", "new"), key("court", "old"), key("jail", "x")],
        &trusted,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].held.as_str(), found[0].new.as_str()),
        ("old", "new")
    );
}

fn approval_at(action: Action, at: &str) -> Approval {
    let mut approval = Approval::new(
        "district",
        Month::parse("2021-04").expect("month"),
        action,
        "city",
        Timestamp::parse("2021-05-10T00:00:00Z").expect("time"),
        "0".repeat(64),
        String::new(),
    );
    approval.at = serde_json::from_value(json!(at)).expect("an instant");
    approval
}

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
fn a_signer_new_here_hangs_only_under_the_roster_that_vouched_for_it_or_where_this_copy_knows_nothing(
) {
    let local = Dataset {
        offices: vec![
            office("province", None),
            office("city", Some("province")),
            office("other", Some("province")),
        ],
        ..Dataset::default()
    };
    let incoming = Dataset {
        offices: vec![
            office("province", None),          // known: context, not taken
            office("city", Some("province")),  // known: context, not taken
            office("district", Some("city")),  // new, the signer
            office("court", Some("district")), // new, under the signer
            office("sibling", Some("city")),   // new, outside
        ],
        cases: vec![case(1, "court", 1, false)],
        ..Dataset::default()
    };
    let plan = exchange::plan(&local, &incoming);
    // Trusted on the user's word: never hung under an office this copy holds.
    let on_word = Signer {
        office: "district",
        vouched_by: None,
    };
    let reach = judge_reach(&local, &incoming, &plan, on_word, &named);
    assert_eq!(reach.refused.len(), 1, "its court's case is out of reach");
    assert_eq!(reach.offices_outside, vec![0, 1, 2, 3, 4]);
    // Vouched for by the city's roster: it lands under the city, taken.
    let by_city = Signer {
        office: "district",
        vouched_by: Some("city"),
    };
    assert_eq!(
        judge_reach(&local, &incoming, &plan, by_city, &named).offices_outside,
        vec![0, 1, 4]
    );
    // Vouched for by another office's roster: it may not hang under the city.
    let by_other = Signer {
        office: "district",
        vouched_by: Some("other"),
    };
    let reach = judge_reach(&local, &incoming, &plan, by_other, &named);
    assert_eq!(reach.refused.len(), 1, "its court's case is out of reach");
    assert_eq!(reach.offices_outside, vec![0, 1, 2, 3, 4]);
    // An empty copy takes the chain above a signer once, as the file places it.
    let empty = Dataset::default();
    let plan = exchange::plan(&empty, &incoming);
    let reach = judge_reach(&empty, &incoming, &plan, on_word, &named);
    assert!(reach.refused.is_empty());
    assert_eq!(reach.offices_outside, vec![4]);
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
fn a_key_vouched_for_by_a_roster_speaks_only_while_its_office_stands_under_the_issuer() {
    // The district's roster vouched for "province" while this copy did not
    // know it; since then the province is known, above the district.
    let local = Dataset {
        offices: vec![
            office("province", None),
            office("city", Some("province")),
            office("district", Some("city")),
        ],
        cases: vec![case(1, "district", 1, false)],
        ..Dataset::default()
    };
    let incoming = Dataset {
        cases: vec![case(1, "district", 9, true)],
        ..Dataset::default()
    };
    let plan = exchange::plan(&local, &incoming);
    let vouched = Signer {
        office: "province",
        vouched_by: Some("district"),
    };
    assert_eq!(
        judge_reach(&local, &incoming, &plan, vouched, &named)
            .refused
            .len(),
        1
    );
    let on_word = Signer {
        office: "province",
        vouched_by: None,
    };
    assert!(judge_reach(&local, &incoming, &plan, on_word, &named)
        .refused
        .is_empty());
    // Nor does it approve or send back.
    let approval = Approval::new(
        "district",
        Month::parse("2021-04").expect("month"),
        Action::Reopen,
        "province",
        Timestamp::parse("2021-05-10T00:00:00Z").expect("time"),
        "0".repeat(64),
        String::new(),
    );
    let mut vouched_key = key("province", "k");
    vouched_key.vouched_by = Some("district".into());
    let sender = Sender {
        trust: Trust::Verified,
        key: Some(vouched_key),
        own: false,
    };
    let now = Timestamp::parse("2021-05-11T00:00:00Z").expect("now");
    assert!(check_taken(&approval, &sender, Some("district"), &local.offices, &now).is_err());
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
