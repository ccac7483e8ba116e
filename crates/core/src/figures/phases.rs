//! The campaign's phases with their dates, set per office. An office without
//! dates of its own follows the nearest office above it that has them (the
//! city or province usually sets the campaign's calendar).

use crate::base::day::Day;
use crate::ledgers::enums::Phase;
use crate::ledgers::model::Office;
use crate::ledgers::tree::OfficeTree;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseDates {
    pub office: String,
    pub phase: Phase,
    pub from: Day,
    pub to: Day,
}

/// The phases that apply to `office` (`""` = the top of the tree), in campaign order.
pub fn phases_for(
    plans: &[PhaseDates],
    offices: &[Office],
    tree: &OfficeTree,
    office: &str,
) -> Vec<PhaseDates> {
    let mut current = if office.is_empty() {
        tree.walk().first().map(|(i, _)| offices[*i].code.clone())
    } else {
        Some(office.to_owned())
    };
    for _ in 0..=offices.len() {
        let Some(code) = current else { break };
        let mut own: Vec<PhaseDates> = plans.iter().filter(|p| p.office == code).cloned().collect();
        if !own.is_empty() {
            crate::base::order::sort_by_key(&mut own, |p| (p.phase, p.from));
            return own;
        }
        current = tree.index_of(&code).and_then(|i| offices[i].parent.clone());
    }
    Vec::new()
}
