//! The reporting screen (报送情况): for an office, which of the offices
//! reporting to it have sent each month's ledgers — on time, late, missing
//! or not yet due — with the rates, who is still missing for the last month
//! due (ready to paste into a reminder), and the imports behind each row.
//! The filters live in the URL, as on the dashboard.

mod matrix;

use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::toolbar::{PeriodToolbar, UrlFilters};
use crate::ui::widgets::today;
use crate::ui::widgets::HelpLink;
use leptos::prelude::*;
use matrix::{Legend, MatrixTable};
use taizhang_catalogue::{Say, T};
use taizhang_core::reporting::approval::Action;
use taizhang_core::reporting::{months_for, Matrix};
use taizhang_core::Day;

/// The office whose reporting is shown: the URL's, else this copy's own, else the top one.
pub fn chosen_office(app: AppState, from_url: &str) -> String {
    if !from_url.is_empty() {
        return from_url.to_owned();
    }
    let own = app.settings.with(|s| s.own_office.clone());
    own.or_else(|| {
        app.data.with(|d| {
            d.offices
                .iter()
                .find(|o| o.parent.is_none())
                .map(|o| o.code.clone())
        })
    })
    .unwrap_or_default()
}

/// A rate as a percentage with one decimal (`—` when nothing is expected yet).
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn rate_value(rate: Option<f64>) -> String {
    rate.map(|r| format!("{r:.4}")).unwrap_or_default()
}

pub fn submissions_screen() -> impl IntoView {
    let app = expect_context::<AppState>();
    let UrlFilters {
        office, from, to, ..
    } = UrlFilters::read(app);
    let today = today();
    let parent = Memo::new(move |_| chosen_office(app, &office.get()));
    let due_day = Memo::new(move |_| app.settings.with(|s| s.due_day(&parent.get())));
    let shown: Memo<Matrix> = Memo::new(move |_| {
        let months = months_for(Day::parse(&from.get()), Day::parse(&to.get()), today);
        taizhang_app::reports::matrix_of(app.session, &parent.get(), &months, due_day.get(), today)
    });
    let no_phases = Memo::new(|_| Vec::new());
    // The browser may send `change` as the screen goes (the field loses focus):
    // by then the screen's own values are gone, and nothing is set.
    let set_due = move |ev| {
        let (Ok(day), Some(office)) = (
            event_target_value(&ev).parse::<u8>(),
            parent.try_get_untracked(),
        ) else {
            return;
        };
        taizhang_app::reports::set_due_day(app.session, &office, day);
    };
    // This copy's own setting: its offices' months lock themselves that many days after their due day.
    let set_expiry = move |ev| {
        let text = event_target_value(&ev);
        let days = match text.trim() {
            "" => None,
            days => match days.parse::<u16>() {
                Ok(days) => Some(days.min(365)),
                Err(_) => return,
            },
        };
        leptos::task::spawn_local(async move {
            let _ = taizhang_app::approvals::set_expiry_days(app.session, days).await;
        });
    };
    view! {
        <section data-screen="submissions" class="submissions">
            <h1>{tr(T::Submissions)}<HelpLink part="submissions"/></h1>
            <PeriodToolbar office from to phases=no_phases/>
            <div class="toolbar">
                <label>{tr(T::DueDay)}
                    <input type="number" min="1" max="28" data-testid="due-day" prop:value=move || due_day.get().to_string()
                        on:change=set_due/>
                </label>
                <label>{tr(T::ExpiryDays)}
                    <input type="number" min="0" max="365" data-testid="expiry-days"
                        prop:value=move || app.settings.with(|s| s.expiry_days.map(|d| d.to_string()).unwrap_or_default())
                        on:change=set_expiry/>
                </label>
            </div>
            {move || {
                let m = shown.get();
                if m.rows.is_empty() {
                    return view! { <p class="notice info">{tr(T::NoOfficesReportHere)}</p> }.into_any();
                }
                view! {
                    <Figures matrix=m.clone()/>
                    <Legend/>
                    <MatrixTable matrix=m.clone()/>
                    <StillMissing matrix=m/>
                }.into_any()
            }}
        </section>
    }
}

/// The screen's figures: expected, received, on time, and the two rates.
#[component]
fn Figures(matrix: Matrix) -> impl IntoView {
    let app = expect_context::<AppState>();
    let r = matrix.rates;
    let approved = Memo::new(move |_| {
        matrix
            .rows
            .iter()
            .flat_map(|row| row.cells.iter().map(move |cell| (&row.office, cell.month)))
            .filter(|(office, month)| matrix::given(app, office, *month) == Some(Action::Approve))
            .count()
    });
    let tile = |name: &'static str, label: T, value: String, shown: String| {
        view! {
            <div class="tile" data-kpi=name data-value=value>
                <span class="label">{tr(label)}</span>
                <strong>{shown}</strong>
            </div>
        }
    };
    view! {
        <div class="tiles">
            {tile("reports.expected", T::Expected, r.expected.to_string(), r.expected.to_string())}
            {tile("reports.received", T::ReceivedCount, r.received.to_string(), r.received.to_string())}
            {tile("reports.on_time", T::OnTime, r.on_time.to_string(), r.on_time.to_string())}
            {tile("reports.rate", T::ReportingRate, rate_value(r.rate()), percent(r.rate()))}
            {tile("reports.on_time_rate", T::OnTimeRate, rate_value(r.on_time_rate()), percent(r.on_time_rate()))}
            <div class="tile" data-kpi="reports.approved" data-value=move || approved.get().to_string()>
                <span class="label">{tr(T::Approved)}</span>
                <strong>{move || approved.get().to_string()}</strong>
            </div>
        </div>
    }
}

/// Who has not sent the last month whose due date has passed, as a sentence to paste.
#[component]
fn StillMissing(matrix: Matrix) -> impl IntoView {
    let app = expect_context::<AppState>();
    let Some((month, missing)) = matrix.last_due.clone() else {
        return ().into_any();
    };
    let names: Vec<String> = app.data.with_untracked(|d| {
        missing
            .iter()
            .map(|code| {
                d.offices
                    .iter()
                    .find(|o| &o.code == code)
                    .map_or(code.clone(), |o| o.name.clone())
            })
            .collect()
    });
    let lang = app.lang;
    let month_text = move || match lang.get() {
        taizhang_core::Lang::Zh => format!("{}年{}月", month.year, month.month),
        taizhang_core::Lang::En => month.key(),
    };
    let text = move || {
        let separator = if lang.get() == taizhang_core::Lang::Zh {
            "、"
        } else {
            ", "
        };
        Say::MissingFor {
            month: &month_text(),
            offices: &names.join(separator),
        }
        .message()
        .get(lang.get())
        .to_owned()
    };
    if missing.is_empty() {
        return view! { <p class="notice ok" data-testid="still-missing">{month_text}" "{tr(T::EveryoneSent)}</p> }.into_any();
    }
    let text = StoredValue::new(text);
    let copy = move |_| {
        let _ = window()
            .navigator()
            .clipboard()
            .write_text(&text.with_value(|t| t()));
    };
    view! {
        <div class="card" data-testid="still-missing">
            <h2>{tr(T::StillMissing)}</h2>
            <p class="reminder">{move || text.with_value(|t| t())}</p>
            <button type="button" class="btn" data-testid="copy-missing" on:click=copy>{tr(T::CopyList)}</button>
        </div>
    }
    .into_any()
}
