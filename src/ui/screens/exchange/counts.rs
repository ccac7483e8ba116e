//! What a file would do, counted: per table and outcome, with the totals the
//! UI contract names, and the records behind each count.

use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use leptos::prelude::*;
use std::sync::Arc;
use taizhang_app::import::Preview;
use taizhang_catalogue::T;
use taizhang_core::exchange::Outcome;
use taizhang_core::Kind;

#[component]
pub fn PlanCounts(preview: Arc<Preview>) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let rows: Vec<(Kind, [usize; 6])> = preview.counts.iter().map(|(k, c)| (k, *c)).collect();
    let totals = Outcome::ALL.map(|o| preview.count(o));
    view! {
        <table class="list counts">
            <thead><tr>
                <th>{tr(T::LedgerColumn)}</th>
                {Outcome::ALL.into_iter().map(|o| view! { <th class="num">{move || T::of_outcome(o).text().get(lang.get())}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|(kind, counts)| view! {
                    <tr data-ledger=kind.key()>
                        <th>{move || kind.label().get(lang.get())}</th>
                        {counts.into_iter().map(|n| view! { <td class="num">{n}</td> }).collect_view()}
                    </tr>
                }).collect_view()}
                <tr class="total">
                    <th>{tr(T::Total)}</th>
                    {Outcome::ALL.iter().zip(totals).map(|(o, n)| view! {
                        <td class="num" data-count=o.key() data-value=n.to_string()>{n}</td>
                    }).collect_view()}
                </tr>
            </tbody>
        </table>
    }
}

/// The records behind each count (the first ones of each).
#[component]
pub fn OutcomeLists(preview: Arc<Preview>) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let lists = preview
        .lists
        .iter()
        .map(|(outcome, names)| {
            let (outcome, names) = (*outcome, names.clone());
            let count = preview.count(outcome);
            view! {
                <details data-list=outcome.key()>
                    <summary>{move || format!("{} {count}", T::of_outcome(outcome).text().get(lang.get()))}</summary>
                    <ul>{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                </details>
            }
        })
        .collect_view();
    view! { <div class="lists">{lists}</div> }
}
