//! The honoured-models ledger's form and list.

use super::{finish, form, identity, Entry};
use crate::domain::day::Timestamp;
use crate::domain::enums::*;
use crate::domain::form::{FormReader, FormValues};
use crate::domain::model::*;
use crate::domain::query::{Cell, Listed};
use crate::domain::text::Text;
use crate::domain::validate::{self, Problem};

impl Entry for HonouredModel {
    fn columns() -> Vec<Text> {
        vec![
            Text::new("姓名/集体", "Name"),
            Text::new("类别", "Kind"),
            Text::new("荣誉称号", "Honour"),
            Text::new("级别", "Level"),
            Text::new("授予日期", "Awarded"),
            Text::new("单位", "Office"),
        ]
    }

    fn category_filter() -> (Text, Vec<(&'static str, Text)>) {
        (Text::new("类别", "Kind"), ModelKind::options())
    }

    fn blank_form(office: &str) -> FormValues {
        form(vec![
            ("office", office.into()),
            ("kind", ModelKind::Individual.code().into()),
            ("level", HonourLevel::County.code().into()),
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
        let record = HonouredModel {
            id,
            office: read.text("office"),
            revision,
            updated_at,
            deleted: false,
            name: read.text("name"),
            kind: read.choice("kind", ModelKind::from_code, ModelKind::Individual),
            title: read.text("title"),
            level: read.choice("level", HonourLevel::from_code, HonourLevel::County),
            awarded_on: read.day("awarded_on"),
            deeds: read.long_text("deeds"),
            notes: read.long_text("notes"),
        };
        let rules = validate::validate_model(&record, office_exists);
        finish(read, record, rules)
    }
}

impl Listed for HonouredModel {
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
        self.awarded_on
    }
    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::Text(self.name.clone()),
            Cell::Label(self.kind.label()),
            Cell::Text(self.title.clone()),
            Cell::Label(self.level.label()),
            Cell::Day(Some(self.awarded_on)),
            Cell::Office(self.office.clone()),
        ]
    }
    fn haystack(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.name, self.title, self.deeds, self.notes, self.office
        )
    }
}
