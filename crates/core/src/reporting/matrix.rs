//! Who has sent what for which month: for an office, its direct children ×
//! months, each cell on time, late, missing or not yet due, with the rates.
//! A file counts for the child it came from or that its sender sits under,
//! once its signature is verified with a key trusted for that sender; an
//! unsigned file, or one signed by a key not (yet) trusted, is shown in its
//! cell but counts for nothing.

use super::log::LogEntry;
use super::month::Month;
use crate::ledgers::tree::OfficeTree;
use crate::trust::{Trust, TrustedKey};
use crate::{Day, Office};
use serde::{Deserialize, Serialize};

/// The day of the next month a month's ledgers are due by, unless the
/// receiving office sets another.
pub const DEFAULT_DUE_DAY: u8 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    OnTime,
    Late,
    Missing,
    /// No file yet, and the due date has not passed.
    Due,
}

impl Status {
    /// The name in the page's hooks (`data-status`).
    pub fn key(self) -> &'static str {
        match self {
            Status::OnTime => "on_time",
            Status::Late => "late",
            Status::Missing => "missing",
            Status::Due => "due",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatrixCell {
    pub month: Month,
    pub status: Status,
    /// The day the earliest counted file for the month was exported.
    pub sent_on: Option<Day>,
    /// The log entries behind the cell (positions in the log), counted or not.
    pub entries: Vec<usize>,
    /// The files for the month that do not count: unsigned, or signed by a
    /// key this copy does not trust for their sender.
    pub uncounted: Vec<Trust>,
}

/// Cells counted: expected are those not still due.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rates {
    pub expected: usize,
    pub received: usize,
    pub on_time: usize,
}

impl Rates {
    fn add(&mut self, status: Status) {
        match status {
            Status::OnTime => {
                self.expected += 1;
                self.received += 1;
                self.on_time += 1;
            }
            Status::Late => {
                self.expected += 1;
                self.received += 1;
            }
            Status::Missing => self.expected += 1,
            Status::Due => {}
        }
    }

    /// received ÷ expected (none when nothing is expected yet).
    pub fn rate(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.received as f64 / self.expected as f64)
    }

    pub fn on_time_rate(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.on_time as f64 / self.expected as f64)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRow {
    pub office: String,
    pub cells: Vec<MatrixCell>,
    pub rates: Rates,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    pub months: Vec<Month>,
    pub rows: Vec<MatrixRow>,
    pub rates: Rates,
    /// The last month whose due date has passed, and who has not sent it.
    pub last_due: Option<(Month, Vec<String>)>,
}

/// What a matrix is drawn from: the import log, and the keys trusted now.
#[derive(Clone, Copy)]
pub struct Received<'a> {
    pub log: &'a [LogEntry],
    pub trusted: &'a [TrustedKey],
}

/// The reporting of `parent`'s direct children over `months`, from the
/// files received, with reports due on `due_day` of the next month, as of `today`.
pub fn matrix(
    offices: &[Office],
    tree: &OfficeTree,
    parent: &str,
    received: Received,
    months: &[Month],
    due_day: u8,
    today: Day,
) -> Matrix {
    let Received { log, trusted } = received;
    let children: Vec<&Office> = tree
        .children_of(parent)
        .iter()
        .map(|&i| &offices[i])
        .collect();
    let subtrees: Vec<_> = children
        .iter()
        .map(|c| tree.subtree_codes(offices, &c.code))
        .collect();
    // Each file, by the child it counts for and the month it reports for.
    let files: Vec<(usize, usize, Month, Day, Trust)> = log
        .iter()
        .enumerate()
        .filter_map(|(position, entry)| {
            let sender = entry.file.source_office.as_deref()?;
            let day = entry.file.exported_on()?;
            let child = subtrees.iter().position(|codes| codes.contains(sender))?;
            let trust = entry.file.trust(trusted);
            Some((position, child, Month::reported_by(day), day, trust))
        })
        .collect();
    let mut rates = Rates::default();
    let rows: Vec<MatrixRow> = children
        .iter()
        .enumerate()
        .map(|(child, office)| {
            let mut row_rates = Rates::default();
            let cells = months
                .iter()
                .map(|&month| {
                    let mut cell: Vec<_> = files
                        .iter()
                        .filter(|(_, c, m, ..)| *c == child && *m == month)
                        .collect();
                    crate::base::order::sort_by_key(&mut cell, |(_, _, _, day, _)| *day);
                    let sent_on = cell
                        .iter()
                        .find(|(.., trust)| *trust == Trust::Verified)
                        .map(|(_, _, _, day, _)| *day);
                    let due = month.due(due_day);
                    let status = match (sent_on, due) {
                        (Some(day), Some(due)) if day <= due => Status::OnTime,
                        (Some(_), _) => Status::Late,
                        (None, Some(due)) if today <= due => Status::Due,
                        (None, _) => Status::Missing,
                    };
                    row_rates.add(status);
                    rates.add(status);
                    MatrixCell {
                        month,
                        status,
                        sent_on,
                        entries: cell.iter().map(|(position, ..)| *position).collect(),
                        uncounted: cell
                            .iter()
                            .map(|(.., trust)| *trust)
                            .filter(|trust| *trust != Trust::Verified)
                            .collect(),
                    }
                })
                .collect();
            MatrixRow {
                office: office.code.clone(),
                cells,
                rates: row_rates,
            }
        })
        .collect();
    let last_due = months
        .iter()
        .rposition(|m| m.due(due_day).is_some_and(|due| due < today))
        .map(|column| {
            let missing = rows
                .iter()
                .filter(|row| row.cells[column].status == Status::Missing)
                .map(|row| row.office.clone())
                .collect();
            (months[column], missing)
        });
    Matrix {
        months: months.to_vec(),
        rows,
        rates,
        last_due,
    }
}
