//! The cases ledger's form and list.

use super::{form, Entry};
use crate::domain::enums::*;
use crate::domain::form::FormValues;
use crate::domain::model::*;
use crate::domain::query::{Cell, Listed};
use crate::domain::text::Text;

impl Entry for Case {
    fn columns() -> Vec<Text> {
        vec![
            Text::new("编号", "Reference"),
            Text::new("来源", "Source"),
            Text::new("类别", "Category"),
            Text::new("受理", "Received"),
            Text::new("期限", "Deadline"),
            Text::new("状态", "Status"),
            Text::new("办结", "Resolved"),
            Text::new("结果", "Outcome"),
            Text::new("单位", "Office"),
        ]
    }

    fn category_filter() -> (Text, Vec<(&'static str, Text)>) {
        (Text::new("状态", "Status"), CaseStatus::options())
    }

    fn blank_form(office: &str) -> FormValues {
        form(vec![
            ("office", office.into()),
            ("source", CaseSource::SupervisionGroup.code().into()),
            ("category", CaseCategory::Interference.code().into()),
            ("status", CaseStatus::Received.code().into()),
        ])
    }
}

impl Listed for Case {
    fn category_code(&self) -> &'static str {
        self.status.code()
    }
    fn list_day(&self) -> crate::domain::Day {
        self.received_on
    }
    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::Text(self.reference.clone()),
            Cell::Label(self.source.label()),
            Cell::Label(self.category.label()),
            Cell::Day(Some(self.received_on)),
            Cell::Day(self.deadline),
            Cell::Label(self.status.label()),
            Cell::Day(self.resolved_on),
            Cell::Text(
                self.outcome
                    .map(|o| o.label().zh)
                    .unwrap_or_default()
                    .to_owned(),
            ),
            Cell::Office(self.office.clone()),
        ]
    }
    fn haystack(&self) -> String {
        format!("{} {} {}", self.reference, self.notes, self.office)
    }
    fn has_flag(&self, flag: &str, today: crate::domain::Day) -> bool {
        match flag {
            "overdue" => self.is_overdue(today),
            "open" => self.status != CaseStatus::Resolved,
            _ => false,
        }
    }
}
