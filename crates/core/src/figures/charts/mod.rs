//! What each dashboard chart shows, as plain data: categories along one
//! axis and series of values. Aggregated here (by week or month, by office,
//! by category), so a chart never has more points than it has room for.
//! The same data is the chart's accessible table.

use crate::base::text::{Lang, Message, Text};
use crate::figures::dashboard::Scope;
use crate::figures::phases::PhaseDates;
use crate::ledgers::enums::*;
use crate::ledgers::model::Dataset;
use crate::ledgers::tree::OfficeTree;

mod breakdowns;
mod time;

pub use breakdowns::*;
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
    pub label: Message,
    pub values: Vec<f64>,
    /// Drawn as a line against the secondary (right) axis.
    pub secondary: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    /// The `data-chart` name.
    pub name: &'static str,
    pub title: Message,
    pub kind: ChartKind,
    pub x_title: Message,
    pub y_title: Message,
    pub y2_title: Option<Message>,
    pub categories: Vec<Message>,
    pub series: Vec<Series>,
    /// A labelled horizontal reference line (e.g. the headcount).
    pub reference: Option<(Message, f64)>,
    /// Text at the end of each bar (horizontal bars), e.g. "2/4".
    pub bar_labels: Vec<String>,
    /// Whether values are fractions shown as percentages.
    pub percent: bool,
    /// Shaded spans along the x axis (campaign phases), in category positions.
    pub bands: Vec<Band>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub label: Message,
    /// From the left edge of one category to the right edge of another (e.g. -0.5..2.5).
    pub from: f64,
    pub to: f64,
}

/// Each chart's title, x-axis and y-axis titles, by its `data-chart` name.
#[rustfmt::skip]
const TITLES: &[(&str, [Text; 3])] = &[
    ("models", [Text::new("英模典型（按荣誉级别）", "Honoured models by level"), Text::new("荣誉级别", "Level"), Text::new("数量", "Count")]),
    ("resolution_by_office", [Text::new("各单位办结率", "Resolution rate by office"), Text::new("单位", "Office"), Text::new("办结率", "Resolution rate")]),
    ("cases_by_category", [Text::new("问题线索（按类别和状态）", "Cases by category and status"), Text::new("问题类别", "Category"), Text::new("件数", "Cases")]),
    ("open_age", [Text::new("未办结线索账龄", "Open cases by age"), Text::new("受理至今天数", "Days since received"), Text::new("件数", "Cases")]),
    ("training", [Text::new("学习教育场次与人次", "Training sessions and participants"), Text::new("时间", "Period"), Text::new("场次", "Sessions")]),
    ("coverage", [Text::new("累计参学人次与干警人数", "Cumulative participants against headcount"), Text::new("时间", "Period"), Text::new("人次", "Participants")]),
    ("cases_trend", [Text::new("问题线索受理与办结（累计）", "Cases received and resolved (cumulative)"), Text::new("时间", "Period"), Text::new("件数", "Cases")]),
];

impl ChartData {
    fn new(name: &'static str, kind: ChartKind) -> ChartData {
        let no_title = Text::new("", "");
        let [title, x, y] = TITLES
            .iter()
            .find(|(n, _)| *n == name)
            .map_or([no_title; 3], |(_, titles)| *titles);
        ChartData {
            name,
            title: title.into(),
            kind,
            x_title: x.into(),
            y_title: y.into(),
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

    /// The chart as a table in a language: a header row, then one row per category.
    pub fn table(&self, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header = vec![self.x_title.get(lang).to_owned()];
        header.extend(self.series.iter().map(|s| s.label.get(lang).to_owned()));
        if !self.bar_labels.is_empty() {
            header.push(String::new());
        }
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, category)| {
                let mut row = vec![category.get(lang).to_owned()];
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

    /// What the chart shows, in a sentence, for those who cannot see it:
    /// each series' total (counts) and its highest point.
    pub fn summary(&self, lang: Lang) -> String {
        if self.is_empty() {
            return String::new();
        }
        let zh = lang == Lang::Zh;
        let parts: Vec<String> =
            self.series
                .iter()
                .filter_map(|series| {
                    let (at, max) =
                        series.values.iter().enumerate().max_by(|a, b| {
                            a.1.partial_cmp(b.1).unwrap_or(std::cmp::Ordering::Equal)
                        })?;
                    let category = self.categories.get(at).map(|c| c.get(lang)).unwrap_or("");
                    let highest = self.format(*max);
                    let label = series.label.get(lang);
                    let total = series.values.iter().sum::<f64>();
                    Some(match (zh, self.percent || series.secondary) {
                        (true, true) => format!("{label}最高{highest}（{category}）"),
                        (true, false) => format!(
                            "{label}合计{}，最高{highest}（{category}）",
                            self.format(total)
                        ),
                        (false, true) => format!("{label}: highest {highest} ({category})"),
                        (false, false) => format!(
                            "{label}: total {}, highest {highest} ({category})",
                            self.format(total)
                        ),
                    })
                })
                .collect();
        let title = self.title.get(lang);
        if zh {
            format!("{title}：{}。", parts.join("；"))
        } else {
            format!("{title}: {}.", parts.join("; "))
        }
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
