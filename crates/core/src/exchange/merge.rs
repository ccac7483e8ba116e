//! Merging a file into this copy, exactly as the contract says: records by
//! `id` and `revision`, offices by `code`. A plan is computed first (the
//! preview); applying it with the user's choices for conflicts gives the new
//! dataset and the positions that changed.

use crate::ledgers::kind::{Kind, PerKind};
use crate::ledgers::model::Row;
use crate::ledgers::model::*;
use crate::ledgers::validate::validate_office_tree;
use std::collections::HashMap;
use std::hash::Hash;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    New,
    Updated,
    Unchanged,
    Stale,
    Conflict,
    Deleted,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::New,
        Outcome::Updated,
        Outcome::Unchanged,
        Outcome::Stale,
        Outcome::Conflict,
        Outcome::Deleted,
    ];

    /// The `data-count` name.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::New => "new",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Stale => "stale",
            Outcome::Conflict => "conflict",
            Outcome::Deleted => "deleted",
        }
    }
}

/// What happens to one incoming record (or office).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub incoming: usize,
    pub local: Option<usize>,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerPlan {
    pub items: Vec<Item>,
}

impl LedgerPlan {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.items.iter().filter(|i| i.outcome == outcome).count()
    }

    pub fn with(&self, outcome: Outcome) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.outcome == outcome)
    }
}

/// The plan for a whole file, per kind of table.
pub type Plan = PerKind<LedgerPlan>;

impl PerKind<LedgerPlan> {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.iter().map(|(_, p)| p.count(outcome)).sum()
    }

    /// Whether applying would change anything (conflicts aside).
    pub fn changes_something(&self) -> bool {
        [
            Outcome::New,
            Outcome::Updated,
            Outcome::Deleted,
            Outcome::Conflict,
        ]
        .iter()
        .any(|o| self.count(*o) > 0)
    }
}

/// Plans one table: each incoming row found here by `key` (or not), and its outcome.
fn plan_rows<R, K: Eq + Hash>(
    local: &[R],
    incoming: &[R],
    key: impl Fn(&R) -> K,
    outcome: impl Fn(Option<&R>, &R) -> Outcome,
) -> LedgerPlan {
    let index: HashMap<K, usize> = local.iter().enumerate().map(|(i, r)| (key(r), i)).collect();
    let items = incoming
        .iter()
        .enumerate()
        .map(|(i, theirs)| {
            let local_position = index.get(&key(theirs)).copied();
            Item {
                incoming: i,
                local: local_position,
                outcome: outcome(local_position.map(|l| &local[l]), theirs),
            }
        })
        .collect();
    LedgerPlan { items }
}

/// A record by `id` and `revision`; an arriving tombstone counts as a deletion.
fn record_outcome<R: Record>(mine: Option<&R>, theirs: &R) -> Outcome {
    match mine {
        None if theirs.is_deleted() => Outcome::Deleted,
        None => Outcome::New,
        Some(mine) if theirs.revision() > mine.revision() => {
            if theirs.is_deleted() && !mine.is_deleted() {
                Outcome::Deleted
            } else {
                Outcome::Updated
            }
        }
        Some(mine) if theirs.revision() < mine.revision() => Outcome::Stale,
        Some(mine) if mine == theirs => Outcome::Unchanged,
        Some(_) => Outcome::Conflict,
    }
}

/// An office by `code`: offices have no revision, so any difference is a conflict.
fn office_outcome(mine: Option<&Office>, theirs: &Office) -> Outcome {
    match mine {
        None => Outcome::New,
        Some(mine) if mine == theirs => Outcome::Unchanged,
        Some(_) => Outcome::Conflict,
    }
}

fn plan_records<R: Record>(local: &[R], incoming: &[R]) -> LedgerPlan {
    plan_rows(local, incoming, |r| r.id(), record_outcome)
}

pub fn plan(local: &Dataset, incoming: &Dataset) -> Plan {
    PerKind {
        offices: plan_rows(
            &local.offices,
            &incoming.offices,
            |o| o.code.clone(),
            office_outcome,
        ),
        training_sessions: plan_records(&local.training_sessions, &incoming.training_sessions),
        honoured_models: plan_records(&local.honoured_models, &incoming.honoured_models),
        cases: plan_records(&local.cases, &incoming.cases),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Choice {
    KeepMine,
    TakeTheirs,
}

/// Choices that cannot be applied.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MergeError {
    /// Mixing my and their versions of offices would put these offices on a
    /// cycle of parents (each file is a tree alone; a mix need not be).
    #[error("the chosen versions make the parent links of offices {0:?} a cycle")]
    OfficeCycle(Vec<String>),
}

impl MergeError {
    pub fn offices(&self) -> &[String] {
        match self {
            MergeError::OfficeCycle(codes) => codes,
        }
    }
}

/// Applies `plan`; `choose(kind, incoming index)` settles each conflict.
/// Returns the new dataset and, per kind, the positions written; or why the
/// choices cannot be applied.
pub fn apply(
    local: &Dataset,
    incoming: &Dataset,
    plan: &Plan,
    choose: &dyn Fn(Kind, usize) -> Choice,
) -> Result<(Dataset, PerKind<Vec<usize>>), MergeError> {
    let mut next = local.clone();
    let offices = merge_kind::<Office>(&mut next, incoming, plan, choose);
    let mut looped: Vec<String> = validate_office_tree(&next.offices)
        .into_iter()
        .map(|(index, _)| next.offices[index].code.clone())
        .collect();
    if !looped.is_empty() {
        looped.sort();
        looped.dedup();
        return Err(MergeError::OfficeCycle(looped));
    }
    Ok(PerKind {
        offices,
        training_sessions: merge_kind::<TrainingSession>(&mut next, incoming, plan, choose),
        honoured_models: merge_kind::<HonouredModel>(&mut next, incoming, plan, choose),
        cases: merge_kind::<Case>(&mut next, incoming, plan, choose),
    })
    .map(|touched| (next, touched))
}

fn merge_kind<R: Row>(
    next: &mut Dataset,
    incoming: &Dataset,
    plan: &Plan,
    choose: &dyn Fn(Kind, usize) -> Choice,
) -> Vec<usize> {
    merge_into(
        R::rows_mut(next),
        R::rows(incoming),
        plan.get(R::KIND),
        |i| choose(R::KIND, i),
    )
}

fn merge_into<T: Clone>(
    records: &mut Vec<T>,
    incoming: &[T],
    plan: &LedgerPlan,
    choose: impl Fn(usize) -> Choice,
) -> Vec<usize> {
    let mut touched = Vec::new();
    for item in &plan.items {
        let take = match item.outcome {
            Outcome::New | Outcome::Updated | Outcome::Deleted => true,
            Outcome::Conflict => choose(item.incoming) == Choice::TakeTheirs,
            Outcome::Unchanged | Outcome::Stale => false,
        };
        if !take {
            continue;
        }
        let record = incoming[item.incoming].clone();
        match item.local {
            Some(position) => {
                records[position] = record;
                touched.push(position);
            }
            None => {
                records.push(record);
                touched.push(records.len() - 1);
            }
        }
    }
    touched
}
