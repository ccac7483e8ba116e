//! Charts drawn: a mark for every value, titles, axes and legends in
//! Chinese, an empty chart that says so, and round axis maxima.

use crate::support::{day, render, sample_charts};
use plotters::prelude::*;
use taizhang_catalogue::chart_label;
use taizhang_charts as charts;
use taizhang_core::figures::charts as chart_data;
use taizhang_core::figures::dashboard::Scope;
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::*;

/// SVG elements filled or stroked with `colour` (plotters writes `#RRGGBB`).
fn elements_in(svg: &str, colour: RGBColor) -> usize {
    let hex = format!("#{:02x}{:02x}{:02x}", colour.0, colour.1, colour.2);
    svg.to_lowercase()
        .split('<')
        .filter(|element| {
            element.contains(&format!("fill=\"{hex}\""))
                || element.contains(&format!("stroke=\"{hex}\""))
        })
        .filter(|element| {
            !element.starts_with("rect")
                || (has_extent(element, "width") && has_extent(element, "height"))
        })
        .count()
}

/// A rect attribute (`width="12"`) that is more than zero.
fn has_extent(element: &str, name: &str) -> bool {
    element
        .split(&format!(" {name}=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|value| value.parse::<f64>().ok())
        .is_some_and(|value| value > 0.0)
}

/// Every series with a value is drawn in its colour: a bar per non-zero value
/// (or a line), besides its legend swatch. The background and axes do not count.
fn assert_marks_for_every_value(chart: &chart_data::ChartData, svg: &str) {
    let ordered = chart
        .series
        .iter()
        .filter(|s| !s.secondary)
        .chain(chart.series.iter().filter(|s| s.secondary));
    if chart.kind == chart_data::ChartKind::HorizontalBars {
        let bars = chart.series[0].values.iter().filter(|v| **v != 0.0).count();
        assert!(bars > 0, "{} has values", chart.name);
        assert!(
            elements_in(svg, charts::PALETTE[0]) >= bars,
            "{}: a bar per value",
            chart.name
        );
        return;
    }
    for (i, series) in ordered.enumerate() {
        // Values too small to be a pixel high at this size are not looked for.
        let visible = chart.primary_max() * 0.02;
        let non_zero = series.values.iter().filter(|v| **v > visible).count();
        if non_zero == 0 {
            continue;
        }
        let marks = if series.secondary || chart.kind == chart_data::ChartKind::Lines {
            1
        } else {
            non_zero
        };
        let found = elements_in(svg, charts::PALETTE[i % charts::PALETTE.len()]);
        assert!(
            found > marks,
            "{}: {} needs {marks} marks and a swatch, found {found}",
            chart.name,
            chart_label(&series.label, Lang::Zh)
        );
    }
}

#[test]
fn every_chart_draws_with_chinese_titles_axes_and_legends() {
    let (data, scope, charts) = sample_charts();
    for chart in charts {
        let svg = render(&chart);
        assert!(
            svg.contains(&chart_label(&chart.title, Lang::Zh)),
            "{} has its title",
            chart.name
        );
        assert_marks_for_every_value(&chart, &svg);
        assert!(!svg.contains("暂无数据"), "{} is not empty", chart.name);
        for series in chart
            .series
            .iter()
            .filter(|_| chart.kind != chart_data::ChartKind::HorizontalBars)
        {
            assert!(
                svg.contains(&chart_label(&series.label, Lang::Zh)),
                "{}: legend has {}",
                chart.name,
                chart_label(&series.label, Lang::Zh)
            );
        }
    }
    let models = render(&chart_data::models_by_level(&data, &scope));
    assert!(
        models.contains("县级") && models.contains("荣誉级别"),
        "axis labels in Chinese"
    );
}

#[test]
fn an_empty_chart_says_so_instead_of_drawing_axes() {
    let empty = Dataset::default();
    let tree = OfficeTree::new(&empty.offices);
    let scope = Scope::new(&empty, &tree, "", None, None, day("2021-06-01"));
    for chart in chart_data::all(&empty, &tree, "", &scope, &[]) {
        assert!(chart.is_empty(), "{}", chart.name);
        let svg = render(&chart);
        assert!(svg.contains("暂无数据"));
        assert!(!svg.contains("<polyline"), "{} draws no axes", chart.name);
    }
}

#[test]
fn axis_maxima_are_round() {
    assert_eq!(charts::nice_max(0.0), 1.0);
    assert_eq!(charts::nice_max(227.0), 250.0);
    assert_eq!(charts::nice_max(9.0), 10.0);
    assert_eq!(charts::nice_max(0.73), 1.0);
}
