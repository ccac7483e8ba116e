//! What each chart holds: totals that match the figures, weeks or months,
//! phases shaded, both languages, and a sentence saying what it shows.

use crate::support::{at, day, sample_charts};
use plotters::prelude::*;
use taizhang_catalogue::{chart_label, chart_summary, chart_table};
use taizhang_charts as charts;
use taizhang_core::figures::charts as chart_data;
use taizhang_core::figures::dashboard::{kpis, Scope};
use taizhang_core::ledgers::sample;
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::*;

#[test]
fn chart_data_aggregates_and_totals_match_the_figures() {
    let (data, scope, charts) = sample_charts();
    let names: Vec<&str> = charts.iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        [
            "training",
            "coverage",
            "models",
            "cases_trend",
            "resolution_by_office",
            "cases_by_category",
            "open_age"
        ]
    );

    let training = &charts[0];
    assert!(
        training.categories.len() <= 26,
        "aggregated into weeks or months: {}",
        training.categories.len()
    );
    let sessions: f64 = training
        .series
        .iter()
        .filter(|s| !s.secondary)
        .flat_map(|s| s.values.iter())
        .sum();
    assert_eq!(sessions, 227.0);
    let participants: f64 = training
        .series
        .iter()
        .filter(|s| s.secondary)
        .flat_map(|s| s.values.iter())
        .sum();
    assert_eq!(participants, kpis(&data, &scope).participants as f64);

    let coverage = &charts[1];
    assert_eq!(coverage.reference.as_ref().map(|r| r.1), Some(458.0));
    assert_eq!(
        coverage.series[0].values.last().copied(),
        Some(participants)
    );

    let trend = &charts[3];
    let last = trend.categories.len() - 1;
    assert_eq!(
        (
            trend.series[0].values[last],
            trend.series[1].values[last],
            trend.series[2].values[last]
        ),
        (260.0, 73.0, 187.0)
    );

    let by_office = &charts[4];
    assert!(
        by_office.series[0].values.windows(2).all(|w| w[0] >= w[1]),
        "sorted by rate"
    );
    // The district's four units and its own records: together, every case of the district.
    assert_eq!(by_office.categories.len(), 5, "{:?}", by_office.categories);
    let (mut resolved, mut received) = (0, 0);
    for label in &by_office.bar_labels {
        let (r, n) = label.split_once('/').expect("r/n");
        resolved += r.parse::<u32>().expect("number");
        received += n.parse::<u32>().expect("number");
    }
    assert_eq!((resolved, received), (73, 260));

    let open: f64 = charts[6].series.iter().flat_map(|s| s.values.iter()).sum();
    assert_eq!(open, 187.0);
    let (header, rows) = chart_table(&charts[2], Lang::Zh);
    assert_eq!(header, ["荣誉级别", "先进个人", "先进集体"]);
    assert_eq!(rows[3], ["县级", "26", "6"]);
}

#[test]
fn weeks_for_short_spans_months_for_long_ones() {
    let (bucket, keys, labels) = chart_data::buckets(day("2021-03-03"), day("2021-03-20"));
    assert_eq!(bucket, chart_data::Bucket::Week);
    assert_eq!(labels, ["03-01", "03-08", "03-15"]);
    assert_eq!(keys.len(), 3);
    let (bucket, _, labels) = chart_data::buckets(day("2020-11-30"), day("2021-12-01"));
    assert_eq!(bucket, chart_data::Bucket::Month);
    assert_eq!(labels.first().map(String::as_str), Some("2020-11"));
    assert_eq!(labels.len(), 14);
}

#[test]
fn phases_are_shaded_over_the_buckets_they_cover() {
    let data = sample::dataset(&at());
    let tree = OfficeTree::new(&data.offices);
    let scope = Scope::new(&data, &tree, "", None, None, day("2021-06-01"));
    let chart = chart_data::training_by_period(&data, &scope, &sample::phases());
    let labels: Vec<String> = chart
        .bands
        .iter()
        .map(|b| chart_label(&b.label, Lang::Zh))
        .collect();
    assert_eq!(
        labels,
        ["学习教育", "查纠整改"],
        "consolidation starts after the last session"
    );
    let (study, rectify) = (&chart.bands[0], &chart.bands[1]);
    assert_eq!(study.from, -0.5, "study starts at the first bucket");
    assert!(study.to <= rectify.from + 1.0 && rectify.to <= chart.categories.len() as f64 - 0.5);
    let svg = {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
            charts::draw(&root, &chart, Lang::Zh, "暂无数据", 1.0).expect("draws");
        }
        svg
    };
    assert!(svg.contains("学习教育") && svg.contains("查纠整改"));
}

#[test]
fn chart_data_holds_both_languages_so_switching_language_recomputes_nothing() {
    let (_, _, charts) = sample_charts();
    let models = &charts[2];
    assert_eq!(
        chart_table(models, Lang::Zh).0,
        ["荣誉级别", "先进个人", "先进集体"]
    );
    assert_eq!(
        chart_table(models, Lang::En).0,
        ["Level", "Individual", "Collective"]
    );
    assert_eq!(chart_table(models, Lang::En).1[3], ["County", "26", "6"]);
    for chart in &charts {
        assert!(
            !chart_label(&chart.title, Lang::Zh).is_empty()
                && !chart_label(&chart.title, Lang::En).is_empty(),
            "{}",
            chart.name
        );
        assert_ne!(
            chart_label(&chart.title, Lang::Zh),
            chart_label(&chart.title, Lang::En),
            "{} has an English title",
            chart.name
        );
        for series in &chart.series {
            assert!(
                !chart_label(&series.label, Lang::En).is_empty(),
                "{}: {}",
                chart.name,
                chart_label(&series.label, Lang::Zh)
            );
        }
    }
}

#[test]
fn each_chart_says_in_a_sentence_what_it_shows() {
    let (_, _, charts) = sample_charts();
    let training = charts
        .iter()
        .find(|c| c.name == "training")
        .expect("training");
    let zh = chart_summary(training, Lang::Zh);
    // The sources' 24 party lessons and 29 integrity sessions, as totals of their series.
    assert!(zh.starts_with("学习教育场次与人次："), "{zh}");
    assert!(
        zh.contains("专题党课合计24") && zh.contains("警示/廉政教育合计29"),
        "{zh}"
    );
    let en = chart_summary(training, Lang::En);
    assert!(en.contains("Party lesson: total 24"), "{en}");
    let ranking = charts
        .iter()
        .find(|c| c.name == "resolution_by_office")
        .expect("ranking");
    assert!(
        chart_summary(ranking, Lang::Zh).contains("办结率最高"),
        "rates have no total"
    );
}
