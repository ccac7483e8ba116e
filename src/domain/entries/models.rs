//! The honoured-models ledger's form and list.

use super::{form, Entry};
use crate::domain::enums::*;
use crate::domain::form::FormValues;
use crate::domain::model::*;
use crate::domain::query::{Cell, Listed};
use crate::domain::text::Text;

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
}

impl Listed for HonouredModel {
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
