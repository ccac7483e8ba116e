//! What a key may speak for (trust-format §6): a key trusted for office O
//! speaks for O and the offices under O, judged in the receiving copy's own
//! tree, never in the tree a file brings. A signed file with a row outside
//! its signer's reach is refused whole; offices outside it that the file
//! carries as context are not taken.

use crate::exchange::{ImportError, Outcome, Plan};
use crate::problem::FileProblem;
use crate::tree::OfficeTree;
use crate::{Dataset, Kind, Office, Record};
use std::collections::HashSet;

/// What a file signed as `signer` may write here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// Each row (record or tombstone) outside the reach, at its pointer.
    pub refused: Vec<ImportError>,
    /// The file's offices (by position) that are not taken.
    pub offices_outside: Vec<usize>,
}

/// The offices `signer` speaks for in `local`'s tree, with the file's new
/// offices whose parent is among them (a new office is taken only under one).
pub fn reach_of(local: &[Office], incoming: &[Office], signer: &str) -> HashSet<String> {
    let tree = OfficeTree::new(local);
    let mut inside: HashSet<String> = tree
        .subtree(signer)
        .into_iter()
        .map(|i| local[i].code.clone())
        .collect();
    inside.insert(signer.to_owned());
    // New offices may stand in any order: repeat until none joins.
    loop {
        let before = inside.len();
        for office in incoming {
            let new = !tree.contains(&office.code);
            let under = office.parent.as_deref().is_some_and(|p| inside.contains(p));
            if new && under {
                inside.insert(office.code.clone());
            }
        }
        if inside.len() == before {
            return inside;
        }
    }
}

/// Judges `incoming` (planned against `local` as `plan`), signed as
/// `signer`: rows whose office, or whose record here, lies outside the
/// reach are refused; offices outside it, or that the file would move to a
/// parent outside it, are not taken. `name_of` names an office for the user.
pub fn judge(
    local: &Dataset,
    incoming: &Dataset,
    plan: &Plan,
    signer: &str,
    name_of: &dyn Fn(&str) -> String,
) -> Reach {
    let inside = reach_of(&local.offices, &incoming.offices, signer);
    let mut refused = Vec::new();
    refused.extend(rows_outside::<crate::TrainingSession>(
        local, incoming, plan, &inside, signer, name_of,
    ));
    refused.extend(rows_outside::<crate::HonouredModel>(
        local, incoming, plan, &inside, signer, name_of,
    ));
    refused.extend(rows_outside::<crate::Case>(
        local, incoming, plan, &inside, signer, name_of,
    ));
    let parent_here = |code: &str| {
        local
            .offices
            .iter()
            .find(|o| o.code == code)
            .map(|o| o.parent.clone())
    };
    let offices_outside = incoming
        .offices
        .iter()
        .enumerate()
        .filter(|(_, office)| {
            let taken = if office.code == signer {
                // The signer cannot move itself in this copy's tree.
                parent_here(signer).is_none_or(|parent| parent == office.parent)
            } else {
                inside.contains(&office.code)
                    && office.parent.as_deref().is_some_and(|p| inside.contains(p))
            };
            !taken
        })
        .map(|(i, _)| i)
        .collect();
    Reach {
        refused,
        offices_outside,
    }
}

fn rows_outside<R: Record>(
    local: &Dataset,
    incoming: &Dataset,
    plan: &Plan,
    inside: &HashSet<String>,
    signer: &str,
    name_of: &dyn Fn(&str) -> String,
) -> Vec<ImportError> {
    let rows = R::rows(incoming);
    let here = R::rows(local);
    plan.get(R::KIND)
        .items
        .iter()
        .filter_map(|item| {
            let row = rows.get(item.incoming)?;
            // The row's own office, and the office of the record it would
            // overwrite here: a file may not take another office's record.
            let outside = std::iter::once(row.office())
                .chain(item.local.and_then(|i| here.get(i)).map(|r| r.office()))
                .find(|office| !inside.contains(*office))?;
            Some(ImportError::new(
                &format!("/{}/{}", R::KIND.key(), item.incoming),
                FileProblem::OutOfReach {
                    office: name_of(outside),
                    signer: name_of(signer),
                },
            ))
        })
        .collect()
}

impl Reach {
    /// The plan without the offices that are not taken: they are neither
    /// written nor counted.
    pub fn restrict(&self, plan: &mut Plan) {
        if self.offices_outside.is_empty() {
            return;
        }
        let outside: HashSet<usize> = self.offices_outside.iter().copied().collect();
        plan.get_mut(Kind::Offices)
            .items
            .retain(|item| !outside.contains(&item.incoming));
    }

    /// The codes of the offices not taken, where the file would change or add them.
    pub fn not_taken(&self, incoming: &Dataset, plan_before: &Plan) -> Vec<String> {
        let changing: HashSet<usize> = plan_before
            .get(Kind::Offices)
            .items
            .iter()
            .filter(|i| !matches!(i.outcome, Outcome::Unchanged | Outcome::Stale))
            .map(|i| i.incoming)
            .collect();
        self.offices_outside
            .iter()
            .filter(|i| changing.contains(i))
            .filter_map(|&i| incoming.offices.get(i).map(|o| o.code.clone()))
            .collect()
    }
}
