//! Merge properties over files that meet: the second dataset is made by
//! mutating the first (edits with and without a revision bump, deletions,
//! stale copies, reparented and renamed offices, CJK and emoji text,
//! fractional hours), and every result is checked against the contract's
//! rules restated by id in `support/merge_oracle.rs`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/merge_oracle.rs"]
mod merge_oracle;

use merge_oracle::*;
use proptest::prelude::*;
use std::collections::HashMap;
use taizhang_core::exchange::{apply, export, plan, read, to_json, Choice, ExportScope, Outcome};
use taizhang_core::ledgers::generate;
use taizhang_core::*;

fn file_of(data: &Dataset) -> String {
    to_json(&export(
        data,
        &ExportScope::default(),
        Timestamp::from_unix_millis(1_650_000_000_000),
        None,
    ))
}

fn read_back(text: &str) -> Dataset {
    read(text.as_bytes())
        .expect("an exported file is accepted")
        .into_dataset()
}

fn import(local: &Dataset, file: &str, choice: Choice) -> Dataset {
    let incoming = read_back(file);
    let plan = plan(local, &incoming);
    apply(local, &incoming, &plan, &|_, _| choice)
        .expect("uniform choices keep a tree")
        .0
}

/// One change to one record, drawn by proptest.
#[derive(Clone, Debug)]
enum Change {
    Keep,
    /// Left out of the file.
    Omit,
    /// A new revision with new text.
    Edit,
    /// New text at the same revision: a conflict wherever the other side has it unchanged.
    EditInPlace,
    /// A tombstone at the next revision.
    Delete,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => Just(Change::Keep),
        1 => Just(Change::Omit),
        2 => Just(Change::Edit),
        1 => Just(Change::EditInPlace),
        1 => Just(Change::Delete),
    ]
}

/// Text with CJK, emoji, quotes and line breaks: what real notes hold.
fn text() -> impl Strategy<Value = String> {
    "[a-z0-9 台账政法队伍教育整顿😀🎉👮‍♀️“”\"\\\\\n\t]{0,24}"
}

#[derive(Clone, Debug)]
struct Edits {
    changes: Vec<Change>,
    texts: Vec<String>,
    hours: Vec<f64>,
    /// Revisions added by an edit (so two files can edit one record to different revisions).
    step: u32,
    millis: i64,
}

fn edits(step: u32) -> impl Strategy<Value = Edits> {
    (
        prop::collection::vec(change(), 1..64),
        prop::collection::vec(text(), 1..8),
        prop::collection::vec(0.0f64..10_000.0, 1..8),
        0i64..10_000_000_000,
    )
        .prop_map(move |(changes, texts, hours, millis)| Edits {
            changes,
            texts,
            hours,
            step,
            millis,
        })
}

/// What an edit changes in each kind of record.
trait Editable: Record {
    fn rewrite(&mut self, text: &str, hours: f64);
}

impl Editable for TrainingSession {
    fn rewrite(&mut self, text: &str, hours: f64) {
        self.notes = text.into();
        self.title = format!("轮训{text}").chars().take(200).collect();
        self.hours = Some(hours);
    }
}

impl Editable for HonouredModel {
    fn rewrite(&mut self, text: &str, _: f64) {
        self.deeds = text.into();
        self.notes = text.chars().rev().collect();
    }
}

impl Editable for Case {
    fn rewrite(&mut self, text: &str, _: f64) {
        self.notes = text.into();
    }
}

fn mutate<R: Editable>(records: &[R], edits: &Edits, offset: usize) -> Vec<R> {
    let at = Timestamp::from_unix_millis(1_620_000_000_000 + edits.millis);
    records
        .iter()
        .enumerate()
        .filter_map(|(i, record)| {
            let n = i + offset;
            let text = &edits.texts[n % edits.texts.len()];
            let hours = edits.hours[n % edits.hours.len()];
            let mut out = record.clone();
            match edits.changes[n % edits.changes.len()] {
                Change::Keep => {}
                Change::Omit => return None,
                Change::Edit => {
                    out.rewrite(text, hours);
                    out.set_version(
                        record.revision() + edits.step,
                        at.clone(),
                        record.is_deleted(),
                    );
                }
                Change::EditInPlace => out.rewrite(&format!("{text}·改"), hours),
                Change::Delete => out.set_version(record.revision() + edits.step, at.clone(), true),
            }
            Some(out)
        })
        .collect()
}

/// Offices as another copy may have them: some county committees moved under
/// another city, some renamed (each still a tree), none left out.
fn mutate_offices(offices: &[Office], edits: &Edits) -> Vec<Office> {
    let cities: Vec<String> = offices
        .iter()
        .filter(|o| o.level == OfficeLevel::City && o.system == OfficeSystem::Committee)
        .map(|o| o.code.clone())
        .collect();
    offices
        .iter()
        .enumerate()
        .map(|(i, office)| {
            let mut out = office.clone();
            let county_committee =
                office.level == OfficeLevel::County && office.system == OfficeSystem::Committee;
            match edits.changes[i % edits.changes.len()] {
                Change::Edit if county_committee => {
                    out.parent = Some(cities[i % cities.len()].clone())
                }
                Change::EditInPlace => {
                    out.name = format!(
                        "{}（{}）",
                        office.name,
                        edits.texts[i % edits.texts.len()].trim()
                    )
                    .chars()
                    .take(100)
                    .collect()
                }
                _ => {}
            }
            out
        })
        .collect()
}

fn mutated(base: &Dataset, edits: &Edits, new: &Dataset) -> Dataset {
    let mut out = Dataset {
        offices: mutate_offices(&base.offices, edits),
        training_sessions: mutate(&base.training_sessions, edits, 0),
        honoured_models: mutate(&base.honoured_models, edits, 1),
        cases: mutate(&base.cases, edits, 2),
    };
    out.training_sessions
        .extend(new.training_sessions.iter().cloned());
    out.honoured_models
        .extend(new.honoured_models.iter().cloned());
    out.cases.extend(new.cases.iter().cloned());
    out
}

/// Records with ids the base has not (another seed), over the base's offices.
fn fresh(n: usize, seed: u64) -> Dataset {
    generate::province(n, seed ^ 0x5eed)
}

/// Each incoming record's outcome in the plan, by id, for one ledger.
fn planned<R: Record>(
    items: &taizhang_core::exchange::LedgerPlan,
    incoming: &[R],
) -> HashMap<uuid::Uuid, Outcome> {
    items
        .items
        .iter()
        .map(|item| (incoming[item.incoming].id(), item.outcome))
        .collect()
}

fn scenario() -> impl Strategy<Value = (Dataset, Dataset)> {
    (any::<u64>(), 1usize..160, edits(1), edits(1), 0usize..20).prop_map(
        |(seed, n, mine, theirs, added)| {
            let base = generate::province(n, seed);
            let none = Dataset::default();
            // Here: the base with local edits (no offices moved, nothing omitted matters).
            let mut local = mutated(&base, &mine, &none);
            local.offices = base.offices.clone();
            // There: the base with other edits, some of the same records, plus new ones.
            let incoming = mutated(&base, &theirs, &fresh(added, seed));
            (local, incoming)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_plan_and_the_merge_follow_the_contract_record_by_record((local, incoming) in scenario()) {
        let text = file_of(&incoming);
        let incoming = read_back(&text);
        let p = plan(&local, &incoming);
        prop_assert_eq!(planned(&p.training_sessions, &incoming.training_sessions), record_outcomes(&local.training_sessions, &incoming.training_sessions));
        prop_assert_eq!(planned(&p.honoured_models, &incoming.honoured_models), record_outcomes(&local.honoured_models, &incoming.honoured_models));
        prop_assert_eq!(planned(&p.cases, &incoming.cases), record_outcomes(&local.cases, &incoming.cases));
        for choice in [Choice::KeepMine, Choice::TakeTheirs] {
            let merged = import(&local, &text, choice);
            assert_merge_follows_the_contract(&local, &incoming, &merged, choice);
            // Re-importing the same file changes nothing.
            prop_assert_eq!(&import(&merged, &text, choice), &merged);
            // And what was merged exports, imports into an empty app and exports the same.
            let exported = file_of(&merged);
            let again = read_back(&exported);
            prop_assert_eq!(&again, &merged);
            prop_assert_eq!(file_of(&again), exported);
        }
    }

    #[test]
    fn files_that_overlap_import_in_either_order(seed in any::<u64>(), n in 1usize..160, a in edits(1), b in edits(2), added in 0usize..20) {
        // Two offices edit the same base: one to revision +1, the other to +2,
        // so no record has two different versions at one revision.
        let base = generate::province(n, seed);
        let mut first = mutated(&base, &a, &fresh(added, seed));
        let mut second = mutated(&base, &b, &fresh(added, seed.wrapping_add(1)));
        // Offices compare by content alone, so both keep the base's.
        first.offices = base.offices.clone();
        second.offices = base.offices.clone();
        let (f0, f1, f2) = (file_of(&base), file_of(&first), file_of(&second));
        let start = import(&Dataset::default(), &f0, Choice::KeepMine);
        let one_two = import(&import(&start, &f1, Choice::KeepMine), &f2, Choice::KeepMine);
        let two_one = import(&import(&start, &f2, Choice::KeepMine), &f1, Choice::KeepMine);
        prop_assert!(by_id(&one_two.training_sessions) == by_id(&two_one.training_sessions));
        prop_assert!(by_id(&one_two.honoured_models) == by_id(&two_one.honoured_models));
        prop_assert!(by_id(&one_two.cases) == by_id(&two_one.cases));
        prop_assert_eq!(by_code(&one_two.offices), by_code(&two_one.offices));
    }
}

/// The scenarios above do meet: over many draws, every outcome occurs.
#[test]
fn the_scenarios_produce_every_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen: HashMap<Outcome, usize> = HashMap::new();
    for _ in 0..48 {
        let (local, incoming) = scenario()
            .new_tree(&mut runner)
            .expect("a scenario")
            .current();
        let p = plan(&local, &incoming);
        for outcome in Outcome::ALL {
            *seen.entry(outcome).or_default() += p.count(outcome);
        }
    }
    for outcome in Outcome::ALL {
        assert!(
            seen.get(&outcome).copied().unwrap_or(0) > 0,
            "no {outcome:?} in 48 scenarios: {seen:?}"
        );
    }
    // Offices conflict too (moved or renamed).
    let (local, incoming) = scenario()
        .new_tree(&mut runner)
        .expect("a scenario")
        .current();
    assert!(plan(&local, &incoming).offices.count(Outcome::Conflict) > 0);
}
