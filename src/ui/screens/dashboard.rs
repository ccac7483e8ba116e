//! The dashboard: figures and charts for an office and everything under it,
//! over a period. The filters live in the URL (`#/dashboard?office=…&from=…&to=…`).

use crate::domain::charts;
use crate::domain::dashboard::{kpis, Kpis, Scope};
use crate::domain::phases::phases_for;
use crate::domain::{Day, Lang};
use crate::ui::chart::ChartView;
use crate::ui::i18n::tr;
use crate::ui::route::{set_query, Route, Screen};
use crate::ui::state::AppState;
use crate::ui::widgets::{office_select, today};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// A figure: its `data-kpi` name, label, value and the list it comes from.
struct Tile {
    name: &'static str,
    label: (&'static str, &'static str),
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
            ("学习教育场次", "Training sessions"),
            k.sessions,
            Screen::TrainingSessions,
            None,
        ),
        count(
            "training.participants",
            ("参加人次", "Participants"),
            k.participants,
            Screen::TrainingSessions,
            None,
        ),
        Tile {
            name: "training.per_officer",
            label: ("人均参学人次", "Participants per officer"),
            value: k.participants_per_officer(),
            decimals: 2,
            percent: false,
            screen: Screen::TrainingSessions,
            filter: None,
        },
        count(
            "offices.headcount",
            ("干警人数", "Officers"),
            k.headcount,
            Screen::Offices,
            None,
        ),
        count(
            "models.individuals",
            ("先进个人", "Honoured individuals"),
            k.individuals,
            Screen::HonouredModels,
            Some(("category", "individual")),
        ),
        count(
            "models.collectives",
            ("先进集体", "Honoured collectives"),
            k.collectives,
            Screen::HonouredModels,
            Some(("category", "collective")),
        ),
        count(
            "cases.received",
            ("受理问题线索", "Cases received"),
            k.received,
            Screen::Cases,
            None,
        ),
        count(
            "cases.resolved",
            ("已办结", "Cases resolved"),
            k.resolved,
            Screen::Cases,
            Some(("category", "resolved")),
        ),
        Tile {
            name: "cases.resolution_rate",
            label: ("办结率", "Resolution rate"),
            value: k.resolution_rate(),
            decimals: 4,
            percent: true,
            screen: Screen::Cases,
            filter: None,
        },
        count(
            "cases.open",
            ("未办结", "Open cases"),
            k.open,
            Screen::Cases,
            Some(("flag", "open")),
        ),
        count(
            "cases.overdue",
            ("超期未办结", "Overdue"),
            k.overdue,
            Screen::Cases,
            Some(("flag", "overdue")),
        ),
        Tile {
            name: "cases.avg_days",
            label: ("平均办结天数", "Average days to resolve"),
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
        Some(v) if tile.decimals == 0 => format!("{v:.0}"),
        Some(v) => format!("{v:.prec$}", prec = tile.decimals),
    }
}

fn shown_value(tile: &Tile) -> String {
    match tile.value {
        None => "—".into(),
        Some(v) if tile.percent => format!("{:.2}%", v * 100.0),
        Some(v) if tile.decimals == 0 => group_digits(v as u64),
        Some(v) => format!("{v:.prec$}", prec = tile.decimals.min(2)),
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

/// Preset periods, relative to today.
fn preset(name: &str, today: Day) -> (Option<Day>, Option<Day>) {
    let (year, month) = (today.year(), today.month());
    let first = |y: i32, m: u8| Day::from_ymd(y, m, 1);
    let last = |y: i32, m: u8| {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        first(ny, nm).map(|d| d.add_days(-1))
    };
    match name {
        "month" => (first(year, month), last(year, month)),
        "quarter" => {
            let q = (month - 1) / 3 * 3 + 1;
            (first(year, q), last(year, q + 2))
        }
        "year" => (first(year, 1), last(year, 12)),
        _ => (None, None),
    }
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

pub fn dashboard_screen() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let query = move |key: &str| {
        app.route
            .with(|r| r.query.get(key).cloned().unwrap_or_default())
    };
    let office = Signal::derive(move || query("office"));
    let from = Signal::derive(move || query("from"));
    let to = Signal::derive(move || query("to"));
    let today = today();

    let scope = Memo::new(move |_| {
        let tree = app.tree.get();
        app.data.with(|d| {
            Scope::new(
                d,
                &tree.0,
                &office.get(),
                Day::parse(&from.get()),
                Day::parse(&to.get()),
                today,
            )
        })
    });
    let figures = Memo::new(move |_| scope.with(|s| app.data.with(|d| kpis(d, s))));
    let phases = Memo::new(move |_| {
        let tree = app.tree.get();
        app.settings.with(|s| {
            // With all offices, the campaign calendar is this copy's own office's.
            let code = Some(office.get())
                .filter(|c| !c.is_empty())
                .or_else(|| s.own_office.clone())
                .unwrap_or_default();
            app.data
                .with(|d| phases_for(&s.phases, &d.offices, &tree.0, &code))
        })
    });
    let chart_data = Memo::new(move |_| {
        let tree = app.tree.get();
        phases.with(|p| {
            scope.with(|s| {
                app.data
                    .with(|d| charts::all(d, &tree.0, &office.get(), s, p, lang.get()))
            })
        })
    });
    let resized = app.resized;
    let office_name = Signal::derive(move || {
        let code = office.get();
        if code.is_empty() {
            return tr("全部单位", "All offices")().to_owned();
        }
        app.data.with(|d| {
            d.offices
                .iter()
                .find(|o| o.code == code)
                .map(|o| o.name.clone())
                .unwrap_or(code)
        })
    });
    let period = Signal::derive(move || match (from.get().as_str(), to.get().as_str()) {
        ("", "") => tr("全部时间", "All dates")().to_owned(),
        (f, t) => format!("{f} — {t}"),
    });
    let file_stem = Signal::derive(move || {
        let code = office.get();
        format!(
            "台账-{}-{}",
            if code.is_empty() { "all".into() } else { code },
            today.compact()
        )
    });
    let apply_preset = move |name: &str| {
        let (f, t) = preset(name, today);
        let (f, t) = (
            f.map(|d| d.to_string()).unwrap_or_default(),
            t.map(|d| d.to_string()).unwrap_or_default(),
        );
        set_query(app.route, &[("from", &f), ("to", &t)]);
    };

    view! {
        <section data-screen="dashboard" class="dashboard">
            <div class="print-header">
                <strong>{move || format!("台账 · {}", office_name.get())}</strong>
                <span>{move || format!("{} {}", tr("时段：", "Period: ")(), period.get())}</span>
                <span>{move || format!("{} {}", tr("打印日期：", "Printed: ")(), today)}</span>
            </div>
            <h1>{tr("总览", "Dashboard")}</h1>
            <div class="toolbar">
                <label>{tr("单位（含下级）", "Office (and all under it)")}
                    {office_select(app, "office", office, move |v| set_query(app.route, &[("office", &v)]), Some(("全部单位", "All offices")), Some("office-filter"))}
                </label>
                <label>{tr("从", "From")}
                    <input type="date" name="from" data-testid="period-from" prop:value=from
                        on:change=move |ev| set_query(app.route, &[("from", &event_target_value(&ev))])/>
                </label>
                <label>{tr("至", "To")}
                    <input type="date" name="to" data-testid="period-to" prop:value=to
                        on:change=move |ev| set_query(app.route, &[("to", &event_target_value(&ev))])/>
                </label>
                <div class="presets" role="group" aria-label=tr("常用时段", "Preset periods")>
                    <button type="button" class="btn" data-preset="month" on:click=move |_| apply_preset("month")>{tr("本月", "This month")}</button>
                    <button type="button" class="btn" data-preset="quarter" on:click=move |_| apply_preset("quarter")>{tr("本季度", "This quarter")}</button>
                    <button type="button" class="btn" data-preset="year" on:click=move |_| apply_preset("year")>{tr("本年", "This year")}</button>
                    <button type="button" class="btn" data-preset="all" on:click=move |_| apply_preset("all")>{tr("全部", "All")}</button>
                    {move || phases.get().into_iter().map(|p| {
                        let (f, t) = (p.from.to_string(), p.to.to_string());
                        view! {
                            <button type="button" class="btn" data-preset=p.phase.code()
                                on:click=move |_| set_query(app.route, &[("from", &f), ("to", &t)])>
                                {move || p.phase.label().get(lang.get())}
                            </button>
                        }
                    }).collect_view()}
                </div>
                <span class="grow"></span>
                <button type="button" class="btn" on:click=move |_| { let _ = window().print(); }>{tr("打印", "Print")}</button>
            </div>
            <crate::ui::widgets::SampleButton/>
            <div class="kpis">
                {move || {
                    let query = app.route.with(|r| r.query.clone());
                    figures.with(|k| tiles(k).into_iter().map(|tile| {
                        let (zh, en) = tile.label;
                        let label = match lang.get() { Lang::Zh => zh, Lang::En => en };
                        view! {
                            <a class="kpi card" data-kpi=tile.name data-value=machine_value(&tile)
                                href=link_to(tile.screen, &query, tile.filter)>
                                <span class="kpi-value">{shown_value(&tile)}</span>
                                <span class="kpi-label">{label}</span>
                            </a>
                        }
                    }).collect_view())
                }}
            </div>
            <div class="charts">
                // The set of charts is fixed: each canvas stays and redraws in place (no flicker).
                {(0..chart_data.with_untracked(|c| c.len())).map(|index| {
                    let chart = Signal::derive(move || chart_data.with(|c| c[index].clone()));
                    view! { <ChartView chart=chart resized=resized file_stem=file_stem/> }
                }).collect_view()}
            </div>
        </section>
    }
}
