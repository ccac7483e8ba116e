//! The dashboard's figures: each a tile with its reading, its machine value
//! (`data-value`) and a link to the list behind it.

use crate::ui::route::{Route, Screen};
use crate::ui::state::AppState;
use leptos::prelude::*;
use std::collections::BTreeMap;
use taizhang_catalogue::T;
use taizhang_core::base::decimal::fixed;
use taizhang_core::figures::dashboard::Kpis;
use taizhang_core::Text;

/// A figure: its `data-kpi` name, label, value and the list it comes from.
struct Tile {
    name: &'static str,
    label: Text,
    value: Option<f64>,
    decimals: usize,
    percent: bool,
    screen: Screen,
    filter: Option<(&'static str, &'static str)>,
}

fn tiles(k: &Kpis) -> Vec<Tile> {
    let count = |name, label, value: u64, screen, filter| Tile {
        name,
        label,
        value: Some(value as f64),
        decimals: 0,
        percent: false,
        screen,
        filter,
    };
    vec![
        count(
            "training.sessions",
            const { T::TileTrainingSessions.text() },
            k.sessions,
            Screen::TrainingSessions,
            None,
        ),
        count(
            "training.participants",
            const { T::TileParticipants.text() },
            k.participants,
            Screen::TrainingSessions,
            None,
        ),
        Tile {
            name: "training.per_officer",
            label: const { T::TileParticipantsPerOfficer.text() },
            value: k.participants_per_officer(),
            decimals: 2,
            percent: false,
            screen: Screen::TrainingSessions,
            filter: None,
        },
        count(
            "offices.headcount",
            const { T::TileOfficers.text() },
            k.headcount,
            Screen::Offices,
            None,
        ),
        count(
            "models.individuals",
            const { T::TileHonouredIndividuals.text() },
            k.individuals,
            Screen::HonouredModels,
            Some(("category", "individual")),
        ),
        count(
            "models.collectives",
            const { T::TileHonouredCollectives.text() },
            k.collectives,
            Screen::HonouredModels,
            Some(("category", "collective")),
        ),
        count(
            "cases.received",
            const { T::TileCasesReceived.text() },
            k.received,
            Screen::Cases,
            None,
        ),
        count(
            "cases.resolved",
            const { T::TileCasesResolved.text() },
            k.resolved,
            Screen::Cases,
            Some(("category", "resolved")),
        ),
        Tile {
            name: "cases.resolution_rate",
            label: const { T::TileResolutionRate.text() },
            value: k.resolution_rate(),
            decimals: 4,
            percent: true,
            screen: Screen::Cases,
            filter: None,
        },
        count(
            "cases.open",
            const { T::TileOpenCases.text() },
            k.open,
            Screen::Cases,
            Some(("flag", "open")),
        ),
        count(
            "cases.overdue",
            const { T::TileOverdue.text() },
            k.overdue,
            Screen::Cases,
            Some(("flag", "overdue")),
        ),
        Tile {
            name: "cases.avg_days",
            label: const { T::TileAverageDaysToResolve.text() },
            value: k.average_days_to_resolve(),
            decimals: 1,
            percent: false,
            screen: Screen::Cases,
            filter: Some(("category", "resolved")),
        },
    ]
}

/// `data-value`: plain digits, rates as a fraction.
fn machine_value(tile: &Tile) -> String {
    match tile.value {
        None => String::new(),
        Some(v) => fixed(v, tile.decimals),
    }
}

fn shown_value(tile: &Tile) -> String {
    match tile.value {
        None => "—".into(),
        Some(v) if tile.percent => format!("{}%", fixed(v * 100.0, 2)),
        Some(v) if tile.decimals == 0 => group_digits(v as u64),
        Some(v) => fixed(v, tile.decimals.min(2)),
    }
}

fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn link_to(
    screen: Screen,
    query: &BTreeMap<String, String>,
    filter: Option<(&str, &str)>,
) -> String {
    let mut target = Route {
        screen,
        query: BTreeMap::new(),
    };
    for key in ["office", "from", "to"] {
        if let Some(v) = query.get(key).filter(|_| screen != Screen::Offices) {
            target.query.insert(key.into(), v.clone());
        }
    }
    if let Some((k, v)) = filter {
        target.query.insert(k.into(), v.into());
    }
    target.href()
}

/// The reporting rate of the chosen office's offices, when it has any.
fn reporting_tile(rate: Option<f64>) -> Tile {
    Tile {
        name: "reports.rate",
        label: const { T::ReportingRate.text() },
        value: rate,
        decimals: 4,
        percent: true,
        screen: Screen::Submissions,
        filter: None,
    }
}

#[component]
pub fn KpiTiles(
    figures: Memo<Kpis>,
    /// `Some` when the chosen office has offices reporting to it.
    reporting: Memo<Option<Option<f64>>>,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    view! {
        <div class="kpis">
            {move || {
                let query = app.route.with(|r| r.query.clone());
                let mut all = figures.with(tiles);
                all.extend(reporting.get().map(reporting_tile));
                all.into_iter().map(|tile| {
                    let label = tile.label.get(lang.get());
                    view! {
                        <a class="kpi card" data-kpi=tile.name data-value=machine_value(&tile)
                            href=link_to(tile.screen, &query, tile.filter)>
                            <span class="kpi-value">{shown_value(&tile)}</span>
                            <span class="kpi-label">{label}</span>
                        </a>
                    }
                }).collect_view()
            }}
        </div>
    }
}
