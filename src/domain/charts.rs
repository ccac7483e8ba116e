//! What each dashboard chart shows, as plain data: categories along one
//! axis and series of values. Aggregated here (by week or month, by office,
//! by category), so a chart never has more points than it has room for.
//! The same data is the chart's accessible table.

use super::dashboard::{ratio, Scope};
use super::day::Day;
use super::enums::*;
use super::model::Dataset;
use super::phases::PhaseDates;
use super::text::{Lang, Text};
use super::tree::OfficeTree;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Bars stacked per category; series marked `secondary` are lines on a right axis.
    StackedBars,
    GroupedBars,
    Lines,
    /// One bar per category, longest first, with a label at its end.
    HorizontalBars,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<f64>,
    /// Drawn as a line against the secondary (right) axis.
    pub secondary: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    /// The `data-chart` name.
    pub name: &'static str,
    pub title: String,
    pub kind: ChartKind,
    pub x_title: String,
    pub y_title: String,
    pub y2_title: Option<String>,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// A labelled horizontal reference line (e.g. the headcount).
    pub reference: Option<(String, f64)>,
    /// Text at the end of each bar (horizontal bars), e.g. "2/4".
    pub bar_labels: Vec<String>,
    /// Whether values are fractions shown as percentages.
    pub percent: bool,
    /// Shaded spans along the x axis (campaign phases), in category positions.
    pub bands: Vec<Band>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub label: String,
    /// From the left edge of one category to the right edge of another (e.g. -0.5..2.5).
    pub from: f64,
    pub to: f64,
}

impl ChartData {
    fn new(
        name: &'static str,
        kind: ChartKind,
        lang: Lang,
        title: Text,
        x: Text,
        y: Text,
    ) -> ChartData {
        ChartData {
            name,
            title: title.get(lang).to_owned(),
            kind,
            x_title: x.get(lang).to_owned(),
            y_title: y.get(lang).to_owned(),
            y2_title: None,
            categories: Vec::new(),
            series: Vec::new(),
            reference: None,
            bar_labels: Vec::new(),
            percent: false,
            bands: Vec::new(),
        }
    }

    /// Nothing to draw: no categories, or every value zero.
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
            || self
                .series
                .iter()
                .all(|s| s.values.iter().all(|v| *v == 0.0))
    }

    /// The largest stacked (or single) value on the primary axis.
    pub fn primary_max(&self) -> f64 {
        let primary = self.series.iter().filter(|s| !s.secondary);
        let max = match self.kind {
            ChartKind::StackedBars => (0..self.categories.len())
                .map(|i| primary.clone().map(|s| s.values[i]).sum::<f64>())
                .fold(0.0, f64::max),
            _ => primary
                .flat_map(|s| s.values.iter().copied())
                .fold(0.0, f64::max),
        };
        max.max(self.reference.as_ref().map(|r| r.1).unwrap_or(0.0))
    }

    pub fn secondary_max(&self) -> f64 {
        self.series
            .iter()
            .filter(|s| s.secondary)
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0, f64::max)
    }

    /// The chart as a table: a header row, then one row per category.
    pub fn table(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header = vec![self.x_title.clone()];
        header.extend(self.series.iter().map(|s| s.label.clone()));
        if !self.bar_labels.is_empty() {
            header.push(String::new());
        }
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, category)| {
                let mut row = vec![category.clone()];
                row.extend(self.series.iter().map(|s| self.format(s.values[i])));
                if let Some(label) = self.bar_labels.get(i) {
                    row.push(label.clone());
                }
                row
            })
            .collect();
        (header, rows)
    }

    /// The machine value of each cell of `table()`: plain digits (rates as
    /// fractions) for the numbers, `None` for the category and label cells.
    pub fn table_values(&self) -> Vec<Vec<Option<String>>> {
        (0..self.categories.len())
            .map(|i| {
                let mut row = vec![None];
                row.extend(self.series.iter().map(|s| Some(s.values[i].to_string())));
                if self.bar_labels.get(i).is_some() {
                    row.push(None);
                }
                row
            })
            .collect()
    }

    pub fn format(&self, value: f64) -> String {
        if self.percent {
            format!("{:.2}%", value * 100.0)
        } else if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            format!("{value:.2}")
        }
    }
}

/// Time buckets along the x axis: weeks for short spans, months otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Week,
    Month,
}

/// The bucket a day falls in, as a sortable key, and the buckets covering a span.
pub fn bucket_key(bucket: Bucket, day: Day) -> i32 {
    match bucket {
        // Weeks start on Monday; julian day 0 was a Monday.
        Bucket::Week => day.julian() - day.julian().rem_euclid(7),
        Bucket::Month => day.year() * 12 + i32::from(day.month()) - 1,
    }
}

fn bucket_label(bucket: Bucket, key: i32) -> String {
    match bucket {
        Bucket::Week => Day::from_julian(key)
            .map(|d| d.to_string()[5..].to_owned())
            .unwrap_or_default(),
        Bucket::Month => format!("{}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1),
    }
}

/// Buckets from the first to the last day (inclusive), with their labels.
pub fn buckets(first: Day, last: Day) -> (Bucket, Vec<i32>, Vec<String>) {
    let bucket = if first.days_until(last) <= 26 * 7 {
        Bucket::Week
    } else {
        Bucket::Month
    };
    let (start, end) = (bucket_key(bucket, first), bucket_key(bucket, last));
    let step = if bucket == Bucket::Week { 7 } else { 1 };
    let keys: Vec<i32> = (start..=end).step_by(step).collect();
    let labels = keys.iter().map(|&k| bucket_label(bucket, k)).collect();
    (bucket, keys, labels)
}

/// The span the time charts cover: the period, narrowed to where there are records.
fn span(days: impl Iterator<Item = Day>, scope: &Scope) -> Option<(Day, Day)> {
    let (mut lo, mut hi): (Option<Day>, Option<Day>) = (None, None);
    for day in days {
        lo = Some(lo.map_or(day, |l| l.min(day)));
        hi = Some(hi.map_or(day, |h| h.max(day)));
    }
    let lo = scope.from.map_or(lo, |f| lo.map(|l| l.max(f)))?;
    let hi = scope.to.map_or(hi, |t| hi.map(|h| h.min(t)))?;
    (lo <= hi).then_some((lo, hi))
}

/// Campaign phases as bands over the buckets they overlap.
pub fn phase_bands(phases: &[PhaseDates], bucket: Bucket, keys: &[i32], lang: Lang) -> Vec<Band> {
    let (Some(&first), Some(&last)) = (keys.first(), keys.last()) else {
        return Vec::new();
    };
    phases
        .iter()
        .filter_map(|p| {
            let (from, to) = (bucket_key(bucket, p.from), bucket_key(bucket, p.to));
            if to < first || from > last {
                return None;
            }
            let position = |key: i32| keys.partition_point(|k| *k < key) as f64;
            let start = position(from.max(first));
            let end = position(to.min(last));
            Some(Band {
                label: p.phase.label().get(lang).to_owned(),
                from: start - 0.5,
                to: end + 0.5,
            })
        })
        .collect()
}

fn index_of(keys: &[i32], key: i32) -> Option<usize> {
    keys.binary_search(&key).ok()
}

/// The x axis of a time chart: weeks or months over the span the records
/// cover within the period, clamped to it.
struct TimeAxis {
    bucket: Bucket,
    keys: Vec<i32>,
    labels: Vec<String>,
    first: Day,
    last: Day,
}

impl TimeAxis {
    fn over(days: impl Iterator<Item = Day>, scope: &Scope) -> Option<TimeAxis> {
        let (first, last) = span(days, scope)?;
        let (bucket, keys, labels) = buckets(first, last);
        Some(TimeAxis {
            bucket,
            keys,
            labels,
            first,
            last,
        })
    }

    /// The bucket a day falls in (days outside the span count at its ends).
    fn index(&self, day: Day) -> Option<usize> {
        index_of(
            &self.keys,
            bucket_key(self.bucket, day.max(self.first).min(self.last)),
        )
    }

    fn zeros(&self) -> Vec<f64> {
        vec![0.0; self.keys.len()]
    }

    /// Puts the axis on the chart, with the campaign phases it overlaps.
    fn label(self, chart: &mut ChartData, phases: &[PhaseDates], lang: Lang) {
        chart.bands = phase_bands(phases, self.bucket, &self.keys, lang);
        chart.categories = self.labels;
    }
}

fn running_total(values: Vec<f64>) -> Vec<f64> {
    values
        .into_iter()
        .scan(0.0, |total, v| {
            *total += v;
            Some(*total)
        })
        .collect()
}

pub fn training_by_period(
    data: &Dataset,
    scope: &Scope,
    phases: &[PhaseDates],
    lang: Lang,
) -> ChartData {
    let mut chart = ChartData::new(
        "training",
        ChartKind::StackedBars,
        lang,
        Text::new("学习教育场次与人次", "Training sessions and participants"),
        Text::new("时间", "Period"),
        Text::new("场次", "Sessions"),
    );
    chart.y2_title = Some(Text::new("人次", "Participants").get(lang).to_owned());
    let sessions: Vec<_> = data
        .training_sessions
        .iter()
        .filter(|r| scope.holds(*r))
        .collect();
    let Some(axis) = TimeAxis::over(sessions.iter().map(|s| s.start_date), scope) else {
        return chart;
    };
    let mut by_kind: BTreeMap<TrainingKind, Vec<f64>> = BTreeMap::new();
    let mut participants = axis.zeros();
    for s in sessions {
        if let Some(i) = axis.index(s.start_date) {
            by_kind.entry(s.kind).or_insert_with(|| axis.zeros())[i] += 1.0;
            participants[i] += f64::from(s.participants);
        }
    }
    axis.label(&mut chart, phases, lang);
    chart.series = by_kind
        .into_iter()
        .map(|(kind, values)| Series {
            label: kind.label().get(lang).to_owned(),
            values,
            secondary: false,
        })
        .collect();
    chart.series.push(Series {
        label: Text::new("参加人次", "Participants").get(lang).to_owned(),
        values: participants,
        secondary: true,
    });
    chart
}

pub fn coverage(data: &Dataset, scope: &Scope, phases: &[PhaseDates], lang: Lang) -> ChartData {
    let mut chart = ChartData::new(
        "coverage",
        ChartKind::Lines,
        lang,
        Text::new(
            "累计参学人次与干警人数",
            "Cumulative participants against headcount",
        ),
        Text::new("时间", "Period"),
        Text::new("人次", "Participants"),
    );
    let sessions: Vec<_> = data
        .training_sessions
        .iter()
        .filter(|r| scope.holds(*r))
        .collect();
    let Some(axis) = TimeAxis::over(sessions.iter().map(|s| s.start_date), scope) else {
        return chart;
    };
    let mut per_bucket = axis.zeros();
    for s in sessions {
        if let Some(i) = axis.index(s.start_date) {
            per_bucket[i] += f64::from(s.participants);
        }
    }
    let cumulative = running_total(per_bucket);
    axis.label(&mut chart, phases, lang);
    chart.series.push(Series {
        label: Text::new("累计参学人次", "Cumulative participants")
            .get(lang)
            .to_owned(),
        values: cumulative,
        secondary: false,
    });
    let headcount = scope.headcount(data);
    if headcount > 0 {
        chart.reference = Some((
            Text::new("干警人数", "Headcount").get(lang).to_owned(),
            headcount as f64,
        ));
    }
    chart
}

pub fn models_by_level(data: &Dataset, scope: &Scope, lang: Lang) -> ChartData {
    let mut chart = ChartData::new(
        "models",
        ChartKind::GroupedBars,
        lang,
        Text::new("英模典型（按荣誉级别）", "Honoured models by level"),
        Text::new("荣誉级别", "Level"),
        Text::new("数量", "Count"),
    );
    let mut counts = [[0.0; 4]; 2];
    for m in data.honoured_models.iter().filter(|r| scope.holds(*r)) {
        let level = HonourLevel::ALL
            .iter()
            .position(|l| *l == m.level)
            .unwrap_or(0);
        let kind = usize::from(m.kind == ModelKind::Collective);
        counts[kind][level] += 1.0;
    }
    chart.categories = HonourLevel::ALL
        .iter()
        .map(|l| l.label().get(lang).to_owned())
        .collect();
    chart.series = ModelKind::ALL
        .iter()
        .zip(counts)
        .map(|(kind, values)| Series {
            label: kind.label().get(lang).to_owned(),
            values: values.to_vec(),
            secondary: false,
        })
        .collect();
    chart
}

pub fn cases_over_time(
    data: &Dataset,
    scope: &Scope,
    phases: &[PhaseDates],
    lang: Lang,
) -> ChartData {
    let mut chart = ChartData::new(
        "cases_trend",
        ChartKind::Lines,
        lang,
        Text::new(
            "问题线索受理与办结（累计）",
            "Cases received and resolved (cumulative)",
        ),
        Text::new("时间", "Period"),
        Text::new("件数", "Cases"),
    );
    let cases: Vec<_> = data.cases.iter().filter(|r| scope.holds(*r)).collect();
    let events = cases.iter().map(|c| c.received_on).chain(
        cases
            .iter()
            .filter_map(|c| c.resolved_on.filter(|_| scope.resolved(c))),
    );
    let Some(axis) = TimeAxis::over(events, scope) else {
        return chart;
    };
    let mut received = axis.zeros();
    let mut resolved = axis.zeros();
    for c in &cases {
        if let Some(i) = axis.index(c.received_on) {
            received[i] += 1.0;
        }
        if let Some(i) = c
            .resolved_on
            .filter(|_| scope.resolved(c))
            .and_then(|d| axis.index(d))
        {
            resolved[i] += 1.0;
        }
    }
    let (received, resolved) = (running_total(received), running_total(resolved));
    let backlog = received.iter().zip(&resolved).map(|(r, d)| r - d).collect();
    axis.label(&mut chart, phases, lang);
    chart.series = vec![
        Series {
            label: Text::new("累计受理", "Received").get(lang).to_owned(),
            values: received,
            secondary: false,
        },
        Series {
            label: Text::new("累计办结", "Resolved").get(lang).to_owned(),
            values: resolved,
            secondary: false,
        },
        Series {
            label: Text::new("未办结", "Open backlog").get(lang).to_owned(),
            values: backlog,
            secondary: false,
        },
    ];
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
    lang: Lang,
) -> Vec<(String, HashSet<String>)> {
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
    let mut groups: Vec<(String, HashSet<String>)> = children
        .into_iter()
        .map(|i| (data.offices[i].name.clone(), subtree(&data.offices[i].code)))
        .collect();
    if let Some(code) = parent {
        let name = tree
            .index_of(&code)
            .map(|i| data.offices[i].name.clone())
            .unwrap_or_default();
        let own = Text::new("本级", "own").get(lang);
        groups.push((format!("{name}（{own}）"), HashSet::from([code])));
    }
    groups
}

pub fn resolution_by_office(
    data: &Dataset,
    tree: &OfficeTree,
    office: &str,
    scope: &Scope,
    lang: Lang,
) -> ChartData {
    let mut chart = ChartData::new(
        "resolution_by_office",
        ChartKind::HorizontalBars,
        lang,
        Text::new("各单位办结率", "Resolution rate by office"),
        Text::new("单位", "Office"),
        Text::new("办结率", "Resolution rate"),
    );
    chart.percent = true;
    if !office.is_empty() && !tree.contains(office) {
        return chart;
    }
    // One pass over the cases, each counted in the group its office falls in.
    let groups = breakdown(data, tree, office, lang);
    let group_of: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, (_, codes))| codes.iter().map(move |code| (code.as_str(), g)))
        .collect();
    let mut counts = vec![(0u64, 0u64); groups.len()];
    for case in data
        .cases
        .iter()
        .filter(|c| !c.deleted && scope.in_period(c.received_on))
    {
        if let Some(&g) = group_of.get(case.office.as_str()) {
            counts[g].1 += 1;
            counts[g].0 += u64::from(scope.resolved(case));
        }
    }
    let mut rows: Vec<(String, u64, u64)> = groups
        .into_iter()
        .zip(counts)
        .map(|((name, _), (resolved, received))| (name, resolved, received))
        .filter(|(_, _, received)| *received > 0)
        .collect();
    rows.sort_by(|a, b| {
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
        label: Text::new("办结率", "Resolution rate").get(lang).to_owned(),
        values: rows
            .iter()
            .map(|r| ratio(r.1, r.2).unwrap_or(0.0))
            .collect(),
        secondary: false,
    });
    chart
}

pub fn cases_by_category(data: &Dataset, scope: &Scope, lang: Lang) -> ChartData {
    let mut chart = ChartData::new(
        "cases_by_category",
        ChartKind::StackedBars,
        lang,
        Text::new("问题线索（按类别和状态）", "Cases by category and status"),
        Text::new("问题类别", "Category"),
        Text::new("件数", "Cases"),
    );
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
    chart.categories = counts
        .keys()
        .map(|c| c.label().get(lang).to_owned())
        .collect();
    chart.series = CaseStatus::ALL
        .iter()
        .enumerate()
        .map(|(column, status)| Series {
            label: status.label().get(lang).to_owned(),
            values: counts.values().map(|row| row[column]).collect(),
            secondary: false,
        })
        .collect();
    chart
}

pub const AGE_BUCKETS: [(i64, i64); 4] = [(0, 30), (31, 60), (61, 90), (91, i64::MAX)];

pub fn open_by_age(data: &Dataset, scope: &Scope, lang: Lang) -> ChartData {
    let mut chart = ChartData::new(
        "open_age",
        ChartKind::StackedBars,
        lang,
        Text::new("未办结线索账龄", "Open cases by age"),
        Text::new("受理至今天数", "Days since received"),
        Text::new("件数", "Cases"),
    );
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
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    // Overdue first: it takes the first (red) colour and sits at the bottom of each bar.
    chart.series = vec![
        Series {
            label: Text::new("已超期", "Overdue").get(lang).to_owned(),
            values: overdue.to_vec(),
            secondary: false,
        },
        Series {
            label: Text::new("未超期", "Not overdue").get(lang).to_owned(),
            values: on_time.to_vec(),
            secondary: false,
        },
    ];
    chart
}

/// Every chart of the dashboard, in order.
pub fn all(
    data: &Dataset,
    tree: &OfficeTree,
    office: &str,
    scope: &Scope,
    phases: &[PhaseDates],
    lang: Lang,
) -> Vec<ChartData> {
    vec![
        training_by_period(data, scope, phases, lang),
        coverage(data, scope, phases, lang),
        models_by_level(data, scope, lang),
        cases_over_time(data, scope, phases, lang),
        resolution_by_office(data, tree, office, scope, lang),
        cases_by_category(data, scope, lang),
        open_by_age(data, scope, lang),
    ]
}
