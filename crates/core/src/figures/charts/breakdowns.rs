//! The charts by category: models by level, resolution by office, cases by
//! category and status, open cases by age.

use super::label::{ChartLabel, ChartWord};
use super::*;
use crate::figures::dashboard::{ratio, Scope};
use crate::ledgers::model::Dataset;
use crate::ledgers::tree::OfficeTree;
use std::collections::{BTreeMap, HashMap, HashSet};

pub fn models_by_level(data: &Dataset, scope: &Scope) -> ChartData {
    let mut chart = ChartData::new("models", ChartKind::GroupedBars);
    let mut counts = [[0.0; 4]; 2];
    for m in data.honoured_models.iter().filter(|r| scope.holds(*r)) {
        let level = HonourLevel::ALL
            .iter()
            .position(|l| *l == m.level)
            .unwrap_or(0);
        let kind = usize::from(m.kind == ModelKind::Collective);
        counts[kind][level] += 1.0;
    }
    chart.categories = HonourLevel::ALL.iter().map(|l| l.label().into()).collect();
    chart.series = ModelKind::ALL
        .iter()
        .zip(counts)
        .map(|(kind, values)| Series {
            label: kind.label().into(),
            values: values.to_vec(),
            secondary: false,
        })
        .collect();
    chart
}

/// The groups a roll-up breaks down into, each a label and its office codes:
/// the chosen office's children (each with everything under it), plus the
/// office's own records as "本级". With all offices, the top of the tree,
/// going down through levels that have a single office.
pub fn breakdown(
    data: &Dataset,
    tree: &OfficeTree,
    office: &str,
) -> Vec<(ChartLabel, HashSet<String>)> {
    let mut parent = (!office.is_empty()).then(|| office.to_owned());
    let mut children: Vec<usize> = match &parent {
        Some(code) => tree.children_of(code).to_vec(),
        None => tree
            .walk()
            .into_iter()
            .filter(|(_, d)| *d == 0)
            .map(|(i, _)| i)
            .collect(),
    };
    while let [only] = children.as_slice() {
        let code = data.offices[*only].code.clone();
        let below = tree.children_of(&code).to_vec();
        if below.is_empty() {
            break;
        }
        parent = Some(code);
        children = below;
    }
    let subtree = |code: &str| {
        tree.subtree_codes(&data.offices, code)
            .into_iter()
            .map(String::from)
            .collect()
    };
    let mut groups: Vec<(ChartLabel, HashSet<String>)> = children
        .into_iter()
        .map(|i| {
            (
                ChartLabel::same(&data.offices[i].name),
                subtree(&data.offices[i].code),
            )
        })
        .collect();
    if let Some(code) = parent {
        let name = tree
            .index_of(&code)
            .map(|i| data.offices[i].name.clone())
            .unwrap_or_default();
        let own = ChartLabel::OwnLevel(name);
        groups.push((own, HashSet::from([code])));
    }
    groups
}

pub fn resolution_by_office(
    data: &Dataset,
    tree: &OfficeTree,
    office: &str,
    scope: &Scope,
) -> ChartData {
    let mut chart = ChartData::new("resolution_by_office", ChartKind::HorizontalBars);
    chart.percent = true;
    if !office.is_empty() && !tree.contains(office) {
        return chart;
    }
    // One pass over the cases, each counted in the group its office falls in.
    let groups = breakdown(data, tree, office);
    let group_of: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, (_, codes))| codes.iter().map(move |code| (code.as_str(), g)))
        .collect();
    let mut counts = vec![(0u64, 0u64); groups.len()];
    for case in data
        .cases
        .iter()
        .filter(|c| !c.deleted && scope.counts_at(&c.office, c.received_on))
    {
        if let Some(&g) = group_of.get(case.office.as_str()) {
            counts[g].1 += 1;
            counts[g].0 += u64::from(scope.resolved(case));
        }
    }
    let mut rows: Vec<(ChartLabel, u64, u64)> = groups
        .into_iter()
        .zip(counts)
        .map(|((name, _), (resolved, received))| (name, resolved, received))
        .filter(|(_, _, received)| *received > 0)
        .collect();
    crate::base::order::sort_by(&mut rows, |a, b| {
        let (ra, rb) = (
            ratio(a.1, a.2).unwrap_or(0.0),
            ratio(b.1, b.2).unwrap_or(0.0),
        );
        rb.partial_cmp(&ra)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.2.cmp(&a.2))
    });
    chart.categories = rows.iter().map(|r| r.0.clone()).collect();
    chart.bar_labels = rows.iter().map(|r| format!("{}/{}", r.1, r.2)).collect();
    chart.series.push(Series {
        label: ChartWord::ResolutionRate.into(),
        values: rows
            .iter()
            .map(|r| ratio(r.1, r.2).unwrap_or(0.0))
            .collect(),
        secondary: false,
    });
    chart
}

pub fn cases_by_category(data: &Dataset, scope: &Scope) -> ChartData {
    let mut chart = ChartData::new("cases_by_category", ChartKind::StackedBars);
    let mut counts: BTreeMap<CaseCategory, [f64; 3]> = BTreeMap::new();
    for c in data.cases.iter().filter(|r| scope.holds(*r)) {
        let status = if scope.resolved(c) {
            CaseStatus::Resolved
        } else if c.status == CaseStatus::Resolved {
            CaseStatus::Verifying
        } else {
            c.status
        };
        let column = CaseStatus::ALL
            .iter()
            .position(|s| *s == status)
            .unwrap_or(0);
        counts.entry(c.category).or_insert([0.0; 3])[column] += 1.0;
    }
    chart.categories = counts.keys().map(|c| c.label().into()).collect();
    chart.series = CaseStatus::ALL
        .iter()
        .enumerate()
        .map(|(column, status)| Series {
            label: status.label().into(),
            values: counts.values().map(|row| row[column]).collect(),
            secondary: false,
        })
        .collect();
    chart
}

pub const AGE_BUCKETS: [(i64, i64); 4] = [(0, 30), (31, 60), (61, 90), (91, i64::MAX)];

pub fn open_by_age(data: &Dataset, scope: &Scope) -> ChartData {
    let mut chart = ChartData::new("open_age", ChartKind::StackedBars);
    let mut on_time = [0.0; 4];
    let mut overdue = [0.0; 4];
    for c in data
        .cases
        .iter()
        .filter(|r| scope.holds(*r) && !scope.resolved(r))
    {
        let age = c.received_on.days_until(scope.today).max(0);
        let bucket = AGE_BUCKETS
            .iter()
            .position(|(lo, hi)| (*lo..=*hi).contains(&age))
            .unwrap_or(3);
        if c.is_overdue(scope.today) {
            overdue[bucket] += 1.0;
        } else {
            on_time[bucket] += 1.0;
        }
    }
    chart.categories = ["0–30", "31–60", "61–90", ">90"]
        .into_iter()
        .map(ChartLabel::same)
        .collect();
    // Overdue first: it takes the first (red) colour and sits at the bottom of each bar.
    chart.series = vec![
        Series {
            label: ChartWord::Overdue.into(),
            values: overdue.to_vec(),
            secondary: false,
        },
        Series {
            label: ChartWord::NotOverdue.into(),
            values: on_time.to_vec(),
            secondary: false,
        },
    ];
    chart
}
