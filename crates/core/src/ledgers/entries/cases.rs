//! The cases ledger's form and list.

use crate::base::text::Text;
use crate::ledgers::enums::*;
use crate::ledgers::model::*;
use crate::ledgers::query::{Cell, Column, Listed};

impl Listed for Case {
    const COLUMNS: &'static [Column<Self>] = &[
        ("reference", |r| Cell::Text(r.reference.clone())),
        ("source", |r| Cell::Label(r.source.label())),
        ("category", |r| Cell::Label(r.category.label())),
        ("received_on", |r| Cell::Day(Some(r.received_on))),
        ("deadline", |r| Cell::Day(r.deadline)),
        ("status", |r| Cell::Label(r.status.label())),
        ("resolved_on", |r| Cell::Day(r.resolved_on)),
        ("outcome", |r| {
            Cell::Label(r.outcome.map_or(Text::new("", ""), |o| o.label()))
        }),
        ("office", |r| Cell::Office(r.office.clone())),
    ];
    const CATEGORY: (&'static str, fn(&Self) -> &'static str) = ("status", |r| r.status.code());

    fn haystack(&self) -> String {
        format!("{} {} {}", self.reference, self.notes, self.office)
    }
    fn has_flag(&self, flag: &str, today: crate::Day) -> bool {
        match flag {
            "overdue" => self.is_overdue(today),
            "open" => self.status != CaseStatus::Resolved,
            _ => false,
        }
    }
}
