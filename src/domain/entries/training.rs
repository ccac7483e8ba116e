//! The training-session ledger's form and list.

use super::{form, Entry};
use crate::domain::enums::*;
use crate::domain::form::FormValues;
use crate::domain::model::*;
use crate::domain::query::{Cell, Listed};
use crate::domain::text::Text;

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
}

impl Listed for TrainingSession {
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
