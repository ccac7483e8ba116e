//! The cases ledger's form and list.

use super::{finish, form, identity, Entry};
use crate::domain::day::Timestamp;
use crate::domain::enums::*;
use crate::domain::form::{FormReader, FormValues};
use crate::domain::model::*;
use crate::domain::query::{Cell, Listed};
use crate::domain::text::Text;
use crate::domain::validate::{self, Problem};

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

    fn from_form(
        values: &FormValues,
        previous: Option<&Self>,
        now: Timestamp,
        office_exists: &dyn Fn(&str) -> bool,
    ) -> Result<Self, Vec<Problem>> {
        let mut read = FormReader::new(values);
        let (id, revision, updated_at) = identity(previous, &now);
        let record = Case {
            id,
            office: read.text("office"),
            revision,
            updated_at,
            deleted: false,
            reference: read.text("reference"),
            source: read.choice("source", CaseSource::from_code, CaseSource::Other),
            category: read.choice("category", CaseCategory::from_code, CaseCategory::Other),
            received_on: read.day("received_on"),
            deadline: read.optional_day("deadline"),
            status: read.choice("status", CaseStatus::from_code, CaseStatus::Received),
            resolved_on: read.optional_day("resolved_on"),
            outcome: read.optional_choice("outcome", CaseOutcome::from_code),
            notes: read.long_text("notes"),
        };
        let rules = validate::validate_case(&record, office_exists);
        finish(read, record, rules)
    }
}

impl Listed for Case {
    fn office_code(&self) -> &str {
        &self.office
    }
    fn deleted(&self) -> bool {
        self.deleted
    }
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
