//! Writing an exchange file: everything, or one office and everything under
//! it (with the offices above it, so that every parent is in the file), and
//! optionally a period. Tombstones travel.

use super::{ExchangeFile, FORMAT, VERSION};
use crate::base::day::{Day, Timestamp};
use crate::ledgers::model::*;
use crate::ledgers::tree::OfficeTree;
use std::collections::HashSet;

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExportScope {
    /// An office code (the office and everything under it); `None` = everything.
    pub office: Option<String>,
    pub from: Option<Day>,
    pub to: Option<Day>,
}

pub fn export(
    data: &Dataset,
    scope: &ExportScope,
    now: Timestamp,
    source_office: Option<String>,
) -> ExchangeFile {
    let tree = OfficeTree::new(&data.offices);
    let owners: Option<HashSet<&str>> = scope
        .office
        .as_deref()
        .map(|code| tree.subtree_codes(&data.offices, code));
    let mut listed: HashSet<&str> = owners
        .clone()
        .unwrap_or_else(|| data.offices.iter().map(|o| o.code.as_str()).collect());
    // The offices above the chosen one go too: a file names every parent it uses.
    if let Some(code) = scope.office.as_deref() {
        let mut current = tree
            .index_of(code)
            .and_then(|i| data.offices[i].parent.as_deref());
        while let Some(parent) = current.filter(|p| listed.insert(p)) {
            current = tree
                .index_of(parent)
                .and_then(|i| data.offices[i].parent.as_deref());
        }
    }
    let keep = |office: &str, day: Day| {
        owners.as_ref().is_none_or(|set| set.contains(office))
            && scope.from.is_none_or(|f| day >= f)
            && scope.to.is_none_or(|t| day <= t)
    };
    fn pick<R: Record>(records: &[R], keep: &dyn Fn(&str, Day) -> bool) -> Vec<R> {
        records
            .iter()
            .filter(|r| keep(r.office(), r.day()))
            .cloned()
            .collect()
    }
    ExchangeFile {
        format: FORMAT,
        version: VERSION,
        exported_at: now,
        source_office,
        redacted: false,
        offices: data
            .offices
            .iter()
            .filter(|o| listed.contains(o.code.as_str()))
            .cloned()
            .collect(),
        training_sessions: pick(&data.training_sessions, &keep),
        honoured_models: pick(&data.honoured_models, &keep),
        cases: pick(&data.cases, &keep),
    }
}

pub fn to_json(file: &ExchangeFile) -> String {
    // Compact: a province's file is tens of megabytes, and parse time grows with size.
    // Serializing these types cannot fail (no maps with non-string keys).
    serde_json::to_string(file).unwrap_or_default()
}

/// `台账-<office code>-<YYYYMMDD>.json`
pub fn file_name(office: Option<&str>, today: Day) -> String {
    format!("台账-{}-{}.json", office.unwrap_or("all"), today.compact())
}
