//! What an import would do, before anything is written: counts per ledger
//! and outcome, the records behind each count, and each conflict side by
//! side with the differing fields marked and a choice for it.

use super::conflict::Conflicts;
use super::counts::{OutcomeLists, PlanCounts};
use crate::app::import::{self, Choices, Pending, Summary};
use crate::app::AppError;
use crate::catalogue::{Say, T};
use crate::domain::Message;
use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::widgets::{mark, now};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// Where an import stands.
#[derive(Clone)]
pub enum Stage {
    Idle,
    Working(T),
    Refused {
        file: String,
        /// Each error's JSON Pointer and its sentence.
        errors: Arc<Vec<(String, Message)>>,
    },
    Preview(Arc<Pending>),
    Done(Arc<Summary>),
}

#[component]
pub fn ImportPreview(pending: Arc<Pending>, stage: RwSignal<Stage>) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let choices = RwSignal::new(Choices::new());
    let applying = RwSignal::new(false);
    // Why the chosen versions cannot be applied; shown until the choices change.
    let refusal = RwSignal::new(None::<crate::domain::Message>);
    Effect::new(move |_| {
        choices.track();
        refusal.set(None);
    });
    let plan = &pending.plan;
    let confirm = {
        let pending = Arc::clone(&pending);
        move || {
            if applying.get_untracked() {
                return;
            }
            mark("taizhang:import-confirm");
            applying.set(true);
            let pending = Arc::clone(&pending);
            let chosen = choices.get_untracked();
            spawn_local(async move {
                match import::apply(app.session, &pending, &chosen, now()).await {
                    Ok(summary) => {
                        stage.set(Stage::Done(Arc::new(summary)));
                        mark("taizhang:import-done");
                    }
                    // Looping office choices are shown here until the choices change.
                    Err(AppError::Merge(refused)) => {
                        refusal.set(Some(refused.message()));
                        applying.set(false);
                    }
                    Err(_) => applying.set(false), // the notice says why; nothing was written
                }
            });
        }
    };

    let nothing_to_do = !plan.changes_something();
    let file = pending.file.clone();

    view! {
        <div class="card preview" data-testid="import-preview">
            <h2>{move || Say::ImportPreview { file: &file }.message().get(lang.get()).to_owned()}</h2>
            <p class="muted">{tr(T::NothingHasBeenWrittenYet)}</p>
            <PlanCounts pending=Arc::clone(&pending)/>
            {nothing_to_do.then(|| view! { <p class="notice ok">{tr(T::EverythingInThisFileIs)}</p> })}
            <OutcomeLists pending=Arc::clone(&pending)/>
            <Conflicts pending=Arc::clone(&pending) choices/>
            {move || refusal.get().map(|message| view! {
                <p class="notice warn" role="alert" data-testid="import-refused">{move || message.get(lang.get()).to_owned()}</p>
            })}
            <div class="actions">
                <button type="button" class="btn primary" data-testid="import-confirm" disabled=move || applying.get()
                    on:click=move |_| confirm()>{move || if applying.get() { tr(T::Writing)() } else { tr(T::ConfirmImport)() }}</button>
                " "
                <button type="button" class="btn" data-testid="import-cancel" disabled=move || applying.get()
                    on:click=move |_| stage.set(Stage::Idle)>{tr(T::Cancel)}</button>
            </div>
        </div>
    }
}
