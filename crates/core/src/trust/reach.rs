//! What a key may speak for (trust-format §6): a key trusted for office O
//! speaks for O and the offices under O, judged in the receiving copy's own
//! tree, never in the tree a file brings. A signed file with a row outside
//! its signer's reach is refused whole; offices outside it that the file
//! carries as context are not taken.

use crate::base::problem::FileProblem;
use crate::exchange::{ImportError, Outcome, Plan};
use crate::ledgers::tree::OfficeTree;
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

/// Who signed a file, as far as reach is concerned: the office its key is
/// trusted for, and the office whose roster vouched for that key, if any.
#[derive(Clone, Copy, Debug)]
pub struct Signer<'a> {
    pub office: &'a str,
    pub vouched_by: Option<&'a str>,
}

/// What a signed file may write in `local`'s tree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Within {
    /// The offices whose rows the signer speaks for: its own and those under
    /// it here, with the file's new offices under one of them.
    pub inside: HashSet<String>,
    /// Offices this copy does not know that stand above a signer it does not
    /// know either: taken once, as the file places them, so that the signer
    /// hangs where it says (nothing this copy holds changes). Only where the
    /// chain ends under the issuer of the roster that vouched for the key,
    /// or, for a key trusted on the user's word, where it meets no office
    /// this copy holds.
    pub chain: HashSet<String>,
}

/// The offices `signer` speaks for in `local`'s tree (see [`Within`]).
pub fn reach_of(local: &[Office], incoming: &[Office], signer: Signer<'_>) -> Within {
    let tree = OfficeTree::new(local);
    let mut within = Within::default();
    // The offices here under the roster's issuer that vouched for the key.
    let under_issuer: Option<HashSet<usize>> = signer
        .vouched_by
        .map(|issuer| tree.subtree(issuer).into_iter().collect());
    let placed_under = |code: &str| {
        under_issuer
            .as_ref()
            .is_none_or(|under| tree.index_of(code).is_some_and(|i| under.contains(&i)))
    };
    // A key a roster vouched for speaks only while its office stands under
    // that roster's issuer here.
    if tree.contains(signer.office) && !placed_under(signer.office) {
        return within;
    }
    if tree.contains(signer.office) {
        within.inside.extend(
            tree.subtree(signer.office)
                .into_iter()
                .map(|i| local[i].code.clone()),
        );
    } else {
        // A signer new here: walk up the file's parents through offices this
        // copy does not know, to the first it knows (or a root).
        let parent_in_file = |code: &str| {
            incoming
                .iter()
                .find(|o| o.code == code)
                .and_then(|o| o.parent.clone())
        };
        let mut chain = Vec::new();
        let mut at = parent_in_file(signer.office);
        let mut landed = None;
        while let Some(code) = at {
            if tree.contains(&code) {
                landed = Some(code);
                break;
            }
            if code == signer.office || chain.contains(&code) || chain.len() > incoming.len() {
                break; // a loop in the file: no place
            }
            at = parent_in_file(&code);
            chain.push(code);
        }
        let placed = match (signer.vouched_by, &landed) {
            // Vouched for by a roster: only under its issuer, here.
            (Some(_), Some(known)) => placed_under(known),
            (Some(_), None) => false,
            // Trusted on the user's word: only where this copy knows none
            // of the offices above it (an empty copy, say); a new office is
            // never hung under one this copy holds by its own file.
            (None, known) => known.is_none(),
        };
        if !placed {
            return within;
        }
        within.inside.insert(signer.office.to_owned());
        within.chain = chain.into_iter().collect();
    }
    // New offices may stand in any order: repeat until none joins.
    loop {
        let before = within.inside.len();
        for office in incoming {
            let new = !tree.contains(&office.code) && !within.chain.contains(&office.code);
            let under = office
                .parent
                .as_deref()
                .is_some_and(|p| within.inside.contains(p));
            if new && under {
                within.inside.insert(office.code.clone());
            }
        }
        if within.inside.len() == before {
            return within;
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
    signer: Signer<'_>,
    name_of: &dyn Fn(&str) -> String,
) -> Reach {
    let within = reach_of(&local.offices, &incoming.offices, signer);
    let inside = &within.inside;
    let office = signer.office;
    let mut refused = Vec::new();
    refused.extend(rows_outside::<crate::TrainingSession>(
        local, incoming, plan, inside, office, name_of,
    ));
    refused.extend(rows_outside::<crate::HonouredModel>(
        local, incoming, plan, inside, office, name_of,
    ));
    refused.extend(rows_outside::<crate::Case>(
        local, incoming, plan, inside, office, name_of,
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
        .filter(|(_, o)| {
            let taken = if o.code == office {
                // The signer cannot move itself in this copy's tree.
                inside.contains(office)
                    && parent_here(office).is_none_or(|parent| parent == o.parent)
            } else if within.chain.contains(&o.code) {
                true
            } else {
                inside.contains(&o.code) && o.parent.as_deref().is_some_and(|p| inside.contains(p))
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
    /// The plan with the offices that are not taken left as they are here:
    /// neither written nor counted as a change (they stay in the counts, so
    /// that a receipt's counts still add up to the file's rows).
    pub fn restrict(&self, plan: &mut Plan) {
        if self.offices_outside.is_empty() {
            return;
        }
        let outside: HashSet<usize> = self.offices_outside.iter().copied().collect();
        for item in plan.get_mut(Kind::Offices).items.iter_mut() {
            if outside.contains(&item.incoming) {
                item.outcome = Outcome::Unchanged;
            }
        }
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
