//! What an applied import did, shown after it.

use super::reports::ReceiptButton;
use crate::ui::state::AppState;
use leptos::prelude::*;
use std::sync::Arc;
use taizhang_app::import::Applied;
use taizhang_catalogue::{Say, T};

#[component]
pub fn ImportSummary(summary: Arc<Applied>) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let file = summary.file.clone();
    let taken = summary.conflicts_taken;
    view! {
        <div class="card notice ok summary" data-testid="import-summary" role="status">
            <p>{move || Say::Imported { file: &file }.message().get(lang.get()).to_owned()}</p>
            <ul>
                {summary.counts.iter().map(|(o, n)| {
                    let (o, n) = (*o, *n);
                    view! { <li data-count=o.key() data-value=n.to_string()>{move || T::of_outcome(o).text().get(lang.get())}": "{n}</li> }
                }).collect_view()}
            </ul>
            {(taken > 0).then(|| view! { <p>{move || Say::ConflictsTaken(taken).message().get(lang.get()).to_owned()}</p> })}
            <p class="actions"><ReceiptButton logged=summary.logged.clone()/></p>
        </div>
    }
}
