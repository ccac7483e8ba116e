//! The filters of the dashboard and the reporting screen: office (with everything under it), period, the
//! preset periods (this month, quarter, year, the campaign's phases), print.

use crate::ui::i18n::label;
use crate::ui::route::set_query;
use crate::ui::state::AppState;
use crate::ui::widgets::{office_select, today};
use leptos::prelude::*;
use taizhang_catalogue::T;
use taizhang_core::figures::dashboard::Scope;
use taizhang_core::figures::phases::PhaseDates;
use taizhang_core::reporting::approval::ApprovedMonths;
use taizhang_core::Day;

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

#[component]
pub fn PeriodToolbar(
    office: Signal<String>,
    from: Signal<String>,
    to: Signal<String>,
    phases: Memo<Vec<PhaseDates>>,
    /// Offered where figures are counted: only the records of approved months.
    #[prop(optional)]
    approved_only: Option<Signal<bool>>,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let today = today();
    let apply_preset = move |name: &str| {
        let (f, t) = preset(name, today);
        let (f, t) = (
            f.map(|d| d.to_string()).unwrap_or_default(),
            t.map(|d| d.to_string()).unwrap_or_default(),
        );
        set_query(app.route, &[("from", &f), ("to", &t)]);
    };
    view! {
            <div class="toolbar">
                <label>{label!(OfficeAndAllUnderIt)}
                    {office_select(app, "office", office, move |v| set_query(app.route, &[("office", &v)]), Some(const { T::AllOffices.text() }), Some("office-filter"))}
                </label>
                <label>{label!(From)}
                    <input type="date" name="from" data-testid="period-from" prop:value=from
                        on:change=move |ev| set_query(app.route, &[("from", &event_target_value(&ev))])/>
                </label>
                <label>{label!(To)}
                    <input type="date" name="to" data-testid="period-to" prop:value=to
                        on:change=move |ev| set_query(app.route, &[("to", &event_target_value(&ev))])/>
                </label>
                <div class="presets" role="group" aria-label=label!(PresetPeriods)>
                    <button type="button" class="btn" data-preset="month" on:click=move |_| apply_preset("month")>{label!(ThisMonth)}</button>
                    <button type="button" class="btn" data-preset="quarter" on:click=move |_| apply_preset("quarter")>{label!(ThisQuarter)}</button>
                    <button type="button" class="btn" data-preset="year" on:click=move |_| apply_preset("year")>{label!(ThisYear)}</button>
                    <button type="button" class="btn" data-preset="all" on:click=move |_| apply_preset("all")>{label!(All)}</button>
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
                {approved_only.map(|approved| view! {
                    <label class="check">
                        <input type="checkbox" data-testid="approved-only" prop:checked=approved
                            on:change=move |ev| set_query(app.route, &[("approved", if event_target_checked(&ev) { "1" } else { "" })])/>
                        {label!(ApprovedOnly)}
                    </label>
                })}
                <span class="grow"></span>
                <button type="button" class="btn" on:click=move |_| { let _ = window().print(); }>{label!(Print)}</button>
            </div>
    }
}

/// The office and period in the URL (`office`, `from`, `to`), as the
/// dashboard, the reporting screen and the briefing read them, and whether
/// only approved months count (`approved=1`).
#[derive(Clone, Copy)]
pub struct UrlFilters {
    pub office: Signal<String>,
    pub from: Signal<String>,
    pub to: Signal<String>,
    pub approved_only: Signal<bool>,
}

impl UrlFilters {
    pub fn read(app: AppState) -> UrlFilters {
        let query = move |key: &'static str| {
            Signal::derive(move || {
                app.route
                    .with(|r| r.query.get(key).cloned().unwrap_or_default())
            })
        };
        UrlFilters {
            office: query("office"),
            from: query("from"),
            to: query("to"),
            approved_only: Signal::derive(move || {
                app.route
                    .with(|r| r.query.get("approved").is_some_and(|v| v == "1"))
            }),
        }
    }

    /// What the figures count: `office` (and everything under it) over the
    /// period, of approved months only when asked.
    pub fn scope(self, app: AppState, office: Signal<String>, today: Day) -> Memo<Scope> {
        Memo::new(move |_| {
            let tree = app.tree.get();
            app.data.with(|d| {
                let scope = Scope::new(
                    d,
                    &tree.0,
                    &office.get(),
                    Day::parse(&self.from.get()),
                    Day::parse(&self.to.get()),
                    today,
                );
                if !self.approved_only.get() {
                    return scope;
                }
                let approved = app.settings.with(|s| {
                    ApprovedMonths::new(
                        &s.approvals_taken,
                        &s.approvals_given,
                        &d.offices,
                        s.own_office.as_deref(),
                    )
                });
                scope.approved_only(approved)
            })
        })
    }
}
