//! The exchange screen: export this copy's ledgers (JSON for other offices,
//! CSV for Excel), and import another office's file: read and check it
//! whole, preview what it would change, let the user settle conflicts, then
//! apply it in one transaction — with an undo until the next import.

mod approval;
mod conflict;
mod counts;
mod export;
mod mapping;
mod password;
mod preview;
mod reports;
mod roster;
mod stage;
mod summary;

use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::widgets::HelpLink;
use crate::ui::widgets::{confirm_dialog, mark, now};
use export::ExportCard;
use leptos::prelude::*;
use leptos::task::spawn_local;
use preview::{Progress, Stage};
use reports::{ImportHistory, SentFiles};
use send_wrapper::SendWrapper;
use stage::CurrentImport;
use taizhang_app::import::{self, Stage as Step};
use taizhang_app::AppError;
use taizhang_app::ImportCounts;
use taizhang_catalogue::{Say, T};
use wasm_bindgen::JsCast;

/// Reads, checks and compares a chosen file in the engine, showing how far
/// it has got; the user can cancel at any point (nothing is written).
fn start_import(
    session: taizhang_app::Session,
    stage: RwSignal<Stage>,
    progress: Progress,
    file: web_sys::File,
    password: Option<String>,
) {
    mark("taizhang:import-chosen");
    import::cancel(); // a file chosen while another is read replaces it
    let name = file.name();
    progress.set((Step::Reading, 0.0, file.size()));
    stage.set(Stage::Working);
    spawn_local(async move {
        let report = move |step, done, total| progress.set((step, done, total));
        let asked = password.is_some();
        let read = import::preview(session, file.clone(), password, report).await;
        let recalled = taizhang_app::sheets::recalled_choices();
        let next = Stage::after_read(SendWrapper::new(file), name, asked, read, recalled);
        if let Some(next) = next {
            if matches!(next, Stage::Preview(_)) {
                mark("taizhang:import-preview");
            }
            stage.set(next);
        }
    });
}

fn first_file(list: Option<web_sys::FileList>) -> Option<web_sys::File> {
    list.and_then(|files| files.get(0))
}

/// The import under way: it goes on while the user visits other screens.
#[derive(Clone, Copy)]
struct ImportState {
    stage: RwSignal<Stage>,
    progress: Progress,
}

/// The frame's owner, under which the import's state is made.
#[derive(Clone)]
struct ImportOwner(Owner);

/// Called by the frame: remembers its owner. The import's state is made under
/// it when the exchange screen is first built (so it outlives the screen, as
/// if the frame had made it), in that screen's chunk: the import's stages
/// (and their drop code) stay out of the page's first download.
pub fn provide_import_state() {
    if let Some(owner) = Owner::current() {
        provide_context(ImportOwner(owner));
    }
}

/// The import's state, made the first time it is asked for.
fn import_state() -> ImportState {
    use_context::<ImportState>().unwrap_or_else(|| {
        let ImportOwner(owner) = expect_context::<ImportOwner>();
        owner.with(|| {
            let state = ImportState {
                stage: RwSignal::new(Stage::Idle),
                progress: RwSignal::new((Step::Reading, 0.0, 1.0)),
            };
            provide_context(state);
            state
        })
    })
}

pub fn exchange_screen() -> impl IntoView {
    let app = expect_context::<AppState>();
    let ImportState { stage, progress } = import_state();
    import::prepare();
    let dragging = RwSignal::new(false);
    let confirming_undo = RwSignal::new(false);
    let undo_message = Signal::derive(move || undo_question(app));
    let undo = move || {
        confirming_undo.set(false);
        spawn_local(async move {
            match app.undo_import(now()).await {
                Ok(()) => stage.set(Stage::Idle),
                // A locked month: said, nothing undone (a failed write says so itself).
                Err(error @ AppError::Refused(_)) => app.notice.set(Some(error)),
                Err(_) => {}
            }
        });
    };
    view! {
        <section data-screen="exchange">
            <h1>{tr(T::Exchange)}<HelpLink part="exchange"/></h1>
            <ExportCard/>
            <div class="card dropzone" class:dragging=move || dragging.get()
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(false);
                    if let Some(file) = first_file(ev.data_transfer().and_then(|d| d.files())) {
                        start_import(app.session, stage, progress, file, None);
                    }
                }>
                <h2>{tr(T::Import)}</h2>
                <p class="muted">{tr(T::ChooseOrDropAJson)}</p>
                <label class="btn primary file-button">
                    {tr(T::ChooseAFile)}
                    <input type="file" accept=".json,.zip,.xlsx,.xls,.csv,.et,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,text/csv" data-testid="import-file" class="visually-hidden"
                        on:change=move |ev| {
                            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
                            if let Some(file) = first_file(input.files()) {
                                start_import(app.session, stage, progress, file, None);
                            }
                            input.set_value(""); // choosing the same file again imports it again
                        }/>
                </label>
                {move || app.undo.get().map(|info| view! {
                    <p class="undo">
                        <button type="button" class="btn danger" data-testid="import-undo" on:click=move |_| confirming_undo.set(true)>
                            {tr(T::UndoTheLastImport)}
                        </button>
                        " " <span class="muted">{info.description}</span>
                    </p>
                })}
                {move || (app.undo.with(Option::is_none) && app.undo_forgotten.get()).then(|| view! {
                    <p class="muted" data-testid="undo-forgotten">{tr(T::UndoForgotten)}</p>
                })}
            </div>
            <CurrentImport stage progress/>
            <ImportHistory/>
            <SentFiles/>
            {move || confirming_undo.get().then(|| confirm_dialog(undo_message, undo, move || confirming_undo.set(false)))}
        </section>
    }
}

/// The question before undoing the last import: it names the file and what it changed.
fn undo_question(app: AppState) -> String {
    let (what, changed) = app.undo.with(|u| {
        u.as_ref()
            .map(|u| (u.description.clone(), u.changed))
            .unwrap_or_default()
    });
    let ImportCounts {
        added,
        updated,
        deleted,
    } = changed;
    let question = Say::UndoImport {
        what: &what,
        added,
        updated,
        deleted,
    };
    question.message().get(app.lang.get()).to_owned()
}
