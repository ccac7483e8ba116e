//! The dashboard's figures and charts, computed natively.
#![cfg(not(target_arch = "wasm32"))]

use plotters::prelude::*;
use taizhang_catalogue::{chart_label, chart_summary, chart_table};
use taizhang_charts as charts;
use taizhang_core::figures::charts as chart_data;
use taizhang_core::figures::dashboard::{kpis, Scope};
use taizhang_core::ledgers::edit::tombstone;
use taizhang_core::ledgers::sample;
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::*;

fn day(text: &str) -> Day {
    Day::parse(text).expect("day")
}

fn at() -> Timestamp {
    Timestamp::parse("2021-06-01T00:00:00Z").expect("ts")
}

fn office(code: &str, parent: Option<&str>, headcount: Option<u32>) -> Office {
    Office {
        code: code.into(),
        name: format!("单位{code}"),
        level: OfficeLevel::County,
        system: OfficeSystem::Court,
        parent: parent.map(Into::into),
        headcount,
    }
}

fn session(office: &str, start: &str, participants: u32) -> TrainingSession {
    TrainingSession {
        id: uuid::Uuid::new_v4(),
        office: office.into(),
        revision: 1,
        updated_at: at(),
        deleted: false,
        title: "轮训".into(),
        kind: TrainingKind::PoliticalRotation,
        format: TrainingFormat::InPerson,
        start_date: day(start),
        end_date: day(start),
        participants,
        hours: None,
        notes: String::new(),
    }
}

fn case(office: &str, received: &str, deadline: Option<&str>, resolved: Option<&str>) -> Case {
    Case {
        id: uuid::Uuid::new_v4(),
        office: office.into(),
        revision: 1,
        updated_at: at(),
        deleted: false,
        reference: "1".into(),
        source: CaseSource::Inspection,
        category: CaseCategory::Business,
        received_on: day(received),
        deadline: deadline.map(day),
        status: if resolved.is_some() {
            CaseStatus::Resolved
        } else {
            CaseStatus::Verifying
        },
        resolved_on: resolved.map(day),
        outcome: resolved.map(|_| CaseOutcome::Rectified),
        notes: String::new(),
    }
}

fn model(office: &str, kind: ModelKind) -> HonouredModel {
    HonouredModel {
        id: uuid::Uuid::new_v4(),
        office: office.into(),
        revision: 1,
        updated_at: at(),
        deleted: false,
        name: "某".into(),
        kind,
        title: "先进".into(),
        level: HonourLevel::City,
        awarded_on: day("2021-04-01"),
        deeds: String::new(),
        notes: String::new(),
    }
}

/// province → city → {county-a, county-b}; records at every level, one tombstone.
fn tree_dataset() -> Dataset {
    let mut data = Dataset {
        offices: vec![
            office("province", None, Some(100)),
            office("city", Some("province"), Some(50)),
            office("county-a", Some("city"), Some(20)),
            office("county-b", Some("city"), Some(10)),
        ],
        ..Dataset::default()
    };
    data.training_sessions = vec![
        session("province", "2021-03-01", 100),
        session("city", "2021-03-10", 40),
        session("county-a", "2021-04-10", 15),
        session("county-b", "2021-05-10", 5),
    ];
    data.honoured_models = vec![
        model("county-a", ModelKind::Individual),
        model("county-b", ModelKind::Collective),
        model("city", ModelKind::Individual),
    ];
    data.cases = vec![
        // county-a: 1 of 3 resolved; one open past its deadline, one open within it.
        case(
            "county-a",
            "2021-04-01",
            Some("2021-04-30"),
            Some("2021-04-20"),
        ),
        case("county-a", "2021-04-02", Some("2021-05-01"), None),
        case("county-a", "2021-05-20", Some("2021-07-01"), None),
        // county-b: 1 of 1 resolved.
        case("county-b", "2021-04-05", None, Some("2021-04-15")),
        // city: 0 of 1, no deadline (never overdue).
        case("city", "2021-03-15", None, None),
    ];
    // A deleted case counts nowhere, however it looks.
    let dead = tombstone(
        &case("county-b", "2021-04-06", Some("2021-04-07"), None),
        at(),
    );
    data.cases.push(dead);
    data
}

#[test]
fn figures_roll_up_the_tree_and_rates_come_from_sums() {
    let data = tree_dataset();
    let tree = OfficeTree::new(&data.offices);
    let today = day("2021-06-01");
    let scope = |code: &str| Scope::new(&data, &tree, code, None, None, today);

    let a = kpis(&data, &scope("county-a"));
    assert_eq!((a.received, a.resolved, a.overdue, a.open), (3, 1, 1, 2));
    assert_eq!((a.sessions, a.participants, a.headcount), (1, 15, 20));
    let b = kpis(&data, &scope("county-b"));
    assert_eq!(
        (b.received, b.resolved, b.overdue),
        (1, 1, 0),
        "the tombstone is not counted"
    );
    assert_eq!(b.collectives, 1);

    let city = kpis(&data, &scope("city"));
    assert_eq!(
        (city.received, city.resolved, city.overdue, city.open),
        (5, 2, 1, 3)
    );
    assert_eq!(
        city.resolution_rate(),
        Some(2.0 / 5.0),
        "2 of 5, not the mean of 1/3, 1/1 and 0/1"
    );
    assert_ne!(city.resolution_rate(), Some((1.0 / 3.0 + 1.0 + 0.0) / 3.0));
    assert_eq!((city.individuals, city.collectives), (2, 1));
    assert_eq!(
        (city.sessions, city.participants, city.headcount),
        (3, 60, 80)
    );
    assert_eq!(city.participants_per_officer(), Some(60.0 / 80.0));
    assert_eq!(city.average_days_to_resolve(), Some((19.0 + 10.0) / 2.0));

    let province = kpis(&data, &scope("province"));
    assert_eq!(
        province,
        kpis(&data, &scope("")),
        "the root's subtree is everything"
    );
    assert_eq!(
        (province.sessions, province.participants, province.headcount),
        (4, 160, 180)
    );
    // The roll-up equals the sum of the parts.
    let own = kpis(
        &data,
        &Scope {
            offices: Some(["province".to_owned()].into()),
            from: None,
            to: None,
            today,
            approved: None,
        },
    );
    let parts = own
        .plus(&kpis(
            &data,
            &Scope {
                offices: Some(["city".to_owned()].into()),
                from: None,
                to: None,
                today,
                approved: None,
            },
        ))
        .plus(&a)
        .plus(&b);
    assert_eq!(parts, province);
}

#[test]
fn overdue_is_as_of_today_and_periods_cut_by_date() {
    let data = tree_dataset();
    let tree = OfficeTree::new(&data.offices);
    let before_deadline = kpis(
        &data,
        &Scope::new(&data, &tree, "", None, None, day("2021-04-30")),
    );
    assert_eq!(
        before_deadline.overdue, 0,
        "the deadline day itself is not overdue"
    );
    let after = kpis(
        &data,
        &Scope::new(&data, &tree, "", None, None, day("2021-05-02")),
    );
    assert_eq!(after.overdue, 1);
    // April only: cases received in April; one resolved in April.
    let april = kpis(
        &data,
        &Scope::new(
            &data,
            &tree,
            "",
            Some(day("2021-04-01")),
            Some(day("2021-04-30")),
            day("2021-06-01"),
        ),
    );
    assert_eq!((april.received, april.resolved, april.sessions), (3, 2, 1));
    // A case resolved after the period's end was still open in it.
    let early = kpis(
        &data,
        &Scope::new(
            &data,
            &tree,
            "",
            Some(day("2021-04-01")),
            Some(day("2021-04-16")),
            day("2021-06-01"),
        ),
    );
    assert_eq!((early.received, early.resolved), (3, 1));
}

#[test]
fn the_sample_shows_the_sources_figures() {
    let data = sample::dataset(&at());
    let tree = OfficeTree::new(&data.offices);
    let k = kpis(
        &data,
        &Scope::new(
            &data,
            &tree,
            sample::DISTRICT,
            None,
            None,
            day("2021-06-01"),
        ),
    );
    assert_eq!(k.sessions, 227);
    assert_eq!((k.individuals, k.collectives), (26, 6));
    assert_eq!(k.headcount, 458);
    assert_eq!((k.received, k.resolved), (260, 73));
}

/// The sample's data, everything in scope on 2021-06-01, and its charts.
fn sample_charts() -> (Dataset, Scope, Vec<chart_data::ChartData>) {
    let data = sample::dataset(&at());
    let tree = OfficeTree::new(&data.offices);
    let scope = Scope::new(&data, &tree, "", None, None, day("2021-06-01"));
    let charts = chart_data::all(&data, &tree, "", &scope, &[]);
    (data, scope, charts)
}

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

fn render(chart: &chart_data::ChartData) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
        charts::draw(&root, chart, Lang::Zh, "暂无数据", 1.0).expect("draws");
    }
    svg
}

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

#[test]
fn offices_follow_the_nearest_phase_calendar_above_them() {
    use taizhang_core::figures::phases::phases_for;
    let data = sample::dataset(&at());
    let tree = OfficeTree::new(&data.offices);
    let plans = sample::phases();
    let court = phases_for(&plans, &data.offices, &tree, "430204-court");
    assert_eq!(court.len(), 3, "the court follows the city's calendar");
    assert_eq!(court[0].phase, Phase::Study);
    assert!(
        phases_for(&plans, &data.offices, &tree, "430000-committee").is_empty(),
        "the province has none"
    );
    let mut own = plans.clone();
    own.push(taizhang_core::figures::phases::PhaseDates {
        office: "430204-court".into(),
        phase: Phase::Review,
        from: day("2021-09-01"),
        to: day("2021-09-30"),
    });
    assert_eq!(
        phases_for(&own, &data.offices, &tree, "430204-court").len(),
        1,
        "its own dates win"
    );
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

/// Colour vision deficiency simulated with the matrices of Machado, Oliveira
/// and Fernandes (2009, severity 1.0) on linear RGB, then compared in CIELAB.
mod colour_vision {
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const TRITANOPIA: [[f64; 3]; 3] = [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ];
    const TYPICAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    pub const VISIONS: [(&str, [[f64; 3]; 3]); 4] = [
        ("typical", TYPICAL),
        ("protanopia", PROTANOPIA),
        ("deuteranopia", DEUTERANOPIA),
        ("tritanopia", TRITANOPIA),
    ];

    fn linear(channel: u8) -> f64 {
        let c = f64::from(channel) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    /// WCAG relative luminance.
    pub fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// The colour as seen with `vision`, in CIELAB (D65).
    pub fn seen((r, g, b): (u8, u8, u8), vision: [[f64; 3]; 3]) -> [f64; 3] {
        let v = [linear(r), linear(g), linear(b)];
        let s: Vec<f64> = vision
            .iter()
            .map(|row| (row[0] * v[0] + row[1] * v[1] + row[2] * v[2]).clamp(0.0, 1.0))
            .collect();
        let x = (0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2]) / 0.95047;
        let y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
        let z = (0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2]) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }
}

#[test]
fn series_colours_stay_apart_for_colour_blind_readers_and_against_white() {
    use colour_vision::{luminance, seen, VISIONS};
    let palette: Vec<(u8, u8, u8)> = charts::PALETTE.iter().map(|c| (c.0, c.1, c.2)).collect();
    for colour in &palette {
        let contrast = 1.05 / (luminance(*colour) + 0.05);
        assert!(
            contrast >= 3.0,
            "{colour:?} is {contrast:.2}:1 against white"
        );
    }
    for (name, vision) in VISIONS {
        for (i, a) in palette.iter().enumerate() {
            for b in &palette[i + 1..] {
                let (a_seen, b_seen) = (seen(*a, vision), seen(*b, vision));
                let distance = (0..3)
                    .map(|k| (a_seen[k] - b_seen[k]).powi(2))
                    .sum::<f64>()
                    .sqrt();
                // ΔE*ab of 15: plainly two colours side by side in a legend.
                assert!(
                    distance >= 15.0,
                    "{a:?} and {b:?} look alike with {name} (ΔE {distance:.1})"
                );
            }
        }
    }
}

#[test]
fn series_are_told_apart_by_hatch_and_marker_not_colour_alone() {
    let (_, _, charts_shown) = sample_charts();
    let stacked = charts_shown
        .iter()
        .find(|c| c.kind == chart_data::ChartKind::StackedBars && c.series.len() >= 2)
        .expect("a stacked chart of several series");
    // White hatch lines sit over every bar but the first series' (and in the legend).
    let svg = render(stacked);
    let white_lines = svg
        .to_lowercase()
        .split('<')
        .filter(|e| e.starts_with("polyline") && e.contains("stroke=\"#ffffff\""))
        .count();
    assert!(
        white_lines >= 10,
        "{}: {white_lines} hatch lines",
        stacked.name
    );
    // Each line series has a marker shape of its own: a polygon filled in its colour.
    let lines = charts_shown
        .iter()
        .find(|c| {
            c.series
                .iter()
                .filter(|s| s.secondary || c.kind == chart_data::ChartKind::Lines)
                .count()
                >= 1
        })
        .expect("a chart with a line");
    let svg = render(lines);
    let ordered = lines
        .series
        .iter()
        .filter(|s| !s.secondary)
        .chain(lines.series.iter().filter(|s| s.secondary));
    for (i, series) in ordered.enumerate() {
        if !(series.secondary || lines.kind == chart_data::ChartKind::Lines) {
            continue;
        }
        let colour = charts::PALETTE[i % charts::PALETTE.len()];
        let hex = format!("fill=\"#{:02x}{:02x}{:02x}\"", colour.0, colour.1, colour.2);
        let markers = svg
            .to_lowercase()
            .split('<')
            .filter(|e| e.starts_with("polygon") && e.contains(&hex))
            .count();
        assert!(
            markers >= 2,
            "{}: {} has {markers} markers",
            lines.name,
            chart_label(&series.label, Lang::Zh)
        );
    }
}

#[test]
fn no_two_of_the_first_fifty_six_series_share_both_colour_and_pattern() {
    use charts::marks::{hatch_of, marker_of};
    let looks = |i: usize| {
        (
            charts::PALETTE[i % charts::PALETTE.len()],
            hatch_of(i),
            marker_of(i),
        )
    };
    for i in 0..56 {
        for j in 0..i {
            let (a, b) = (looks(i), looks(j));
            assert!(
                a.0 != b.0 || a.1 != b.1,
                "series {j} and {i} bars look alike"
            );
            assert!(
                a.0 != b.0 || a.2 != b.2,
                "series {j} and {i} lines look alike"
            );
        }
    }
}
