//! The time charts: training by period, cumulative participants, cases over time,
//! on an axis of weeks or months with the campaign's phases shaded.

use super::label::{ChartLabel, ChartWord};
use super::*;
use crate::base::day::Day;
use crate::figures::dashboard::Scope;
use crate::figures::phases::PhaseDates;
use crate::ledgers::model::{Dataset, TrainingSession};
use std::collections::BTreeMap;

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
pub fn phase_bands(phases: &[PhaseDates], bucket: Bucket, keys: &[i32]) -> Vec<Band> {
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
                label: p.phase.label().into(),
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
    fn label(self, chart: &mut ChartData, phases: &[PhaseDates]) {
        chart.bands = phase_bands(phases, self.bucket, &self.keys);
        chart.categories = self.labels.into_iter().map(ChartLabel::same).collect();
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

/// The training sessions in scope, and the time axis over them (none when there are none).
fn sessions_on_axis<'a>(
    data: &'a Dataset,
    scope: &Scope,
) -> Option<(Vec<&'a TrainingSession>, TimeAxis)> {
    let sessions: Vec<&TrainingSession> = data
        .training_sessions
        .iter()
        .filter(|r| scope.holds(*r))
        .collect();
    let axis = TimeAxis::over(sessions.iter().map(|s| s.start_date), scope)?;
    Some((sessions, axis))
}

pub fn training_by_period(data: &Dataset, scope: &Scope, phases: &[PhaseDates]) -> ChartData {
    let mut chart = ChartData::new("training", ChartKind::StackedBars);
    chart.y2_title = Some(ChartWord::Participants.into());
    let Some((sessions, axis)) = sessions_on_axis(data, scope) else {
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
    axis.label(&mut chart, phases);
    chart.series = by_kind
        .into_iter()
        .map(|(kind, values)| Series {
            label: kind.label().into(),
            values,
            secondary: false,
        })
        .collect();
    chart.series.push(Series {
        label: ChartWord::Attended.into(),
        values: participants,
        secondary: true,
    });
    chart
}

pub fn coverage(data: &Dataset, scope: &Scope, phases: &[PhaseDates]) -> ChartData {
    let mut chart = ChartData::new("coverage", ChartKind::Lines);
    let Some((sessions, axis)) = sessions_on_axis(data, scope) else {
        return chart;
    };
    let mut per_bucket = axis.zeros();
    for s in sessions {
        if let Some(i) = axis.index(s.start_date) {
            per_bucket[i] += f64::from(s.participants);
        }
    }
    let cumulative = running_total(per_bucket);
    axis.label(&mut chart, phases);
    chart.series.push(Series {
        label: ChartWord::CumulativeParticipants.into(),
        values: cumulative,
        secondary: false,
    });
    let headcount = scope.headcount(data);
    if headcount > 0 {
        chart.reference = Some((ChartWord::Headcount.into(), headcount as f64));
    }
    chart
}

pub fn cases_over_time(data: &Dataset, scope: &Scope, phases: &[PhaseDates]) -> ChartData {
    let mut chart = ChartData::new("cases_trend", ChartKind::Lines);
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
    axis.label(&mut chart, phases);
    chart.series = vec![
        Series {
            label: ChartWord::Received.into(),
            values: received,
            secondary: false,
        },
        Series {
            label: ChartWord::Resolved.into(),
            values: resolved,
            secondary: false,
        },
        Series {
            label: ChartWord::OpenBacklog.into(),
            values: backlog,
            secondary: false,
        },
    ];
    chart
}
