//! Merging a file into this copy, exactly as the contract says: records by
//! `id` and `revision`, offices by `code`. A plan is computed first (the
//! preview); applying it with the user's choices for conflicts gives the new
//! dataset and the positions that changed.

use crate::domain::model::*;
use crate::domain::text::{Message, Text};
use crate::domain::validate::validate_office_tree;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

    pub fn label(self) -> Text {
        match self {
            Outcome::New => Text::new("新增", "New"),
            Outcome::Updated => Text::new("更新", "Updated"),
            Outcome::Unchanged => Text::new("相同", "Unchanged"),
            Outcome::Stale => Text::new("较旧（保留本地）", "Stale (local kept)"),
            Outcome::Conflict => Text::new("冲突", "Conflict"),
            Outcome::Deleted => Text::new("删除", "Deleted"),
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

/// The plan for a whole file, per ledger (offices first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub offices: LedgerPlan,
    pub training_sessions: LedgerPlan,
    pub honoured_models: LedgerPlan,
    pub cases: LedgerPlan,
}

impl Plan {
    pub fn ledgers(&self) -> [(&'static str, &LedgerPlan); 4] {
        [
            ("offices", &self.offices),
            ("training_sessions", &self.training_sessions),
            ("honoured_models", &self.honoured_models),
            ("cases", &self.cases),
        ]
    }

    pub fn count(&self, outcome: Outcome) -> usize {
        self.ledgers().iter().map(|(_, p)| p.count(outcome)).sum()
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

fn plan_records<R: Record>(local: &[R], incoming: &[R]) -> LedgerPlan {
    let index: HashMap<Uuid, usize> = local.iter().enumerate().map(|(i, r)| (r.id(), i)).collect();
    let items = incoming
        .iter()
        .enumerate()
        .map(|(i, theirs)| {
            let local_position = index.get(&theirs.id()).copied();
            let outcome = match local_position.map(|l| &local[l]) {
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
            };
            Item {
                incoming: i,
                local: local_position,
                outcome,
            }
        })
        .collect();
    LedgerPlan { items }
}

fn plan_offices(local: &[Office], incoming: &[Office]) -> LedgerPlan {
    let index: HashMap<&str, usize> = local
        .iter()
        .enumerate()
        .map(|(i, o)| (o.code.as_str(), i))
        .collect();
    let items = incoming
        .iter()
        .enumerate()
        .map(|(i, theirs)| {
            let local_position = index.get(theirs.code.as_str()).copied();
            let outcome = match local_position.map(|l| &local[l]) {
                None => Outcome::New,
                Some(mine) if mine == theirs => Outcome::Unchanged,
                Some(_) => Outcome::Conflict,
            };
            Item {
                incoming: i,
                local: local_position,
                outcome,
            }
        })
        .collect();
    LedgerPlan { items }
}

pub fn plan(local: &Dataset, incoming: &Dataset) -> Plan {
    Plan {
        offices: plan_offices(&local.offices, &incoming.offices),
        training_sessions: plan_records(&local.training_sessions, &incoming.training_sessions),
        honoured_models: plan_records(&local.honoured_models, &incoming.honoured_models),
        cases: plan_records(&local.cases, &incoming.cases),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    KeepMine,
    TakeTheirs,
}

/// Choices that cannot be applied.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
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

    pub fn message(&self) -> Message {
        let codes = self.offices().join("、");
        Message::new(
            format!("这样选择会使单位 {codes} 的上下级形成循环。请对这些单位作相同的选择（都保留本地或都采用文件中的）。"),
            format!("These choices would make the parent links of offices {codes} a cycle. Choose the same for all of them (keep mine, or take theirs)."),
        )
    }
}

/// Applies `plan`; `choose(ledger, incoming index)` settles each conflict.
/// Returns the new dataset and, per ledger (offices first), the positions
/// written; or why the choices cannot be applied.
pub fn apply(
    local: &Dataset,
    incoming: &Dataset,
    plan: &Plan,
    choose: &dyn Fn(&str, usize) -> Choice,
) -> Result<(Dataset, [Vec<usize>; 4]), MergeError> {
    let mut next = local.clone();
    let offices = merge_into(&mut next.offices, &incoming.offices, &plan.offices, |i| {
        choose("offices", i)
    });
    let mut looped: Vec<String> = validate_office_tree(&next.offices)
        .into_iter()
        .map(|(index, _)| next.offices[index].code.clone())
        .collect();
    if !looped.is_empty() {
        looped.sort();
        looped.dedup();
        return Err(MergeError::OfficeCycle(looped));
    }
    let training = merge_into(
        &mut next.training_sessions,
        &incoming.training_sessions,
        &plan.training_sessions,
        |i| choose("training_sessions", i),
    );
    let models = merge_into(
        &mut next.honoured_models,
        &incoming.honoured_models,
        &plan.honoured_models,
        |i| choose("honoured_models", i),
    );
    let cases = merge_into(&mut next.cases, &incoming.cases, &plan.cases, |i| {
        choose("cases", i)
    });
    Ok((next, [offices, training, models, cases]))
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
