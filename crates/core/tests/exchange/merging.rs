//! Merging a file into a copy: the contract's outcomes, choices that would
//! loop the office tree, and properties over generated provinces.

use crate::support::{at, file_of, import, keep_mine};
use proptest::prelude::*;
use taizhang_catalogue::Worded;
use taizhang_core::exchange::{apply, plan, read, Choice, Outcome};
use taizhang_core::ledgers::edit::tombstone;
use taizhang_core::ledgers::generate;
use taizhang_core::ledgers::sample;
use taizhang_core::ledgers::validate;
use taizhang_core::*;

#[test]
fn merge_follows_the_contract() {
    let t = |s| at(s);
    let base = sample::dataset(&t("2021-05-01T00:00:00Z"));
    let mut theirs = base.clone();
    theirs.cases[0].notes = "更新了".into();
    theirs.cases[0].revision = 2; // updated
    theirs.cases[1] = tombstone(&theirs.cases[1], t("2021-05-02T00:00:00Z")); // deleted
    theirs.cases[2].notes = "他们的".into(); // same revision, different: conflict
    let mut mine = base.clone();
    mine.cases[3].revision = 5; // mine is newer: theirs is stale
    mine.cases[3].notes = "我的新版".into();
    let mut extra = theirs.cases[4].clone();
    extra.id = uuid::Uuid::new_v4(); // new
    theirs.cases.push(extra.clone());
    theirs.offices[1].name = "改名".into(); // office conflict

    let incoming = read(file_of(&theirs).as_bytes())
        .expect("valid")
        .into_dataset();
    let p = plan(&mine, &incoming);
    assert_eq!(p.cases.count(Outcome::Updated), 1);
    assert_eq!(p.cases.count(Outcome::Deleted), 1);
    assert_eq!(p.cases.count(Outcome::Conflict), 1);
    assert_eq!(p.cases.count(Outcome::Stale), 1);
    assert_eq!(p.cases.count(Outcome::New), 1);
    assert_eq!(p.cases.count(Outcome::Unchanged), base.cases.len() - 4);
    assert_eq!(p.offices.count(Outcome::Conflict), 1);

    let (kept, touched) = apply(&mine, &incoming, &p, &keep_mine).expect("a tree");
    assert_eq!(kept.cases[0].notes, "更新了");
    assert!(kept.cases[1].deleted);
    assert_eq!(kept.cases[2].notes, "", "conflict: mine kept");
    assert_eq!(kept.cases[3].notes, "我的新版", "stale: mine kept");
    assert_eq!(kept.cases.last(), Some(&extra));
    assert_eq!(kept.offices[1].name, base.offices[1].name);
    assert_eq!(touched.cases, vec![0, 1, base.cases.len()]);
    let (taken, _) = apply(&mine, &incoming, &p, &|_, _| Choice::TakeTheirs).expect("a tree");
    assert_eq!(taken.cases[2].notes, "他们的");
    assert_eq!(taken.offices[1].name, "改名");
}

#[test]
fn conflict_choices_that_would_loop_the_office_tree_are_refused() {
    // Here: B under A. The file: A under B. Taking their A and keeping my B would
    // make each the other's parent; every other choice is a tree.
    let mut mine = sample::dataset(&at("2021-05-01T00:00:00Z"));
    mine.offices
        .retain(|o| o.code == "430204-committee" || o.code == "430204-court");
    mine.training_sessions.clear();
    mine.honoured_models.clear();
    mine.cases.clear();
    mine.offices[0].parent = None;
    mine.offices[1].parent = Some("430204-committee".into());
    let mut theirs = mine.clone();
    theirs.offices[0].parent = Some("430204-court".into());
    theirs.offices[1].parent = None;
    let incoming = read(file_of(&theirs).as_bytes())
        .expect("valid")
        .into_dataset();
    let p = plan(&mine, &incoming);
    assert_eq!(p.offices.count(Outcome::Conflict), 2);
    let take_committee = |_: Kind, i: usize| {
        if incoming.offices[i].code == "430204-committee" {
            Choice::TakeTheirs
        } else {
            Choice::KeepMine
        }
    };
    let refused = apply(&mine, &incoming, &p, &take_committee).expect_err("a cycle");
    assert_eq!(refused.offices(), ["430204-committee", "430204-court"]);
    assert!(refused.message().zh.contains("循环"));
    for uniform in [Choice::KeepMine, Choice::TakeTheirs] {
        let (merged, _) = apply(&mine, &incoming, &p, &|_, _| uniform).expect("a tree");
        assert!(validate::validate_office_tree(&merged.offices).is_empty());
    }
}

fn dataset_strategy() -> impl Strategy<Value = Dataset> {
    (any::<u64>(), 0usize..300).prop_map(|(seed, n)| generate::province(n, seed))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn export_import_export_is_the_identity(data in dataset_strategy()) {
        let first = file_of(&data);
        let imported = import(&Dataset::default(), &first, &keep_mine);
        prop_assert_eq!(&imported, &data);
        prop_assert_eq!(file_of(&imported), first);
    }

    #[test]
    fn importing_the_same_file_twice_changes_nothing_the_second_time(local in dataset_strategy(), other in dataset_strategy()) {
        let file = file_of(&other);
        let once = import(&local, &file, &keep_mine);
        let incoming = read(file.as_bytes()).expect("valid").into_dataset();
        let again = plan(&once, &incoming);
        prop_assert!(!again.changes_something() || again.count(Outcome::Conflict) > 0);
        prop_assert_eq!(import(&once, &file, &keep_mine), once);
    }

    #[test]
    fn files_without_conflicts_import_in_any_order(seed_a in any::<u64>(), seed_b in any::<u64>(), n in 0usize..200) {
        // Two offices' files with disjoint records (different seeds) over the same offices.
        let a = generate::province(n, seed_a);
        let mut b = generate::province(n / 2 + 1, seed_b);
        b.offices = a.offices.clone();
        let (fa, fb) = (file_of(&a), file_of(&b));
        let ab = import(&import(&Dataset::default(), &fa, &keep_mine), &fb, &keep_mine);
        let ba = import(&import(&Dataset::default(), &fb, &keep_mine), &fa, &keep_mine);
        let sorted = |d: &Dataset| {
            let mut ids: Vec<(uuid::Uuid, u32)> = d.training_sessions.iter().map(|r| (r.id, r.revision))
                .chain(d.honoured_models.iter().map(|r| (r.id, r.revision)))
                .chain(d.cases.iter().map(|r| (r.id, r.revision))).collect();
            ids.sort();
            ids
        };
        prop_assert_eq!(sorted(&ab), sorted(&ba));
        prop_assert_eq!(&ab.offices, &ba.offices);
    }
}
