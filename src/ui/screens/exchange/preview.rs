//! What an import would do, before anything is written: counts per ledger
//! and outcome, the records behind each count, and each conflict side by
//! side with the differing fields marked and a choice for it.

use super::conflict::Conflicts;
use super::counts::{OutcomeLists, PlanCounts};
use crate::ui::i18n::tr;
use crate::ui::once::DispatchOnce;
use crate::ui::state::AppState;
use crate::ui::widgets::{mark, name_of_office, now};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::sync::Arc;
use taizhang_app::flow::{ImportStage, Refusal};
use taizhang_app::import::{self, Choices, Preview, Stage as Step};
use taizhang_app::trust::{accept_key, conflicts_of};
use taizhang_app::AppError;
use taizhang_catalogue::{Say, Worded, T};
use taizhang_core::trust::KeyConflict;
use taizhang_core::trust::{fingerprint_groups, Sender, Trust, TrustedKey};
use taizhang_core::Message;

/// Where an import stands: the app's flow, holding the chosen file as the
/// page has it (read again once its password is given).
pub type Stage = ImportStage<SendWrapper<web_sys::File>>;

/// One error of a refused file: where (a JSON Pointer, or a workbook's
/// cell) and its sentence.
#[derive(Clone, Debug)]
pub struct ShownError {
    pub pointer: String,
    pub cell: Option<String>,
    pub message: Message,
}

impl ShownError {
    /// Every error a refusal gave, worded.
    pub fn all(refusal: &Refusal) -> Vec<ShownError> {
        match &refusal.error {
            AppError::File(errors) => errors
                .iter()
                .map(|e| ShownError {
                    pointer: e.pointer.clone(),
                    cell: e.cell.clone(),
                    message: e.message(),
                })
                .collect(),
            other => vec![ShownError {
                pointer: String::new(),
                cell: None,
                message: other.message(),
            }],
        }
    }
}

/// How far the engine has got: its step, and done out of total.
pub type Progress = RwSignal<(Step, f64, f64)>;

/// The step's name for people.
pub fn step_label(step: Step) -> T {
    match step {
        Step::Reading => T::ReadingTheFile,
        Step::Checking => T::CheckingTheFile,
        Step::Comparing => T::ComparingWithTheDataHere,
        Step::Writing => T::Writing,
        Step::Exporting => T::Exporting,
    }
}

/// The progress bar with its step named; `on_cancel` (if given) stops the work.
#[component]
pub fn ProgressBar(
    progress: Progress,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let label = move || step_label(progress.get().0).text().get(lang.get());
    view! {
        <div class="notice ok progress" role="status" data-testid="import-progress">
            <span>{label}</span>
            <progress data-testid="progress" aria-label=label
                max=move || progress.get().2.max(1.0) value=move || progress.get().1></progress>
            {on_cancel.map(|cancel| view! {
                <button type="button" class="btn" data-testid="import-stop" on:click=move |_| cancel.run(())>{tr(T::Cancel)}</button>
            })}
        </div>
    }
}

#[component]
pub fn ImportPreview(
    preview: Arc<Preview>,
    stage: RwSignal<Stage>,
    progress: Progress,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let choices = RwSignal::new(Choices::new());
    progress.set((Step::Writing, 0.0, 1.0));
    // Why the chosen versions cannot be applied; shown until the choices change.
    let refusal = RwSignal::new(None::<Message>);
    Effect::new(move |_| {
        choices.track();
        refusal.set(None);
    });
    let file = preview.file.clone();
    let applying_action = Action::new_local(move |chosen: &Choices| {
        let (chosen, file) = (chosen.clone(), file.clone());
        async move {
            let report = move |step, done, total| progress.set((step, done, total));
            match import::apply(app.session, &chosen, now(), report).await {
                Ok(applied) => {
                    stage.set(Stage::Done(Arc::new(applied)));
                    mark("taizhang:import-done");
                }
                // Looping office choices are shown here until the choices change.
                Err(AppError::Merge(refused)) => refusal.set(Some(refused.message())),
                // Refused at apply (rows out of the reach of a key trusted
                // in this preview): each row named at its pointer.
                Err(error @ AppError::File(_)) => stage.set(Stage::refused(file, error, None)),
                Err(_) => stage.set(Stage::Idle), // the notice says why
            }
        }
    });
    let applying = applying_action.pending();
    let confirm = move || {
        mark("taizhang:import-confirm");
        applying_action.dispatch_once(choices.get_untracked());
    };
    let cancel = move || {
        import::cancel();
        stage.set(Stage::Idle);
    };
    let nothing_to_do = !preview.changes_something();
    let file = preview.file.clone();

    view! {
        <div class="card preview" data-testid="import-preview">
            <h2>{move || Say::ImportPreview { file: &file }.message().get(lang.get()).to_owned()}</h2>
            <p class="muted">{tr(T::NothingHasBeenWrittenYet)}</p>
            <SenderLine sender=preview.sender.clone() from=preview.file.clone()/>
            {(!preview.not_taken.is_empty()).then(|| {
                let items = preview.not_taken.iter().map(|code| {
                    view! { <li data-office=code.clone()>{name_of_office(app, code)}</li> }
                }).collect_view();
                view! {
                    <div class="notice warn" data-testid="offices-not-taken">
                        <p>{tr(T::OfficesNotTaken)}</p>
                        <ul>{items}</ul>
                    </div>
                }
            })}
            {preview.redacted.then(|| view! {
                <p class="notice" data-testid="import-redacted" role="status">{tr(T::FileIsRedacted)}</p>
            })}
            <PlanCounts preview=Arc::clone(&preview)/>
            {nothing_to_do.then(|| view! { <p class="notice ok">{tr(T::EverythingInThisFileIs)}</p> })}
            <OutcomeLists preview=Arc::clone(&preview)/>
            <Conflicts preview=Arc::clone(&preview) choices/>
            {move || refusal.get().map(|message| view! {
                <p class="notice warn" role="alert" data-testid="import-refused">{move || message.get(lang.get()).to_owned()}</p>
            })}
            // Writing can be stopped too: the worker ends and its one transaction with it.
            {move || applying.get().then(|| view! { <ProgressBar progress on_cancel=Callback::new(move |()| import::cancel())/> })}
            <div class="actions">
                <button type="button" class="btn primary" data-testid="import-confirm" disabled=move || applying.get()
                    on:click=move |_| confirm()>{move || if applying.get() { tr(T::Writing)() } else { tr(T::ConfirmImport)() }}</button>
                " "
                <button type="button" class="btn" data-testid="import-cancel" disabled=move || applying.get()
                    on:click=move |_| cancel()>{tr(T::Cancel)}</button>
            </div>
        </div>
    }
}

/// Who sent the file, and how far that is known; an unknown key can be
/// trusted once its fingerprint was compared on the phone.
#[component]
pub(super) fn SenderLine(sender: Sender, #[prop(into)] from: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let trust = RwSignal::new(sender.trust);
    let key = sender.key.clone();
    let office = key.as_ref().map(|k| k.office.clone()).unwrap_or_default();
    let name = {
        let office = office.clone();
        move || name_of_office(app, &office)
    };
    let fingerprint = key
        .as_ref()
        .map(|k| fingerprint_groups(&k.kid))
        .unwrap_or_default();
    let accepting = Action::new_local(move |key: &TrustedKey| {
        let (key, from) = (key.clone(), from.clone());
        async move {
            if accept_key(app.session, key, &from, now()).await.is_ok() {
                trust.set(Trust::Verified);
            }
        }
    });
    // Trusting it would give its office a second key: both are named first.
    let unknown = match (&key, sender.trust) {
        (Some(key), Trust::Unknown) => Some(key.clone()),
        _ => None,
    };
    let conflicts = LocalResource::new(move || {
        let unknown = unknown.clone();
        async move {
            match unknown {
                Some(key) => conflicts_of(app.session, key).await,
                None => Vec::new(),
            }
        }
    });
    let sentence = move || {
        let (office, fingerprint) = (name(), fingerprint.clone());
        let said = match trust.get() {
            Trust::Verified => Say::SignedBy {
                office: &office,
                fingerprint: &fingerprint,
            },
            Trust::Unknown => Say::UnknownKey {
                office: &office,
                fingerprint: &fingerprint,
            },
            Trust::Unsigned => Say::Unsigned,
        };
        said.message().get(lang.get()).to_owned()
    };
    let class = move || match trust.get() {
        Trust::Verified => "notice ok",
        Trust::Unknown | Trust::Unsigned => "notice warn",
    };
    view! {
        <div class=class data-testid="import-sender" data-trust=move || trust.get().key() data-office=office.clone()>
            <p>{sentence}</p>
            {move || (trust.get() == Trust::Unknown).then(|| {
                let key = key.clone();
                view! {
                    <button type="button" class="btn" data-testid="accept-key"
                        disabled=move || accepting.pending().get()
                        on:click=move |_| { if let Some(key) = key.clone() { accepting.dispatch_once(key); } }>
                        {tr(T::TrustThisKey)}
                    </button>
                }
            })}
        </div>
        {move || (trust.get() == Trust::Unknown).then(|| conflicts.get().map(|conflicts| view! { <KeyConflicts conflicts/> }))}
    }
}

/// Each office a key about to be trusted already has another key for,
/// with both fingerprints.
#[component]
pub(super) fn KeyConflicts(conflicts: Vec<KeyConflict>) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    conflicts
        .into_iter()
        .map(|conflict| {
            let office = name_of_office(app, &conflict.office);
            let (held, new) = (fingerprint_groups(&conflict.held), fingerprint_groups(&conflict.new));
            let said = move || {
                Say::KeyConflict { office: &office, held: &held, new: &new }
                    .message()
                    .get(lang.get())
                    .to_owned()
            };
            view! {
                <p class="notice warn" role="alert" data-testid="key-conflict" data-office=conflict.office.clone()
                    data-kid-held=conflict.held.clone() data-kid-new=conflict.new.clone()>{said}</p>
            }
        })
        .collect_view()
}
