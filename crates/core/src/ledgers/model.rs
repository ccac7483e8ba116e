//! Offices and the three ledgers, field for field as in the exchange format.

use crate::base::day::{Day, Timestamp};
use crate::ledgers::enums::*;
use crate::ledgers::kind::{Kind, PerKind};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Office {
    #[schemars(regex(pattern = r"^[A-Za-z0-9_-]{1,64}$"))]
    pub code: String,
    #[schemars(length(min = 1, max = 100))]
    pub name: String,
    pub level: OfficeLevel,
    pub system: OfficeSystem,
    pub parent: Option<String>,
    #[schemars(range(max = 10_000_000))]
    pub headcount: Option<u32>,
}

/// A row of one kind of table: an office or a record of a ledger.
pub trait Row: Clone + PartialEq + Serialize + DeserializeOwned {
    const KIND: Kind;
    fn rows(data: &Dataset) -> &Vec<Self>;
    fn rows_mut(data: &mut Dataset) -> &mut Vec<Self>;
}

macro_rules! impl_row {
    ($type:ty, $kind:expr, $field:ident) => {
        impl Row for $type {
            const KIND: Kind = $kind;
            fn rows(data: &Dataset) -> &Vec<Self> {
                &data.$field
            }
            fn rows_mut(data: &mut Dataset) -> &mut Vec<Self> {
                &mut data.$field
            }
        }
    };
}

impl_row!(Office, Kind::Offices, offices);

/// Declares a ledger's record: the header every record shares (id, owning
/// office, revision, when it last changed, tombstone flag) and then its own
/// fields, in file order; with its table and the date that places it in time.
macro_rules! ledger_record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $table:ident ($kind:ident), placed at $day:ident {
            $($(#[$field_meta:meta])* pub $field:ident: $type:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            pub id: Uuid,
            pub office: String,
            #[schemars(range(min = 1))]
            pub revision: u32,
            pub updated_at: Timestamp,
            pub deleted: bool,
            $($(#[$field_meta])* pub $field: $type,)*
        }

        impl Record for $name {
            fn id(&self) -> Uuid {
                self.id
            }
            fn office(&self) -> &str {
                &self.office
            }
            fn revision(&self) -> u32 {
                self.revision
            }
            fn is_deleted(&self) -> bool {
                self.deleted
            }
            fn set_version(&mut self, revision: u32, updated_at: Timestamp, deleted: bool) {
                self.revision = revision;
                self.updated_at = updated_at;
                self.deleted = deleted;
            }
            fn day(&self) -> Day {
                self.$day
            }
        }

        impl_row!($name, Kind::$kind, $table);
    };
}

ledger_record! {
    /// A training or education session (学习教育活动).
    pub struct TrainingSession in training_sessions (TrainingSessions), placed at start_date {
    #[schemars(length(min = 1, max = 200))]
    pub title: String,
    pub kind: TrainingKind,
    pub format: TrainingFormat,
    pub start_date: Day,
    pub end_date: Day,
    #[schemars(range(max = 10_000_000))]
    pub participants: u32,
    #[schemars(range(min = 0.0, max = 10_000.0))]
    pub hours: Option<f64>,
    #[schemars(length(max = 4000))]
    pub notes: String,
    }
}

ledger_record! {
    /// An honoured model: a person or a collective (英模典型).
    pub struct HonouredModel in honoured_models (HonouredModels), placed at awarded_on {
    #[schemars(length(min = 1, max = 200))]
    pub name: String,
    pub kind: ModelKind,
    #[schemars(length(min = 1, max = 200))]
    pub title: String,
    pub level: HonourLevel,
    pub awarded_on: Day,
    #[schemars(length(max = 4000))]
    pub deeds: String,
    #[schemars(length(max = 4000))]
    pub notes: String,
    }
}

ledger_record! {
    /// A case of a problem found and handled (问题线索).
    pub struct Case in cases (Cases), placed at received_on {
    #[schemars(length(min = 1, max = 64))]
    pub reference: String,
    pub source: CaseSource,
    pub category: CaseCategory,
    pub received_on: Day,
    pub deadline: Option<Day>,
    pub status: CaseStatus,
    pub resolved_on: Option<Day>,
    pub outcome: Option<CaseOutcome>,
    #[schemars(length(max = 4000))]
    pub notes: String,
    }
}

impl Case {
    /// Overdue on `today`: not resolved, has a deadline, and today is past it.
    pub fn is_overdue(&self, today: Day) -> bool {
        self.status != CaseStatus::Resolved && self.deadline.is_some_and(|d| today > d)
    }
}

/// What every ledger record shares: identity, owner, revision and tombstone.
pub trait Record: Row {
    fn id(&self) -> Uuid;
    fn office(&self) -> &str;
    fn revision(&self) -> u32;
    fn is_deleted(&self) -> bool;
    /// Sets revision, timestamp and tombstone flag together, as every change must.
    fn set_version(&mut self, revision: u32, updated_at: Timestamp, deleted: bool);
    /// The date the record is placed at in time (for period filters).
    fn day(&self) -> Day;
}

/// An office's name among `offices`, else its code (a file, a lock or a
/// key may name an office the list does not hold).
pub fn office_name<'a>(offices: impl IntoIterator<Item = &'a Office>, code: &str) -> String {
    offices
        .into_iter()
        .find(|o| o.code == code)
        .map_or_else(|| code.to_owned(), |o| o.name.clone())
}

/// Everything one copy of the app holds: the offices and the three ledgers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub offices: Vec<Office>,
    pub training_sessions: Vec<TrainingSession>,
    pub honoured_models: Vec<HonouredModel>,
    pub cases: Vec<Case>,
}

impl Dataset {
    pub fn record_count(&self) -> usize {
        self.training_sessions.len() + self.honoured_models.len() + self.cases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.offices.is_empty() && self.record_count() == 0
    }
}

/// Runs `$body` with `$row` standing for the row type of `$kind` (one
/// exhaustive match, so a new kind of table cannot be forgotten anywhere).
#[macro_export]
macro_rules! with_row_type {
    ($kind:expr, $row:ident => $body:expr) => {
        match $kind {
            $crate::Kind::Offices => $crate::with_row_type!(@ $row, Office, $body),
            $crate::Kind::TrainingSessions => $crate::with_row_type!(@ $row, TrainingSession, $body),
            $crate::Kind::HonouredModels => $crate::with_row_type!(@ $row, HonouredModel, $body),
            $crate::Kind::Cases => $crate::with_row_type!(@ $row, Case, $body),
        }
    };
    (@ $row:ident, $name:ident, $body:expr) => {{
        type $row = $crate::$name;
        $body
    }};
}

impl Dataset {
    /// Rows of one kind, tombstones included.
    pub fn len_of(&self, kind: Kind) -> usize {
        with_row_type!(kind, R => R::rows(self).len())
    }

    pub fn lengths(&self) -> PerKind<usize> {
        PerKind::from_fn(|kind| self.len_of(kind))
    }
}
