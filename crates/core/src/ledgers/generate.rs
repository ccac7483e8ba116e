//! Deterministic datasets of any size, shaped like a province's roll-up:
//! a province with cities and counties, five systems each, and all three
//! ledgers with a share of resolved, overdue and deleted records. For
//! benchmarks and scale tests; the same seed gives the same data.

use crate::base::day::{Day, Timestamp};
use crate::ledgers::enums::*;
use crate::ledgers::model::*;
use crate::ledgers::sequence::Sequence;

const SYSTEMS: [OfficeSystem; 5] = [
    OfficeSystem::Committee,
    OfficeSystem::Court,
    OfficeSystem::Procuratorate,
    OfficeSystem::PublicSecurity,
    OfficeSystem::Justice,
];

fn system_name(system: OfficeSystem) -> &'static str {
    match system {
        OfficeSystem::Committee => "政法委",
        OfficeSystem::Court => "人民法院",
        OfficeSystem::Procuratorate => "人民检察院",
        OfficeSystem::PublicSecurity => "公安局",
        _ => "司法局",
    }
}

/// A province (code 21xxxx) with `cities` cities of `counties` counties each.
pub fn offices(cities: u32, counties: u32) -> Vec<Office> {
    let mut out = Vec::new();
    let mut add = |area: u32, place: &str, level: OfficeLevel, parent_area: Option<u32>| {
        for system in SYSTEMS {
            let parent = match (system, parent_area) {
                (OfficeSystem::Committee, Some(p)) => Some(format!("{p}-committee")),
                (OfficeSystem::Committee, None) => None,
                _ => Some(format!("{area}-committee")),
            };
            out.push(Office {
                code: format!("{area}-{}", system.code()),
                name: format!("{place}{}", system_name(system)),
                level,
                system,
                parent,
                headcount: Some(match level {
                    OfficeLevel::Province => 400,
                    OfficeLevel::City => 250,
                    OfficeLevel::County => 80,
                }),
            });
        }
    };
    add(210000, "省", OfficeLevel::Province, None);
    for c in 1..=cities {
        let city = 210000 + c * 100;
        add(city, &format!("第{c}市"), OfficeLevel::City, Some(210000));
        for k in 1..=counties {
            add(
                city + k,
                &format!("第{c}市第{k}县"),
                OfficeLevel::County,
                Some(city),
            );
        }
    }
    out
}

/// A dataset of about `records` records over 2021, from `seed`.
pub fn province(records: usize, seed: u64) -> Dataset {
    let mut make = Maker {
        offices: offices(14, 6),
        seq: Sequence(seed),
        now: Timestamp::from_unix_millis(1_640_995_200_000), // 2022-01-01
        start: Day::from_ymd(2021, 1, 4).unwrap_or(Day(time::Date::MIN)),
    };
    let (sessions, models) = (records * 3 / 10, records / 10);
    // In this order: the sequence makes each record from where the last left off.
    let training_sessions = make.training_sessions(sessions);
    let honoured_models = make.honoured_models(models);
    let cases = make.cases(records - sessions - models);
    Dataset {
        offices: make.offices,
        training_sessions,
        honoured_models,
        cases,
    }
}

/// What the records are drawn from: the offices, the sequence, the dates.
struct Maker {
    offices: Vec<Office>,
    seq: Sequence,
    now: Timestamp,
    start: Day,
}

impl Maker {
    fn office(&mut self) -> String {
        self.offices[self.seq.below(self.offices.len() as u64) as usize]
            .code
            .clone()
    }

    /// 2% tombstones.
    fn dead(&mut self) -> bool {
        self.seq.below(50) == 0
    }

    fn training_sessions(&mut self, count: usize) -> Vec<TrainingSession> {
        (0..count)
            .map(|i| {
                let day = self.start.add_days(self.seq.below(360) as i32);
                let kind =
                    TrainingKind::ALL[self.seq.below(TrainingKind::ALL.len() as u64) as usize];
                let dead = self.dead();
                TrainingSession {
                    id: self.seq.uuid(),
                    office: self.office(),
                    revision: if dead { 2 } else { 1 },
                    updated_at: self.now.clone(),
                    deleted: dead,
                    title: format!("{}第{}期", kind.label().zh, i % 97 + 1),
                    kind,
                    format: TrainingFormat::ALL[self.seq.below(4) as usize],
                    start_date: day,
                    end_date: day.add_days(self.seq.below(3) as i32),
                    participants: 10 + self.seq.below(300) as u32,
                    hours: Some(f64::from(2 + self.seq.below(16) as u32)),
                    notes: String::new(),
                }
            })
            .collect()
    }

    fn honoured_models(&mut self, count: usize) -> Vec<HonouredModel> {
        (0..count)
            .map(|i| {
                let kind = if self.seq.below(6) == 0 {
                    ModelKind::Collective
                } else {
                    ModelKind::Individual
                };
                let dead = self.dead();
                HonouredModel {
                    id: self.seq.uuid(),
                    office: self.office(),
                    revision: if dead { 2 } else { 1 },
                    updated_at: self.now.clone(),
                    deleted: dead,
                    name: format!("先进典型{i}"),
                    kind,
                    title: "优秀政法干警".into(),
                    level: HonourLevel::ALL[self.seq.below(4) as usize],
                    awarded_on: self.start.add_days(self.seq.below(360) as i32),
                    deeds: String::new(),
                    notes: String::new(),
                }
            })
            .collect()
    }

    fn cases(&mut self, count: usize) -> Vec<Case> {
        (0..count)
            .map(|i| {
                let received = self.start.add_days(self.seq.below(360) as i32);
                let resolved = self.seq.below(10) < 7; // 70% resolved
                let resolved_on =
                    resolved.then(|| received.add_days(1 + self.seq.below(90) as i32));
                let deadline = (self.seq.below(4) != 0)
                    .then(|| received.add_days(30 + self.seq.below(60) as i32));
                let dead = self.dead();
                Case {
                    id: self.seq.uuid(),
                    office: self.office(),
                    revision: if dead { 2 } else { 1 },
                    updated_at: self.now.clone(),
                    deleted: dead,
                    reference: format!("线索〔2021〕{i}号"),
                    source: CaseSource::ALL[self.seq.below(6) as usize],
                    category: CaseCategory::ALL[self.seq.below(7) as usize],
                    received_on: received,
                    deadline,
                    status: if resolved {
                        CaseStatus::Resolved
                    } else if self.seq.below(2) == 0 {
                        CaseStatus::Received
                    } else {
                        CaseStatus::Verifying
                    },
                    resolved_on,
                    outcome: resolved.then(|| CaseOutcome::ALL[self.seq.below(5) as usize]),
                    notes: String::new(),
                }
            })
            .collect()
    }
}
