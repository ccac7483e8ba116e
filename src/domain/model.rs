//! Offices and the three ledgers, field for field as in the exchange format.

use super::day::{Day, Timestamp};
use super::enums::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub code: String,
    pub name: String,
    pub level: OfficeLevel,
    pub system: OfficeSystem,
    pub parent: Option<String>,
    pub headcount: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingSession {
    pub id: Uuid,
    pub office: String,
    pub revision: u32,
    pub updated_at: Timestamp,
    pub deleted: bool,
    pub title: String,
    pub kind: TrainingKind,
    pub format: TrainingFormat,
    pub start_date: Day,
    pub end_date: Day,
    pub participants: u32,
    pub hours: Option<f64>,
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HonouredModel {
    pub id: Uuid,
    pub office: String,
    pub revision: u32,
    pub updated_at: Timestamp,
    pub deleted: bool,
    pub name: String,
    pub kind: ModelKind,
    pub title: String,
    pub level: HonourLevel,
    pub awarded_on: Day,
    pub deeds: String,
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: Uuid,
    pub office: String,
    pub revision: u32,
    pub updated_at: Timestamp,
    pub deleted: bool,
    pub reference: String,
    pub source: CaseSource,
    pub category: CaseCategory,
    pub received_on: Day,
    pub deadline: Option<Day>,
    pub status: CaseStatus,
    pub resolved_on: Option<Day>,
    pub outcome: Option<CaseOutcome>,
    pub notes: String,
}

impl Case {
    /// Overdue on `today`: not resolved, has a deadline, and today is past it.
    pub fn is_overdue(&self, today: Day) -> bool {
        self.status != CaseStatus::Resolved && self.deadline.is_some_and(|d| today > d)
    }
}

/// What every ledger record shares: identity, owner, revision and tombstone.
pub trait Record: Clone + PartialEq {
    /// The ledger's key in files, storage and URLs.
    const LEDGER: Ledger;
    fn id(&self) -> Uuid;
    fn office(&self) -> &str;
    fn revision(&self) -> u32;
    fn is_deleted(&self) -> bool;
    /// Sets revision, timestamp and tombstone flag together, as every change must.
    fn set_version(&mut self, revision: u32, updated_at: Timestamp, deleted: bool);
    /// The date the record is placed at in time (for period filters).
    fn day(&self) -> Day;
}

macro_rules! impl_record {
    ($type:ty, $ledger:expr, |$r:ident| $day:expr) => {
        impl Record for $type {
            const LEDGER: Ledger = $ledger;
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
                let $r = self;
                $day
            }
        }
    };
}

impl_record!(TrainingSession, Ledger::TrainingSessions, |r| r.start_date);
impl_record!(HonouredModel, Ledger::HonouredModels, |r| r.awarded_on);
impl_record!(Case, Ledger::Cases, |r| r.received_on);

/// The three ledgers, named as in files and in the UI contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ledger {
    TrainingSessions,
    HonouredModels,
    Cases,
}

impl Ledger {
    pub const ALL: [Ledger; 3] = [
        Ledger::TrainingSessions,
        Ledger::HonouredModels,
        Ledger::Cases,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Ledger::TrainingSessions => "training_sessions",
            Ledger::HonouredModels => "honoured_models",
            Ledger::Cases => "cases",
        }
    }

    pub fn label(self) -> super::text::Text {
        use super::text::Text;
        match self {
            Ledger::TrainingSessions => Text::new("学习教育活动", "Training sessions"),
            Ledger::HonouredModels => Text::new("英模典型", "Honoured models"),
            Ledger::Cases => Text::new("问题线索", "Cases"),
        }
    }
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
