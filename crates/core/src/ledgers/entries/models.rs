//! The honoured-models ledger's form and list.

use crate::ledgers::model::*;
use crate::ledgers::query::{Cell, Column, Listed};

impl Listed for HonouredModel {
    const COLUMNS: &'static [Column<Self>] = &[
        ("name", |r| Cell::Text(r.name.clone())),
        ("kind", |r| Cell::Label(r.kind.label())),
        ("title", |r| Cell::Text(r.title.clone())),
        ("level", |r| Cell::Label(r.level.label())),
        ("awarded_on", |r| Cell::Day(Some(r.awarded_on))),
        ("office", |r| Cell::Office(r.office.clone())),
    ];
    const CATEGORY: (&'static str, fn(&Self) -> &'static str) = ("kind", |r| r.kind.code());

    fn haystack(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.name, self.title, self.deeds, self.notes, self.office
        )
    }
}
