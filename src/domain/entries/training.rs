//! The training-session ledger's form and list.

use super::{finish, form, identity, Entry};
use crate::domain::day::Timestamp;
use crate::domain::enums::*;
use crate::domain::form::{FormReader, FormValues};
use crate::domain::model::*;
use crate::domain::query::{Cell, Listed};
use crate::domain::text::Text;
use crate::domain::validate::{self, Problem};

impl Entry for TrainingSession {
    fn columns() -> Vec<Text> {
        vec![
            Text::new("活动名称", "Title"),
            Text::new("类型", "Kind"),
            Text::new("形式", "Format"),
            Text::new("开始", "Start"),
            Text::new("结束", "End"),
            Text::new("人次", "Participants"),
            Text::new("学时", "Hours"),
            Text::new("单位", "Office"),
        ]
    }

    fn category_filter() -> (Text, Vec<(&'static str, Text)>) {
        (Text::new("类型", "Kind"), TrainingKind::options())
    }

    fn blank_form(office: &str) -> FormValues {
        form(vec![
            ("office", office.into()),
            ("kind", TrainingKind::PoliticalRotation.code().into()),
            ("format", TrainingFormat::InPerson.code().into()),
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
        let record = TrainingSession {
            id,
            office: read.text("office"),
            revision,
            updated_at,
            deleted: false,
            title: read.text("title"),
            kind: read.choice("kind", TrainingKind::from_code, TrainingKind::Other),
            format: read.choice(
                "format",
                TrainingFormat::from_code,
                TrainingFormat::InPerson,
            ),
            start_date: read.day("start_date"),
            end_date: read.day("end_date"),
            participants: read.integer("participants"),
            hours: read.optional_number("hours"),
            notes: read.long_text("notes"),
        };
        let rules = validate::validate_training(&record, office_exists);
        finish(read, record, rules)
    }
}

impl Listed for TrainingSession {
    fn office_code(&self) -> &str {
        &self.office
    }
    fn deleted(&self) -> bool {
        self.deleted
    }
    fn category_code(&self) -> &'static str {
        self.kind.code()
    }
    fn list_day(&self) -> crate::domain::Day {
        self.start_date
    }
    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::Text(self.title.clone()),
            Cell::Label(self.kind.label()),
            Cell::Label(self.format.label()),
            Cell::Day(Some(self.start_date)),
            Cell::Day(Some(self.end_date)),
            Cell::Count(Some(f64::from(self.participants))),
            Cell::Count(self.hours),
            Cell::Office(self.office.clone()),
        ]
    }
    fn haystack(&self) -> String {
        format!("{} {} {}", self.title, self.notes, self.office)
    }
}
