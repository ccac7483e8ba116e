//! The figures a briefing states, all from the dashboard's functions for the
//! same scope, so the briefing and the dashboard never disagree.

use crate::figures::charts::{
    cases_by_category, models_by_level, resolution_by_office, ChartLabel,
};
use crate::figures::dashboard::{cases_by_source, kpis, training_by_kind, Kpis, Scope};
use crate::figures::phases::PhaseDates;
use crate::ledgers::enums::{CaseCategory, CaseSource, HonourLevel, TrainingKind};
use crate::ledgers::tree::OfficeTree;
use crate::Dataset;

/// An office (or the chosen office's own level) by resolution rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    /// The office's name.
    pub name: String,
    /// Its own records, beside those of the offices under it (本级).
    pub own_level: bool,
    pub rate: f64,
    /// `resolved/received`, as the dashboard's chart labels its bar.
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    pub kpis: Kpis,
    /// Offices in view besides the chosen one.
    pub offices_under: usize,
    pub by_kind: Vec<(TrainingKind, u64, u64)>,
    /// Per level that occurs: individuals, collectives.
    pub models_by_level: Vec<(HonourLevel, u64, u64)>,
    pub by_source: Vec<(CaseSource, u64)>,
    pub by_category: Vec<(CaseCategory, u64)>,
    /// Each phase with its dates, and the figures within them.
    pub phases: Vec<(PhaseDates, Kpis)>,
    pub ranking: Vec<Ranked>,
    /// Only the records of approved months were counted.
    pub approved_only: bool,
}

/// The briefing's figures for `office` (and everything under it) in `scope`.
pub fn figures(
    data: &Dataset,
    tree: &OfficeTree,
    office: &str,
    scope: &Scope,
    phases: &[PhaseDates],
) -> Figures {
    let levels = models_by_level(data, scope);
    let models_by_level = HonourLevel::ALL
        .iter()
        .enumerate()
        .map(|(i, level)| {
            let of = |series: usize| {
                levels
                    .series
                    .get(series)
                    .and_then(|s| s.values.get(i))
                    .copied()
                    .unwrap_or(0.0) as u64
            };
            (*level, of(0), of(1))
        })
        .filter(|(_, i, c)| i + c > 0)
        .collect();
    let categories = cases_by_category(data, scope);
    let by_category = CaseCategory::ALL
        .iter()
        .filter_map(|category| {
            let label = ChartLabel::from(category.label());
            let at = categories.categories.iter().position(|c| *c == label)?;
            let n: f64 = categories.series.iter().map(|s| s.values[at]).sum();
            Some((*category, n as u64))
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let ranking_chart = resolution_by_office(data, tree, office, scope);
    let ranking = ranking_chart
        .categories
        .iter()
        .zip(&ranking_chart.bar_labels)
        .zip(
            ranking_chart
                .series
                .first()
                .map(|s| s.values.clone())
                .unwrap_or_default(),
        )
        .map(|((name, detail), rate)| {
            let (name, own_level) = match name {
                ChartLabel::OwnLevel(name) => (name.clone(), true),
                ChartLabel::Data(name) => (name.zh.clone(), false),
                ChartLabel::Word(_) => (String::new(), false),
            };
            Ranked {
                name,
                own_level,
                rate,
                detail: detail.clone(),
            }
        })
        .collect();
    let phases = phases
        .iter()
        .map(|p| {
            let within = Scope {
                from: Some(scope.from.map_or(p.from, |f| f.max(p.from))),
                to: Some(scope.to.map_or(p.to, |t| t.min(p.to))),
                ..scope.clone()
            };
            (p.clone(), kpis(data, &within))
        })
        .collect();
    Figures {
        kpis: kpis(data, scope),
        offices_under: scope
            .offices
            .as_ref()
            .map_or(data.offices.len(), |o| o.len().saturating_sub(1)),
        by_kind: training_by_kind(data, scope),
        models_by_level,
        by_source: cases_by_source(data, scope),
        by_category,
        phases,
        ranking,
        approved_only: scope.approved.is_some(),
    }
}
