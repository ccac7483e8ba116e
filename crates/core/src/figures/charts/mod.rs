//! What each dashboard chart shows, as plain data: categories along one
//! axis and series of values. Aggregated here (by week or month, by office,
//! by category), so a chart never has more points than it has room for.
//! The same data is the chart's accessible table.

use crate::base::decimal::fixed;
use crate::figures::dashboard::Scope;
use crate::figures::phases::PhaseDates;
use crate::ledgers::enums::*;
use crate::ledgers::model::Dataset;
use crate::ledgers::tree::OfficeTree;

mod breakdowns;
mod label;
mod time;

pub use breakdowns::*;
pub use label::{ChartLabel, ChartWord};
pub use time::*;

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
    pub label: ChartLabel,
    pub values: Vec<f64>,
    /// Drawn as a line against the secondary (right) axis.
    pub secondary: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    /// The `data-chart` name.
    pub name: &'static str,
    pub title: ChartLabel,
    pub kind: ChartKind,
    pub x_title: ChartLabel,
    pub y_title: ChartLabel,
    pub y2_title: Option<ChartLabel>,
    pub categories: Vec<ChartLabel>,
    pub series: Vec<Series>,
    /// A labelled horizontal reference line (e.g. the headcount).
    pub reference: Option<(ChartLabel, f64)>,
    /// Text at the end of each bar (horizontal bars), e.g. "2/4".
    pub bar_labels: Vec<String>,
    /// Whether values are fractions shown as percentages.
    pub percent: bool,
    /// Shaded spans along the x axis (campaign phases), in category positions.
    pub bands: Vec<Band>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub label: ChartLabel,
    /// From the left edge of one category to the right edge of another (e.g. -0.5..2.5).
    pub from: f64,
    pub to: f64,
}

/// Each chart's title, x-axis and y-axis titles, by its `data-chart` name.
fn titles(name: &str) -> Option<[ChartWord; 3]> {
    use ChartWord::*;
    Some(match name {
        "models" => [ModelsByLevel, Level, Count],
        "resolution_by_office" => [ResolutionByOffice, Office, ResolutionRate],
        "cases_by_category" => [CasesByCategory, Category, Cases],
        "open_age" => [OpenCasesByAge, DaysSinceReceived, Cases],
        "training" => [TrainingSessions, Period, Sessions],
        "coverage" => [Coverage, Period, Participants],
        "cases_trend" => [CasesTrend, Period, Cases],
        _ => return None,
    })
}

impl ChartData {
    fn new(name: &'static str, kind: ChartKind) -> ChartData {
        let [title, x, y] = titles(name).map_or_else(
            || [ChartLabel::none(), ChartLabel::none(), ChartLabel::none()],
            |words| words.map(ChartLabel::Word),
        );
        ChartData {
            name,
            title,
            kind,
            x_title: x,
            y_title: y,
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

    /// A value as the chart's table and summary write it.
    pub fn format(&self, value: f64) -> String {
        if self.percent {
            format!("{}%", fixed(value * 100.0, 2))
        } else if value.fract() == 0.0 {
            fixed(value, 0)
        } else {
            fixed(value, 2)
        }
    }
}

/// Every chart of the dashboard, in order.
pub fn all(
    data: &Dataset,
    tree: &OfficeTree,
    office: &str,
    scope: &Scope,
    phases: &[PhaseDates],
) -> Vec<ChartData> {
    vec![
        training_by_period(data, scope, phases),
        coverage(data, scope, phases),
        models_by_level(data, scope),
        cases_over_time(data, scope, phases),
        resolution_by_office(data, tree, office, scope),
        cases_by_category(data, scope),
        open_by_age(data, scope),
    ]
}
