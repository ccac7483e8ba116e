//! Reach: which offices and rows a signer may write here, where a signer
//! new to this copy hangs, and a second key for an office named.

use crate::support::{case, key, named, office};
use taizhang_core::exchange;
use taizhang_core::reporting::approval::{check_taken, Action, Approval};
use taizhang_core::reporting::Month;
use taizhang_core::trust::{conflicts, judge_reach, Sender, Signer, Trust};
use taizhang_core::{Dataset, Timestamp};

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
