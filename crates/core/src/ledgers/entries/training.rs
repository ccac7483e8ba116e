//! The training-session ledger's form and list.

use crate::ledgers::model::*;
use crate::ledgers::query::{Cell, Column, Listed};

impl Listed for TrainingSession {
    const COLUMNS: &'static [Column<Self>] = &[
        ("title", |r| Cell::Text(r.title.clone())),
        ("kind", |r| Cell::Label(r.kind.label())),
        ("format", |r| Cell::Label(r.format.label())),
        ("start_date", |r| Cell::Day(Some(r.start_date))),
        ("end_date", |r| Cell::Day(Some(r.end_date))),
        ("participants", |r| {
            Cell::Count(Some(f64::from(r.participants)))
        }),
        ("hours", |r| Cell::Count(r.hours)),
        ("office", |r| Cell::Office(r.office.clone())),
    ];
    const CATEGORY: (&'static str, fn(&Self) -> &'static str) = ("kind", |r| r.kind.code());

    fn haystack(&self) -> String {
        format!("{} {} {}", self.title, self.notes, self.office)
    }
}
