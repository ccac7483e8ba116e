//! Finding a sheet's header row, what the sheet is, and what each column
//! holds, from the header names each field declares (`domain::fields`).

use super::grid::{Cell, Grid};
use crate::ledgers::fields::fields;
use crate::Kind;

/// Rows searched for the header, below title and 填报单位 lines.
const HEADER_SEARCH: usize = 30;
/// Cells that must name known columns for a row to be the header.
const HEADER_MIN: usize = 3;
/// Header names that are known but read as nothing (a row number).
const IGNORED: &[&str] = &["序号"];

/// Text compared without spaces and line breaks, full-width characters as
/// half-width, and ignoring case.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '“' | '”' => '"',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A header as compared: folded, without a unit in brackets at its end
/// (`参加人次（人次）`, `学时(小时)`).
pub fn header_key(text: &str) -> String {
    let folded = fold(text);
    match (folded.ends_with(')'), folded.rfind('(')) {
        (true, Some(open)) if open > 0 => folded[..open].to_owned(),
        _ => folded,
    }
}

/// The field of `kind` a header names, if any.
pub fn field_named(kind: Kind, header: &str) -> Option<&'static str> {
    let key = header_key(header);
    fields(kind)
        .iter()
        .find(|f| f.headers.iter().any(|h| header_key(h) == key))
        .map(|f| f.name)
}

fn is_known(header: &str) -> bool {
    let key = header_key(header);
    IGNORED.iter().any(|h| *h == key) || Kind::ALL.iter().any(|k| field_named(*k, header).is_some())
}

fn header_texts(grid: &Grid, row: usize) -> Vec<String> {
    (0..grid.width())
        .map(|c| match grid.cell(row, c) {
            Cell::Text(text) => text.clone(),
            _ => String::new(),
        })
        .collect()
}

/// The header row: the first in which at least three cells name known columns.
pub fn header_row(grid: &Grid) -> Option<usize> {
    (0..grid.rows.len().min(HEADER_SEARCH)).find(|&row| {
        header_texts(grid, row)
            .iter()
            .filter(|text| !text.trim().is_empty() && is_known(text))
            .count()
            >= HEADER_MIN
    })
}

/// Words in a sheet's name that say what it holds.
const NAME_HINTS: &[(Kind, &[&str])] = &[
    (Kind::TrainingSessions, &["学习教育", "培训", "活动"]),
    (Kind::HonouredModels, &["英模", "先进典型", "表彰"]),
    (Kind::Cases, &["线索", "问题", "案件"]),
    (Kind::Offices, &["单位"]),
];

/// What a sheet most likely holds: the kind naming most of its columns, the
/// sheet's name breaking a tie; none when no kind names three columns.
pub fn guess_kind(grid: &Grid, header: usize) -> Option<Kind> {
    let texts = header_texts(grid, header);
    let named = |kind: Kind| {
        guess_columns(kind, &texts)
            .iter()
            .filter(|f| f.is_some())
            .count()
    };
    let hinted = |kind: Kind| {
        NAME_HINTS
            .iter()
            .any(|(k, words)| *k == kind && words.iter().any(|w| grid.name.contains(w)))
    };
    Kind::ALL
        .iter()
        .map(|&kind| (named(kind), hinted(kind), kind))
        .filter(|(count, _, _)| *count >= HEADER_MIN)
        .max_by_key(|(count, hint, _)| (*count, *hint))
        .map(|(_, _, kind)| kind)
}

/// The field each header names for `kind`; a field named twice is read
/// from its first column only.
pub fn guess_columns(kind: Kind, headers: &[String]) -> Vec<Option<&'static str>> {
    let mut taken: Vec<&'static str> = Vec::new();
    headers
        .iter()
        .map(|header| {
            let field = field_named(kind, header).filter(|f| !taken.contains(f))?;
            taken.push(field);
            Some(field)
        })
        .collect()
}

/// The header row's texts, for the mapping step.
pub fn headers(grid: &Grid, header: usize) -> Vec<String> {
    header_texts(grid, header)
}
