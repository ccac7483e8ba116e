//! The merge rules of the exchange contract restated by identity, with maps,
//! sharing no code with `domain::exchange::merge` (which works by position).
//! Used by the property tests and by the fuzz target.
#![allow(dead_code)]

use std::collections::HashMap;
use taizhang_core::exchange::{Choice, Outcome};
use taizhang_core::{Dataset, Office, Record};
use uuid::Uuid;

/// What the contract says becomes of one incoming record, given the local one.
/// A tombstone that arrives (for a record here or not) is counted as a deletion.
pub fn record_outcome<R: Record>(mine: Option<&R>, theirs: &R) -> Outcome {
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

pub fn office_outcome(mine: Option<&Office>, theirs: &Office) -> Outcome {
    match mine {
        None => Outcome::New,
        Some(mine) if mine == theirs => Outcome::Unchanged,
        Some(_) => Outcome::Conflict,
    }
}

/// Outcome of each incoming record of one ledger, by id.
pub fn record_outcomes<R: Record>(local: &[R], incoming: &[R]) -> HashMap<Uuid, Outcome> {
    let mine: HashMap<Uuid, &R> = local.iter().map(|r| (r.id(), r)).collect();
    incoming
        .iter()
        .map(|theirs| {
            (
                theirs.id(),
                record_outcome(mine.get(&theirs.id()).copied(), theirs),
            )
        })
        .collect()
}

/// The records after the merge, by id: incoming where the contract (or the
/// choice, for a conflict) takes them, local everywhere else.
pub fn merged_records<R: Record>(local: &[R], incoming: &[R], choice: Choice) -> HashMap<Uuid, R> {
    let mut out: HashMap<Uuid, R> = local.iter().map(|r| (r.id(), r.clone())).collect();
    for theirs in incoming {
        let take = match record_outcome(out.get(&theirs.id()), theirs) {
            Outcome::New | Outcome::Updated | Outcome::Deleted => true,
            Outcome::Conflict => choice == Choice::TakeTheirs,
            Outcome::Stale | Outcome::Unchanged => false,
        };
        if take {
            out.insert(theirs.id(), theirs.clone());
        }
    }
    out
}

pub fn merged_offices(
    local: &[Office],
    incoming: &[Office],
    choice: Choice,
) -> HashMap<String, Office> {
    let mut out: HashMap<String, Office> =
        local.iter().map(|o| (o.code.clone(), o.clone())).collect();
    for theirs in incoming {
        let take = match office_outcome(out.get(&theirs.code), theirs) {
            Outcome::New => true,
            Outcome::Conflict => choice == Choice::TakeTheirs,
            _ => false,
        };
        if take {
            out.insert(theirs.code.clone(), theirs.clone());
        }
    }
    out
}

pub fn by_id<R: Record>(records: &[R]) -> HashMap<Uuid, R> {
    records.iter().map(|r| (r.id(), r.clone())).collect()
}

pub fn by_code(offices: &[Office]) -> HashMap<String, Office> {
    offices
        .iter()
        .map(|o| (o.code.clone(), o.clone()))
        .collect()
}

/// Panics unless `merged` is what the contract gives for `local` + `incoming`
/// with `choice` for every conflict, record by record and office by office.
pub fn assert_merge_follows_the_contract(
    local: &Dataset,
    incoming: &Dataset,
    merged: &Dataset,
    choice: Choice,
) {
    assert!(
        by_code(&merged.offices) == merged_offices(&local.offices, &incoming.offices, choice),
        "offices differ from the contract's merge ({choice:?})"
    );
    assert_eq!(
        merged.offices.len(),
        by_code(&merged.offices).len(),
        "an office twice"
    );
    fn ledger<R: Record + std::fmt::Debug>(
        name: &str,
        local: &[R],
        incoming: &[R],
        merged: &[R],
        choice: Choice,
    ) {
        let expected = merged_records(local, incoming, choice);
        let got = by_id(merged);
        assert_eq!(merged.len(), got.len(), "{name}: a record twice");
        assert_eq!(
            got.len(),
            expected.len(),
            "{name}: number of records ({choice:?})"
        );
        for (id, record) in &expected {
            assert_eq!(
                got.get(id),
                Some(record),
                "{name}: record {id} ({choice:?})"
            );
        }
    }
    ledger(
        "training_sessions",
        &local.training_sessions,
        &incoming.training_sessions,
        &merged.training_sessions,
        choice,
    );
    ledger(
        "honoured_models",
        &local.honoured_models,
        &incoming.honoured_models,
        &merged.honoured_models,
        choice,
    );
    ledger(
        "cases",
        &local.cases,
        &incoming.cases,
        &merged.cases,
        choice,
    );
}
