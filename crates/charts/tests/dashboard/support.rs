//! What the dashboard tests share: a clock, a small tree of offices with
//! records at every level, the sample's charts, and a chart drawn as SVG.

use plotters::prelude::*;
use taizhang_charts as charts;
use taizhang_core::figures::charts as chart_data;
use taizhang_core::figures::dashboard::Scope;
use taizhang_core::ledgers::edit::tombstone;
use taizhang_core::ledgers::sample;
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::*;

pub fn day(text: &str) -> Day {
    Day::parse(text).expect("day")
}

pub fn at() -> Timestamp {
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
pub fn tree_dataset() -> Dataset {
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

/// The sample's data, everything in scope on 2021-06-01, and its charts.
pub fn sample_charts() -> (Dataset, Scope, Vec<chart_data::ChartData>) {
    let data = sample::dataset(&at());
    let tree = OfficeTree::new(&data.offices);
    let scope = Scope::new(&data, &tree, "", None, None, day("2021-06-01"));
    let charts = chart_data::all(&data, &tree, "", &scope, &[]);
    (data, scope, charts)
}

pub fn render(chart: &chart_data::ChartData) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
        charts::draw(&root, chart, Lang::Zh, "暂无数据", 1.0).expect("draws");
    }
    svg
}
