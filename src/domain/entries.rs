//! Each ledger's entry form and list: fields, columns, filters, and the
//! way from form values to a valid record.

use super::day::Timestamp;
use super::enums::*;
use super::form::{day_value, optional_value, FieldKind::*, FieldSpec, FormReader, FormValues};
use super::kind::Kind;
use super::model::*;
use super::query::{Cell, Listed};
use super::text::Text;
use super::validate::{self, Problem};
use uuid::Uuid;

/// A ledger record as the entry screens see it.
pub trait Entry: Record + Listed + Sized {
    fn fields() -> Vec<FieldSpec>;
    fn columns() -> Vec<Text>;
    /// The field the list filters by (kind or status), its label and its options.
    fn category_filter() -> (Text, Vec<(&'static str, Text)>);
    fn to_form(&self) -> FormValues;
    /// A new record's form, in the given office.
    fn blank_form(office: &str) -> FormValues;
    /// The record the form describes (`previous` when editing), or every problem with it.
    fn from_form(
        values: &FormValues,
        previous: Option<&Self>,
        now: Timestamp,
        office_exists: &dyn Fn(&str) -> bool,
    ) -> Result<Self, Vec<Problem>>;
}

fn office_field() -> FieldSpec {
    FieldSpec::new(
        "office",
        Text::new("单位", "Office"),
        OfficeRef { optional: false },
    )
}

fn notes_field() -> FieldSpec {
    FieldSpec::new("notes", Text::new("备注", "Notes"), LongText)
}

/// Identity and version of the record a form saves: kept from `previous`, or new.
fn identity<R: Record>(previous: Option<&R>, now: &Timestamp) -> (Uuid, u32, Timestamp) {
    match previous {
        Some(p) => (p.id(), p.revision().saturating_add(1), now.clone()),
        None => (Uuid::new_v4(), 1, now.clone()),
    }
}

fn finish<R>(reader: FormReader<'_>, record: R, rules: Vec<Problem>) -> Result<R, Vec<Problem>> {
    let problems = reader.finish(rules);
    if problems.is_empty() {
        Ok(record)
    } else {
        Err(problems)
    }
}

fn form(pairs: Vec<(&'static str, String)>) -> FormValues {
    pairs.into_iter().collect()
}

impl Entry for TrainingSession {
    fn fields() -> Vec<FieldSpec> {
        vec![
            FieldSpec::new("title", Text::new("活动名称", "Title"), Text),
            office_field(),
            FieldSpec::new(
                "kind",
                Text::new("类型", "Kind"),
                Choice {
                    options: TrainingKind::options,
                    optional: false,
                },
            ),
            FieldSpec::new(
                "format",
                Text::new("形式", "Format"),
                Choice {
                    options: TrainingFormat::options,
                    optional: false,
                },
            ),
            FieldSpec::new("start_date", Text::new("开始日期", "Start date"), Date),
            FieldSpec::new("end_date", Text::new("结束日期", "End date"), Date),
            FieldSpec::new(
                "participants",
                Text::new("参加人次", "Participants"),
                Integer,
            ),
            FieldSpec::new("hours", Text::new("学时", "Hours"), OptionalNumber),
            notes_field(),
        ]
    }

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

    fn to_form(&self) -> FormValues {
        form(vec![
            ("title", self.title.clone()),
            ("office", self.office.clone()),
            ("kind", self.kind.code().into()),
            ("format", self.format.code().into()),
            ("start_date", day_value(self.start_date)),
            ("end_date", day_value(self.end_date)),
            ("participants", self.participants.to_string()),
            ("hours", optional_value(self.hours)),
            ("notes", self.notes.clone()),
        ])
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
    fn list_day(&self) -> super::Day {
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

impl Entry for HonouredModel {
    fn fields() -> Vec<FieldSpec> {
        vec![
            FieldSpec::new("name", Text::new("姓名/集体名称", "Name"), Text),
            office_field(),
            FieldSpec::new(
                "kind",
                Text::new("类别", "Kind"),
                Choice {
                    options: ModelKind::options,
                    optional: false,
                },
            ),
            FieldSpec::new("title", Text::new("荣誉称号", "Honour"), Text),
            FieldSpec::new(
                "level",
                Text::new("荣誉级别", "Level"),
                Choice {
                    options: HonourLevel::options,
                    optional: false,
                },
            ),
            FieldSpec::new("awarded_on", Text::new("授予日期", "Awarded on"), Date),
            FieldSpec::new("deeds", Text::new("主要事迹", "Deeds"), LongText),
            notes_field(),
        ]
    }

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

    fn to_form(&self) -> FormValues {
        form(vec![
            ("name", self.name.clone()),
            ("office", self.office.clone()),
            ("kind", self.kind.code().into()),
            ("title", self.title.clone()),
            ("level", self.level.code().into()),
            ("awarded_on", day_value(self.awarded_on)),
            ("deeds", self.deeds.clone()),
            ("notes", self.notes.clone()),
        ])
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
    fn list_day(&self) -> super::Day {
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

impl Entry for Case {
    fn fields() -> Vec<FieldSpec> {
        vec![
            FieldSpec::new("reference", Text::new("线索编号", "Reference"), Text),
            office_field(),
            FieldSpec::new(
                "source",
                Text::new("线索来源", "Source"),
                Choice {
                    options: CaseSource::options,
                    optional: false,
                },
            ),
            FieldSpec::new(
                "category",
                Text::new("问题类别", "Category"),
                Choice {
                    options: CaseCategory::options,
                    optional: false,
                },
            ),
            FieldSpec::new("received_on", Text::new("受理日期", "Received on"), Date),
            FieldSpec::new("deadline", Text::new("办理期限", "Deadline"), OptionalDate),
            FieldSpec::new(
                "status",
                Text::new("办理状态", "Status"),
                Choice {
                    options: CaseStatus::options,
                    optional: false,
                },
            ),
            FieldSpec::new(
                "resolved_on",
                Text::new("办结日期", "Resolved on"),
                OptionalDate,
            ),
            FieldSpec::new(
                "outcome",
                Text::new("办理结果", "Outcome"),
                Choice {
                    options: CaseOutcome::options,
                    optional: true,
                },
            ),
            notes_field(),
        ]
    }

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

    fn to_form(&self) -> FormValues {
        form(vec![
            ("reference", self.reference.clone()),
            ("office", self.office.clone()),
            ("source", self.source.code().into()),
            ("category", self.category.code().into()),
            ("received_on", day_value(self.received_on)),
            ("deadline", optional_value(self.deadline)),
            ("status", self.status.code().into()),
            ("resolved_on", optional_value(self.resolved_on)),
            (
                "outcome",
                self.outcome
                    .map(|o| o.code().to_owned())
                    .unwrap_or_default(),
            ),
            ("notes", self.notes.clone()),
        ])
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
    fn list_day(&self) -> super::Day {
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
    fn has_flag(&self, flag: &str, today: super::Day) -> bool {
        match flag {
            "overdue" => self.is_overdue(today),
            "open" => self.status != CaseStatus::Resolved,
            _ => false,
        }
    }
}

/// Offices have a form too, but no revision: they are keyed by code.
pub fn office_fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new("code", Text::new("单位编码", "Code"), Text),
        FieldSpec::new("name", Text::new("单位名称", "Name"), Text),
        FieldSpec::new(
            "level",
            Text::new("层级", "Level"),
            Choice {
                options: OfficeLevel::options,
                optional: false,
            },
        ),
        FieldSpec::new(
            "system",
            Text::new("系统", "System"),
            Choice {
                options: OfficeSystem::options,
                optional: false,
            },
        ),
        FieldSpec::new(
            "parent",
            Text::new("上级单位", "Parent office"),
            OfficeRef { optional: true },
        ),
        FieldSpec::new(
            "headcount",
            Text::new("干警人数", "Headcount"),
            OptionalInteger,
        ),
    ]
}

pub fn office_to_form(office: &super::model::Office) -> FormValues {
    form(vec![
        ("code", office.code.clone()),
        ("name", office.name.clone()),
        ("level", office.level.code().into()),
        ("system", office.system.code().into()),
        ("parent", office.parent.clone().unwrap_or_default()),
        ("headcount", optional_value(office.headcount)),
    ])
}

pub fn blank_office_form(parent: Option<&str>) -> FormValues {
    form(vec![
        ("level", OfficeLevel::County.code().into()),
        ("system", OfficeSystem::Committee.code().into()),
        ("parent", parent.unwrap_or_default().into()),
    ])
}

/// The office a form describes, checked against the others: codes unique,
/// parent present, no office under itself. `previous` is the code being edited.
pub fn office_from_form(
    values: &FormValues,
    previous: Option<&str>,
    offices: &[super::model::Office],
) -> Result<super::model::Office, Vec<Problem>> {
    let mut read = FormReader::new(values);
    let office = super::model::Office {
        code: read.text("code"),
        name: read.text("name"),
        level: read.choice("level", OfficeLevel::from_code, OfficeLevel::County),
        system: read.choice("system", OfficeSystem::from_code, OfficeSystem::Other),
        parent: read.optional_text("parent"),
        headcount: read.optional_integer("headcount"),
    };
    let mut rules = validate::validate_office(&office);
    let mut next: Vec<super::model::Office> = offices
        .iter()
        .filter(|o| Some(o.code.as_str()) != previous)
        .cloned()
        .collect();
    let position = next.len();
    next.push(office.clone());
    // Renaming codes would orphan the records that name the office: codes are kept.
    if let Some(old) = previous.filter(|old| *old != office.code) {
        rules.push(Problem::new(
            "code",
            format!("单位编码不能修改（原为“{old}”）"),
            format!("the code cannot change (was {old:?})"),
        ));
    }
    // Said plainly when the new parent is below the office; other tree problems as found.
    let below_itself = office.parent.as_deref().is_some_and(|parent| {
        super::tree::OfficeTree::new(offices).would_cycle(offices, &office.code, parent)
    });
    if below_itself {
        rules.retain(|p| p.field != "parent");
        rules.push(Problem::new(
            "parent",
            "上级单位不能是本单位或其下级",
            "the parent cannot be this office or one of its descendants",
        ));
    }
    rules.extend(
        validate::validate_office_tree(&next)
            .into_iter()
            .filter(|(i, p)| *i == position && !(below_itself && p.field == "parent"))
            .map(|(_, p)| p),
    );
    finish(read, office, rules)
}

/// The form field of a kind of table by name.
pub fn field_spec(kind: Kind, field: &str) -> Option<FieldSpec> {
    let fields = match kind {
        Kind::Offices => office_fields(),
        Kind::TrainingSessions => TrainingSession::fields(),
        Kind::HonouredModels => HonouredModel::fields(),
        Kind::Cases => Case::fields(),
    };
    fields.into_iter().find(|f| f.name == field)
}

/// A field's label in a language, also for the fields people never type.
pub fn field_label(kind: Kind, field: &str) -> Text {
    match field {
        "id" => Text::new("记录编号", "Record id"),
        "revision" => Text::new("版本号", "Revision"),
        "updated_at" => Text::new("修改时间", "Updated at"),
        "deleted" => Text::new("已删除", "Deleted"),
        _ => field_spec(kind, field)
            .map(|f| f.label)
            .unwrap_or(Text::new("", "")),
    }
}

/// How a value in a file reads to people: choices by their labels.
pub fn value_label(kind: Kind, field: &str, code: &str) -> Option<Text> {
    match field_spec(kind, field)?.kind {
        Choice { options, .. } => options()
            .into_iter()
            .find(|(c, _)| *c == code)
            .map(|(_, label)| label),
        _ => None,
    }
}
