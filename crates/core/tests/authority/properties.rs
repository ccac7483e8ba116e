//! The rules over generated trees, each against the oracle: a row is taken
//! exactly when its office is within reach, a roster vouches downward only,
//! an approval comes only from a key trusted strictly above.

use crate::support::{case, forest, key, named, tree, under};
use proptest::prelude::*;
use taizhang_core::exchange;
use taizhang_core::reporting::approval::{check_taken, Action, Approval};
use taizhang_core::reporting::Month;
use taizhang_core::trust::{entries_out_of_reach, judge_reach, Roster, Sender, Signer, Trust};
use taizhang_core::{Dataset, Timestamp};

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
