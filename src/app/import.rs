//! Importing another office's file: read and check it whole, plan the merge
//! (the preview), apply it with the user's choices in one transaction that
//! also keeps what it overwrites, and undo that.

use super::{AppError, Session};
use crate::domain::exchange::{self, Choice, Outcome, Plan};
use crate::domain::{Dataset, Kind, Timestamp};
use crate::storage::{Change, ImportCounts};
use leptos::prelude::*;
use std::collections::HashMap;

/// A file read and checked, and what it would do here: shown before anything is written.
pub struct Pending {
    pub file: String,
    pub incoming: Dataset,
    pub plan: Plan,
}

/// What an applied import did.
pub struct Summary {
    pub file: String,
    pub counts: Vec<(Outcome, usize)>,
    pub conflicts_taken: usize,
}

/// The user's choice for each conflict, by kind and position in the file (unset: keep mine).
pub type Choices = HashMap<(Kind, usize), Choice>;

/// A file too large to read safely is refused before it is read.
pub fn check_size(bytes: f64) -> Result<(), AppError> {
    match exchange::too_large(bytes as u64) {
        Some(error) => Err(AppError::File(vec![error])),
        None => Ok(()),
    }
}

/// Reads and checks a whole file; every error is reported, and nothing is written.
pub fn read(bytes: &[u8]) -> Result<Dataset, AppError> {
    exchange::read(bytes)
        .map(|file| file.into_dataset())
        .map_err(AppError::File)
}

/// What the file would do to the data here.
pub fn preview(session: Session, file: String, incoming: Dataset) -> Pending {
    let plan = session
        .data
        .with_untracked(|local| exchange::plan(local, &incoming));
    Pending {
        file,
        incoming,
        plan,
    }
}

/// Applies a previewed file with the user's choices, in one transaction that
/// also keeps what it overwrites for an undo. Choices that would loop the
/// office tree are refused, and nothing is written.
pub async fn apply(
    session: Session,
    pending: &Pending,
    choices: &Choices,
    now: Timestamp,
) -> Result<Summary, AppError> {
    let choose = |kind: Kind, index: usize| {
        choices
            .get(&(kind, index))
            .copied()
            .unwrap_or(Choice::KeepMine)
    };
    let (next, touched) = session.data.with_untracked(|local| {
        exchange::apply(local, &pending.incoming, &pending.plan, &choose)
    })?;
    let mut change = Change::default();
    for (kind, positions) in touched.iter() {
        change.touch(kind, positions.iter().copied());
    }
    let conflicts_taken = choices
        .values()
        .filter(|c| **c == Choice::TakeTheirs)
        .count();
    let plan = &pending.plan;
    let changed = ImportCounts {
        added: plan.count(Outcome::New),
        updated: plan.count(Outcome::Updated) + conflicts_taken,
        deleted: plan.count(Outcome::Deleted),
    };
    let description = format!(
        "{} · {}",
        pending.file,
        now.as_str().replace('T', " ").replace('Z', " UTC")
    );
    let previous = session.data.get_untracked();
    let settings = session.settings.get_untracked();
    session
        .write(
            |store| async move {
                store
                    .save_undoable(&previous, &settings, &next, &change, description, changed)
                    .await?;
                Ok((next, store.undo_info().await.unwrap_or(None)))
            },
            |(next, undo)| {
                session.data.set(next);
                session.undo.set(undo);
            },
        )
        .await?;
    Ok(Summary {
        file: pending.file.clone(),
        counts: Outcome::ALL.iter().map(|o| (*o, plan.count(*o))).collect(),
        conflicts_taken,
    })
}
