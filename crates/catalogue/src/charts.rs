//! The dashboard charts' words: titles, axes and series by key, the
//! accessible table's header, and the sentence that says what a chart shows.

use super::Worded;
use taizhang_core::base::text::{Lang, Text};
use taizhang_core::figures::charts::{ChartData, ChartLabel, ChartWord};
use taizhang_core::Message;

fn word(word: ChartWord) -> Text {
    use ChartWord::*;
    match word {
        ModelsByLevel => Text::new("英模典型（按荣誉级别）", "Honoured models by level"),
        ResolutionByOffice => Text::new("各单位办结率", "Resolution rate by office"),
        CasesByCategory => Text::new("问题线索（按类别和状态）", "Cases by category and status"),
        OpenCasesByAge => Text::new("未办结线索账龄", "Open cases by age"),
        TrainingSessions => Text::new("学习教育场次与人次", "Training sessions and participants"),
        Coverage => Text::new(
            "累计参学人次与干警人数",
            "Cumulative participants against headcount",
        ),
        CasesTrend => Text::new(
            "问题线索受理与办结（累计）",
            "Cases received and resolved (cumulative)",
        ),
        Level => Text::new("荣誉级别", "Level"),
        Count => Text::new("数量", "Count"),
        Office => Text::new("单位", "Office"),
        ResolutionRate => Text::new("办结率", "Resolution rate"),
        Category => Text::new("问题类别", "Category"),
        Cases => Text::new("件数", "Cases"),
        DaysSinceReceived => Text::new("受理至今天数", "Days since received"),
        Period => Text::new("时间", "Period"),
        Sessions => Text::new("场次", "Sessions"),
        Participants => Text::new("人次", "Participants"),
        Attended => Text::new("参加人次", "Participants"),
        CumulativeParticipants => Text::new("累计参学人次", "Cumulative participants"),
        Headcount => Text::new("干警人数", "Headcount"),
        Received => Text::new("累计受理", "Received"),
        Resolved => Text::new("累计办结", "Resolved"),
        OpenBacklog => Text::new("未办结", "Open backlog"),
        Overdue => Text::new("已超期", "Overdue"),
        NotOverdue => Text::new("未超期", "Not overdue"),
    }
}

impl Worded for ChartLabel {
    fn message(&self) -> Message {
        match self {
            ChartLabel::Word(w) => word(*w).into(),
            ChartLabel::Data(message) => message.clone(),
            ChartLabel::OwnLevel(name) => {
                Message::new(format!("{name}（本级）"), format!("{name} (own)"))
            }
        }
    }
}

/// A chart's label in `lang`.
pub fn chart_label(label: &ChartLabel, lang: Lang) -> String {
    match label {
        ChartLabel::Word(w) => word(*w).get(lang).to_owned(),
        ChartLabel::Data(message) => message.get(lang).to_owned(),
        ChartLabel::OwnLevel(_) => label.message().get(lang).to_owned(),
    }
}

/// The chart as a table in a language: a header row, then one row per category.
pub fn chart_table(chart: &ChartData, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![chart_label(&chart.x_title, lang)];
    header.extend(chart.series.iter().map(|s| chart_label(&s.label, lang)));
    if !chart.bar_labels.is_empty() {
        header.push(String::new());
    }
    let rows = chart
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let mut row = vec![chart_label(category, lang)];
            row.extend(chart.series.iter().map(|s| chart.format(s.values[i])));
            if let Some(label) = chart.bar_labels.get(i) {
                row.push(label.clone());
            }
            row
        })
        .collect();
    (header, rows)
}

/// What the chart shows, in a sentence, for those who cannot see it:
/// each series' total (counts) and its highest point.
pub fn chart_summary(chart: &ChartData, lang: Lang) -> String {
    if chart.is_empty() {
        return String::new();
    }
    let zh = lang == Lang::Zh;
    let parts: Vec<String> = chart
        .series
        .iter()
        .filter_map(|series| {
            let (at, max) = series
                .values
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.partial_cmp(b.1).unwrap_or(std::cmp::Ordering::Equal))?;
            let category = chart
                .categories
                .get(at)
                .map(|c| chart_label(c, lang))
                .unwrap_or_default();
            let highest = chart.format(*max);
            let label = chart_label(&series.label, lang);
            let total = chart.format(series.values.iter().sum::<f64>());
            Some(match (zh, chart.percent || series.secondary) {
                (true, true) => format!("{label}最高{highest}（{category}）"),
                (true, false) => format!("{label}合计{total}，最高{highest}（{category}）"),
                (false, true) => format!("{label}: highest {highest} ({category})"),
                (false, false) => format!("{label}: total {total}, highest {highest} ({category})"),
            })
        })
        .collect();
    let title = chart_label(&chart.title, lang);
    if zh {
        format!("{title}：{}。", parts.join("；"))
    } else {
        format!("{title}: {}.", parts.join("; "))
    }
}
