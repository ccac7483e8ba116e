//! Lists: which records a list shows (office subtree, category, period,
//! text), in which order, and a page of them. Pure, so it is tested natively
//! and fast enough to rerun on every keystroke with 100k records.

use crate::base::day::Day;
use crate::base::text::{Lang, Text};
use crate::ledgers::model::Record;
use std::cmp::Ordering;
use std::collections::HashSet;

/// One cell of a list: what is shown and how it sorts.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Label(Text),
    Day(Option<Day>),
    Count(Option<f64>),
    /// An office code; shown by the UI as the office's name.
    Office(String),
}

impl Cell {
    pub fn display(&self, lang: Lang) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Label(label) => label.get(lang).to_owned(),
            Cell::Day(day) => day.map(|d| d.to_string()).unwrap_or_default(),
            Cell::Count(n) => n.map(format_number).unwrap_or_default(),
            Cell::Office(code) => code.clone(),
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Cell::Count(_))
    }

    pub fn is_day(&self) -> bool {
        matches!(self, Cell::Day(_))
    }

    fn compare(&self, other: &Cell, lang: Lang) -> Ordering {
        match (self, other) {
            (Cell::Day(a), Cell::Day(b)) => a.cmp(b),
            (Cell::Count(a), Cell::Count(b)) => a.partial_cmp(b).unwrap_or(Ordering::Equal),
            _ => self.display(lang).cmp(&other.display(lang)),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    /// Codes of the offices to show (an office and everything under it); `None` = all.
    pub offices: Option<HashSet<String>>,
    /// A value of the ledger's category field (`kind`, `status`, …); `None` = all.
    pub category: Option<String>,
    pub from: Option<Day>,
    pub to: Option<Day>,
    pub text: String,
    pub sort: Option<(usize, bool)>,
    /// A named condition (e.g. `overdue`) and the day it is judged on.
    pub flag: Option<(String, Day)>,
}

/// A list column: the declared field it shows, and its cell for a record.
pub type Column<R> = (&'static str, fn(&R) -> Cell);

/// What a list needs of a record (its office and tombstone come from [`Record`]).
pub trait Listed: Record + Sized + 'static {
    /// The list's columns, in order; their headers are the fields' labels.
    const COLUMNS: &'static [Column<Self>];
    /// The choice field the list filters by (kind or status), and its code in a record.
    const CATEGORY: (&'static str, fn(&Self) -> &'static str);
    fn category_code(&self) -> &'static str {
        Self::CATEGORY.1(self)
    }
    fn cells(&self) -> Vec<Cell> {
        Self::COLUMNS.iter().map(|(_, cell)| cell(self)).collect()
    }
    /// Text the search box looks in.
    fn haystack(&self) -> String;
    /// Named conditions a list can be narrowed to (the dashboard links to them).
    fn has_flag(&self, _flag: &str, _today: Day) -> bool {
        false
    }
}

/// Positions of the records the query shows, in order. Tombstones never show.
pub fn run<R: Listed>(records: &[R], query: &ListQuery, lang: Lang) -> Vec<usize> {
    let needle = query.text.trim().to_lowercase();
    let mut hits: Vec<usize> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_deleted())
        .filter(|(_, r)| {
            query
                .offices
                .as_ref()
                .is_none_or(|set| set.contains(r.office()))
        })
        .filter(|(_, r)| {
            query
                .category
                .as_deref()
                .is_none_or(|c| c == r.category_code())
        })
        .filter(|(_, r)| query.from.is_none_or(|from| r.day() >= from))
        .filter(|(_, r)| query.to.is_none_or(|to| r.day() <= to))
        .filter(|(_, r)| {
            query
                .flag
                .as_ref()
                .is_none_or(|(flag, today)| r.has_flag(flag, *today))
        })
        .filter(|(_, r)| needle.is_empty() || r.haystack().to_lowercase().contains(&needle))
        .map(|(i, _)| i)
        .collect();
    if let Some((column, descending)) = query.sort {
        let mut keyed: Vec<(Cell, usize)> = hits
            .iter()
            .filter_map(|&i| Some((R::COLUMNS.get(column)?.1(&records[i]), i)))
            .collect();
        keyed.sort_by(|(a, _), (b, _)| {
            let order = a.compare(b, lang);
            if descending {
                order.reverse()
            } else {
                order
            }
        });
        hits = keyed.into_iter().map(|(_, i)| i).collect();
    }
    hits
}

pub const PAGE_LEN: usize = 50;

pub fn page_count(hits: usize) -> usize {
    hits.div_ceil(PAGE_LEN).max(1)
}

pub fn page(hits: &[usize], page: usize) -> &[usize] {
    let start = (page * PAGE_LEN).min(hits.len());
    let end = (start + PAGE_LEN).min(hits.len());
    &hits[start..end]
}
