//! The briefing (简报): the draft of the paragraphs an office sends upward,
//! for an office and everything under it over a period (filters in the URL,
//! as on the dashboard), editable, printed on A4 or downloaded as Word.

mod word;

use crate::ui::chart::ChartView;
use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::toolbar::{PeriodToolbar, UrlFilters};
use crate::ui::widgets::today;
use crate::ui::widgets::HelpLink;
use leptos::prelude::*;
use taizhang_app::briefings::{keep_draft, saved_draft};
use taizhang_catalogue::T;
use taizhang_core::briefing::{draft, figures, Briefing};
use taizhang_core::figures::charts::{self, ChartData};
use taizhang_core::figures::phases::phases_for;
use taizhang_core::Day;
use word::WordButton;

/// The charts a briefing carries, by their `data-chart` names.
const CHARTS: [&str; 4] = [
    "training",
    "models",
    "cases_by_category",
    "resolution_by_office",
];

pub fn report_screen() -> impl IntoView {
    let app = expect_context::<AppState>();
    let filters = UrlFilters::read(app);
    let UrlFilters { from, to, .. } = filters;
    // The briefing is of an office: the URL's, else this copy's own.
    let office = Signal::derive(move || {
        let chosen = filters.office.get();
        if chosen.is_empty() {
            app.settings
                .with(|s| s.own_office.clone())
                .unwrap_or_default()
        } else {
            chosen
        }
    });
    let today = today();
    let scope = filters.scope(app, office, today);
    let phases = Memo::new(move |_| {
        let tree = app.tree.get();
        app.settings.with(|s| {
            app.data
                .with(|d| phases_for(&s.phases, &d.offices, &tree.0, &office.get()))
        })
    });
    let briefing: Memo<Briefing> = Memo::new(move |_| {
        let tree = app.tree.get();
        let code = office.get();
        let figures = scope.with(|s| {
            app.data
                .with(|d| phases.with(|p| figures(d, &tree.0, &code, s, p)))
        });
        let name = app.data.with(|d| {
            d.offices
                .iter()
                .find(|o| o.code == code)
                .map_or_else(|| tr(T::AllOffices)().to_owned(), |o| o.name.clone())
        });
        draft(
            &figures,
            &name,
            Day::parse(&from.get()),
            Day::parse(&to.get()),
            today,
            app.lang.get(),
        )
    });
    let chart_data = Memo::new(move |_| {
        let tree = app.tree.get();
        let all = phases.with(|p| {
            scope.with(|s| {
                app.data
                    .with(|d| charts::all(d, &tree.0, &office.get(), s, p))
            })
        });
        all.into_iter()
            .filter(|c| CHARTS.contains(&c.name))
            .collect::<Vec<ChartData>>()
    });
    let key = Memo::new(move |_| {
        format!(
            "{}|{}|{}|{}",
            office.get(),
            from.get(),
            to.get(),
            app.lang.get().code()
        )
    });
    // The text shown: the user's edit while the figures are those it was made from.
    let text = RwSignal::new(String::new());
    let older = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let generated = briefing.with(Briefing::text);
        match saved_draft(&key.get()) {
            Some(saved) if saved.generated == generated => {
                text.set(saved.edited);
                older.set(None);
            }
            Some(saved) => {
                text.set(generated);
                older.set(Some(saved.edited));
            }
            None => {
                text.set(generated);
                older.set(None);
            }
        }
    });
    let edit = move |value: String| {
        keep_draft(
            &key.get_untracked(),
            &briefing.with_untracked(Briefing::text),
            &value,
        );
        text.set(value);
    };
    let file_stem = Signal::derive(move || format!("简报-{}-{}", office.get(), today.compact()));
    let resized = app.resized;
    let no_phases = Memo::new(|_| Vec::new());
    view! {
        <section data-screen="report" class="report">
            <h1 class="screen-title">{tr(T::Briefing)}<HelpLink part="report"/></h1>
            <PeriodToolbar office from to phases=no_phases approved_only=filters.approved_only/>
            <div class="toolbar">
                <WordButton briefing text charts=chart_data office/>
                <button type="button" class="btn" data-testid="report-reset" on:click=move |_| edit(briefing.with_untracked(Briefing::text))>{tr(T::DraftAgain)}</button>
            </div>
            {move || older.get().map(|edited| {
                let shown = edited.clone();
                view! {
                    <div class="notice warn older" role="status" data-testid="report-older">
                        <span>{tr(T::FiguresChangedSinceYourEdit)}</span>
                        <button type="button" class="btn" on:click=move |_| { edit(edited.clone()); older.set(None); }>{tr(T::UseMyEdit)}</button>
                    </div>
                    <details class="older-draft"><summary>{tr(T::YourEditedVersion)}</summary><pre>{shown}</pre></details>
                }
            })}
            <article class="briefing">
                <header class="letterhead">
                    <h2>{move || briefing.with(|b| b.title.clone())}</h2>
                    <p>{move || briefing.with(|b| b.subtitle.clone())}</p>
                </header>
                <label class="visually-hidden" for="report-text">{tr(T::Briefing)}</label>
                <textarea id="report-text" data-testid="report-text" rows="22" prop:value=move || text.get()
                    on:input=move |ev| edit(event_target_value(&ev))></textarea>
                <div class="print-text">{move || text.get().lines().skip(3).map(|l| view! { <p>{l.to_owned()}</p> }).collect_view()}</div>
                <h3>{tr(T::FiguresTable)}</h3>
                <table class="list figures" data-testid="report-table">
                    <tbody>{move || briefing.with(|b| b.table.iter().map(|(label, value)| view! {
                        <tr><th scope="row">{label.clone()}</th><td class="num">{value.clone()}</td></tr>
                    }).collect_view())}</tbody>
                </table>
                <div class="charts">
                    {(0..CHARTS.len()).map(|index| {
                        let chart = Signal::derive(move || chart_data.with(|c| c.get(index).cloned().unwrap_or_else(|| c[0].clone())));
                        view! { <ChartView chart=chart resized=resized file_stem=file_stem/> }
                    }).collect_view()}
                </div>
                {move || briefing.with(|b| (!b.ranking.is_empty()).then(|| view! {
                    <h3>{tr(T::OfficesByResolutionRate)}</h3>
                    <table class="list ranking">
                        <tbody>{b.ranking.iter().enumerate().map(|(i, (name, rate, detail))| view! {
                            <tr><td class="num">{i + 1}</td><td>{name.clone()}</td><td class="num">{rate.clone()}</td><td class="num">{detail.clone()}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                }))}
                <p class="signatures">
                    <span>{tr(T::MadeBy)}"：＿＿＿＿＿＿"</span>
                    <span>{tr(T::CheckedBy)}"：＿＿＿＿＿＿"</span>
                    <span>{tr(T::Date)}"：＿＿＿＿＿＿"</span>
                </p>
            </article>
        </section>
    }
}
