//! The dashboard's figures for an office and everything under it, over a
//! period. Rates are always recomputed from summed numerators and
//! denominators; tombstones count nowhere.

use crate::base::day::Day;
use crate::ledgers::enums::{CaseStatus, ModelKind};
use crate::ledgers::model::{Case, Dataset, Record};
use crate::ledgers::tree::OfficeTree;
use crate::reporting::approval::ApprovedMonths;
use std::collections::HashSet;

/// Which records the dashboard looks at.
#[derive(Clone, Debug, PartialEq)]
pub struct Scope {
    /// Codes of the offices in view; `None` = every office (and unknown ones).
    pub offices: Option<HashSet<String>>,
    pub from: Option<Day>,
    pub to: Option<Day>,
    /// "Today" for overdue and ages.
    pub today: Day,
    /// Only the records of approved months (`None`: all).
    pub approved: Option<ApprovedMonths>,
}

impl Scope {
    /// An office and everything under it (`""` = all offices).
    pub fn new(
        data: &Dataset,
        tree: &OfficeTree,
        office: &str,
        from: Option<Day>,
        to: Option<Day>,
        today: Day,
    ) -> Scope {
        let offices = (!office.is_empty()).then(|| {
            tree.subtree_codes(&data.offices, office)
                .into_iter()
                .map(String::from)
                .collect()
        });
        Scope {
            offices,
            from,
            to,
            today,
            approved: None,
        }
    }

    /// The same scope, counting only the records of approved months.
    pub fn approved_only(self, approved: ApprovedMonths) -> Scope {
        Scope {
            approved: Some(approved),
            ..self
        }
    }

    /// Placed in the period, and approved when only approved months count.
    pub fn counts_at(&self, office: &str, day: Day) -> bool {
        self.in_period(day) && self.approved.as_ref().is_none_or(|a| a.counts(office, day))
    }

    pub fn has_office(&self, code: &str) -> bool {
        self.offices.as_ref().is_none_or(|set| set.contains(code))
    }

    pub fn in_period(&self, day: Day) -> bool {
        self.from.is_none_or(|from| day >= from) && self.to.is_none_or(|to| day <= to)
    }

    /// A live record of an office in view, placed in the period.
    pub fn holds<R: Record>(&self, record: &R) -> bool {
        !record.is_deleted()
            && self.has_office(record.office())
            && self.counts_at(record.office(), record.day())
    }

    /// Officers in the offices in view (the denominator of coverage).
    pub fn headcount(&self, data: &Dataset) -> u64 {
        data.offices
            .iter()
            .filter(|o| self.has_office(&o.code))
            .filter_map(|o| o.headcount)
            .map(u64::from)
            .sum()
    }

    /// Resolved within the period (a case resolved after its end was still open then).
    pub fn resolved(&self, case: &Case) -> bool {
        case.status == CaseStatus::Resolved
            && case
                .resolved_on
                .is_none_or(|d| self.to.is_none_or(|to| d <= to))
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kpis {
    pub sessions: u64,
    pub participants: u64,
    pub individuals: u64,
    pub collectives: u64,
    pub received: u64,
    pub resolved: u64,
    pub overdue: u64,
    pub open: u64,
    /// Officers in the offices in view (the denominator of coverage).
    pub headcount: u64,
    /// Sum of days from received to resolved, over `resolved` cases with a date.
    pub days_to_resolve: u64,
    pub resolved_with_date: u64,
}

/// A fraction that exists only when its denominator is not zero.
pub fn ratio(numerator: u64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

impl Kpis {
    pub fn resolution_rate(&self) -> Option<f64> {
        ratio(self.resolved, self.received)
    }

    pub fn participants_per_officer(&self) -> Option<f64> {
        ratio(self.participants, self.headcount)
    }

    pub fn average_days_to_resolve(&self) -> Option<f64> {
        ratio(self.days_to_resolve, self.resolved_with_date)
    }

    /// Sums two sets of figures (used to roll children up; rates follow from the sums).
    pub fn plus(&self, other: &Kpis) -> Kpis {
        Kpis {
            sessions: self.sessions + other.sessions,
            participants: self.participants + other.participants,
            individuals: self.individuals + other.individuals,
            collectives: self.collectives + other.collectives,
            received: self.received + other.received,
            resolved: self.resolved + other.resolved,
            overdue: self.overdue + other.overdue,
            open: self.open + other.open,
            headcount: self.headcount + other.headcount,
            days_to_resolve: self.days_to_resolve + other.days_to_resolve,
            resolved_with_date: self.resolved_with_date + other.resolved_with_date,
        }
    }
}

pub fn kpis(data: &Dataset, scope: &Scope) -> Kpis {
    let mut k = Kpis::default();
    for s in data.training_sessions.iter().filter(|r| scope.holds(*r)) {
        k.sessions += 1;
        k.participants += u64::from(s.participants);
    }
    for m in data.honoured_models.iter().filter(|r| scope.holds(*r)) {
        match m.kind {
            ModelKind::Individual => k.individuals += 1,
            ModelKind::Collective => k.collectives += 1,
        }
    }
    for c in data.cases.iter().filter(|r| scope.holds(*r)) {
        k.received += 1;
        if scope.resolved(c) {
            k.resolved += 1;
            if let Some(done) = c.resolved_on {
                k.resolved_with_date += 1;
                k.days_to_resolve += c.received_on.days_until(done).max(0) as u64;
            }
        } else {
            k.open += 1;
            if c.is_overdue(scope.today) {
                k.overdue += 1;
            }
        }
    }
    k.headcount = scope.headcount(data);
    k
}

/// Sessions and participants per kind of training, in the order of the
/// kinds, for the kinds that occur (the briefing breaks training down so).
pub fn training_by_kind(
    data: &Dataset,
    scope: &Scope,
) -> Vec<(crate::ledgers::enums::TrainingKind, u64, u64)> {
    use crate::ledgers::enums::TrainingKind;
    let mut counts = vec![(0u64, 0u64); TrainingKind::ALL.len()];
    for s in data.training_sessions.iter().filter(|r| scope.holds(*r)) {
        let at = TrainingKind::ALL
            .iter()
            .position(|k| *k == s.kind)
            .unwrap_or(0);
        counts[at].0 += 1;
        counts[at].1 += u64::from(s.participants);
    }
    TrainingKind::ALL
        .iter()
        .zip(counts)
        .filter(|(_, (n, _))| *n > 0)
        .map(|(k, (n, p))| (*k, n, p))
        .collect()
}

/// Cases received per source, for the sources that occur.
pub fn cases_by_source(
    data: &Dataset,
    scope: &Scope,
) -> Vec<(crate::ledgers::enums::CaseSource, u64)> {
    use crate::ledgers::enums::CaseSource;
    CaseSource::ALL
        .iter()
        .map(|source| {
            let n = data
                .cases
                .iter()
                .filter(|c| scope.holds(*c) && c.source == *source)
                .count() as u64;
            (*source, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}
