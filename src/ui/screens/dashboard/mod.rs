//! The dashboard: figures and charts for an office and everything under it,
//! over a period. The filters live in the URL (`#/dashboard?office=…&from=…&to=…`).

use crate::ui::chart::ChartView;
use crate::ui::i18n::label;
use crate::ui::state::AppState;
use crate::ui::widgets::today;
use crate::ui::widgets::HelpLink;
use leptos::prelude::*;
use taizhang_core::figures::charts;
use taizhang_core::figures::dashboard::kpis;
use taizhang_core::figures::phases::phases_for;
use taizhang_core::reporting::months_for;
use taizhang_core::Day;

mod tiles;

use crate::ui::toolbar::{PeriodToolbar, UrlFilters};
use tiles::KpiTiles;

pub fn dashboard_screen() -> impl IntoView {
    let app = expect_context::<AppState>();
    let filters = UrlFilters::read(app);
    let UrlFilters {
        office,
        from,
        to,
        approved_only,
    } = filters;
    let today = today();
    let scope = filters.scope(app, office, today);
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
                    .with(|d| charts::all(d, &tree.0, &office.get(), s, p))
            })
        })
    });
    // The reporting rate of the offices under the chosen one (this copy's own when none).
    let reporting = Memo::new(move |_| {
        let parent = Some(office.get())
            .filter(|c| !c.is_empty())
            .or_else(|| app.settings.with(|s| s.own_office.clone()))?;
        let tree = app.tree.get();
        if tree.0.children_of(&parent).is_empty() {
            return None;
        }
        let months = months_for(Day::parse(&from.get()), Day::parse(&to.get()), today);
        let due_day = app.settings.with(|s| s.due_day(&parent));
        let m = taizhang_app::reports::matrix_of(app.session, &parent, &months, due_day, today);
        Some(m.rates.rate())
    });
    let resized = app.resized;
    let file_stem = Signal::derive(move || {
        let code = office.get();
        format!(
            "台账-{}-{}",
            if code.is_empty() { "all".into() } else { code },
            today.compact()
        )
    });

    view! {
        <section data-screen="dashboard" class="dashboard">
            <PrintHeader office from to approved_only/>
            <h1>{label!(Dashboard)}<HelpLink part="dashboard"/></h1>
            <PeriodToolbar office from to phases approved_only/>
            <crate::ui::widgets::SampleButton/>
            <KpiTiles figures reporting/>
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

/// What a printed page says at its top: the office, the period, the print date.
#[component]
fn PrintHeader(
    office: Signal<String>,
    from: Signal<String>,
    to: Signal<String>,
    approved_only: Signal<bool>,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let today = today();
    let office_name = move || {
        let code = office.get();
        if code.is_empty() {
            return label!(AllOffices)().to_owned();
        }
        app.data.with(|d| {
            let office = d.offices.iter().find(|o| o.code == code);
            office.map(|o| o.name.clone()).unwrap_or(code)
        })
    };
    let period = move || match (from.get().as_str(), to.get().as_str()) {
        ("", "") => label!(AllDates)().to_owned(),
        (f, t) => format!("{f} — {t}"),
    };
    view! {
        <div class="print-header">
            <strong>{move || format!("台账 · {}", office_name())}</strong>
            <span>{move || format!("{} {}", label!(Period)(), period())}</span>
            {move || approved_only.get().then(|| view! { <span>{label!(ApprovedOnly)}</span> })}
            <span>{move || format!("{} {}", label!(Printed)(), today)}</span>
        </div>
    }
}
