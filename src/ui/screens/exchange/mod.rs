//! The exchange screen: export this copy's ledgers (JSON for other offices,
//! CSV for Excel), and import another office's file: read and check it
//! whole, preview what it would change, let the user settle conflicts, then
//! apply it in one transaction — with an undo until the next import.

mod approval;
mod conflict;
mod counts;
mod mapping;
mod password;
mod preview;
mod reports;
mod roster;
mod summary;

use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::widgets::HelpLink;
use crate::ui::widgets::OwnOfficeDialog;
use crate::ui::widgets::{confirm_dialog, download, download_js, mark, now, office_select, today};
use approval::ApprovalTaken;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mapping::{Mapping, SheetMapping};
use password::PasswordAsked;
use preview::{ImportPreview, Progress, ProgressBar, ShownError, Stage};
use reports::{ImportHistory, ReceiptTaken, SentFiles};
use roster::RosterRead;
use send_wrapper::SendWrapper;
use std::sync::Arc;
use summary::ImportSummary;
use taizhang_app::import::{self, ExportFormat, ExportOrder, Opened, Stage as Step};
use taizhang_app::AppError;
use taizhang_app::{ImportCounts, Settings};
use taizhang_catalogue::{Say, T};
use taizhang_core::csv_export::ledger_csv;
use taizhang_core::entries::Entry;
use taizhang_core::exchange::{self, ExportScope};
use taizhang_core::problem::FileProblem;
use taizhang_core::sheet::workbook_name;
use taizhang_core::{Case, Day, HonouredModel, Kind, Lang, TrainingSession};
use wasm_bindgen::JsCast;

/// One CSV per ledger, for Excel.
/// One export asked for: what to build and how the download is named.
#[derive(Clone)]
struct ExportJob {
    order: ExportOrder,
    mime: &'static str,
}

#[component]
fn CsvExports() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    fn csv_of<R: Entry>(app: AppState) {
        let ledger = R::KIND;
        let lang = app.lang.get_untracked();
        if let Ok(bytes) = app.data.with_untracked(|d| ledger_csv::<R>(d, lang)) {
            let name = format!(
                "台账-{}-{}.csv",
                ledger.label().get(lang),
                today().compact()
            );
            let _ = download(&bytes, &name, "text/csv;charset=utf-8");
        }
    }
    let csv_training = move |_| csv_of::<TrainingSession>(app);
    let csv_models = move |_| csv_of::<HonouredModel>(app);
    let csv_cases = move |_| csv_of::<Case>(app);
    view! {
        <div class="toolbar">
            <span class="muted">{tr(T::ExportForExcelCsv)}</span>
            <button type="button" class="btn" data-testid="export-csv-training_sessions" on:click=csv_training>{move || Kind::TrainingSessions.label().get(lang.get())}</button>
            <button type="button" class="btn" data-testid="export-csv-honoured_models" on:click=csv_models>{move || Kind::HonouredModels.label().get(lang.get())}</button>
            <button type="button" class="btn" data-testid="export-csv-cases" on:click=csv_cases>{move || Kind::Cases.label().get(lang.get())}</button>
        </div>
    }
}

#[component]
fn ExportCard() -> impl IntoView {
    let app = expect_context::<AppState>();
    let office = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let redacted = RwSignal::new(false);
    let password_short = Memo::new(move |_| {
        password.with(|p| !p.is_empty() && !taizhang_app::import::password_is_long_enough(p))
    });
    // The engine builds the file; while it does, both buttons wait and the
    // one pressed says so (the action's input is the format in flight).
    let exporting_action = Action::new_local(move |job: &ExportJob| {
        let job = job.clone();
        async move {
            let name = job.order.file_name.clone();
            let protected = job.order.password.is_some();
            let built = import::export(app.session, job.order, now(), |_, _, _| {}).await;
            let bytes = match built {
                Ok(bytes) => bytes,
                Err(error) => return app.notice.set(Some(error)),
            };
            if download_js(&bytes, &name, job.mime).is_ok() {
                // The password is not left in the page of a shared PC.
                if protected {
                    password.set(String::new());
                }
                let settings = Settings {
                    last_export: Some(now()),
                    ..app.settings.get_untracked()
                };
                app.save_settings(settings);
            }
        }
    });
    let exporting = Memo::new(move |_| {
        exporting_action
            .input()
            .with(|job| job.as_ref().map(|j| j.order.format))
    });
    // A file names the office it comes from: asked once, before the first.
    let asking = RwSignal::new(None::<ExportFormat>);
    let export = move |format: ExportFormat| {
        if exporting.get_untracked().is_some() || password_short.get_untracked() {
            return;
        }
        if app.settings.with_untracked(|s| s.own_office.is_none()) {
            asking.set(Some(format));
            return;
        }
        let code = Some(office.get_untracked()).filter(|c| !c.is_empty());
        let scope = ExportScope {
            office: code.clone(),
            from: Day::parse(&from.get_untracked()),
            to: Day::parse(&to.get_untracked()),
        };
        let source = app.settings.with_untracked(|s| s.own_office.clone());
        let named = code.as_deref().or(source.as_deref());
        let password = Some(password.get_untracked()).filter(|p| !p.is_empty());
        let (name, mime): (String, &str) = match format {
            ExportFormat::Exchange if password.is_some() => (
                format!("{}.zip", exchange::file_name(named, today())),
                "application/zip",
            ),
            ExportFormat::Exchange => (exchange::file_name(named, today()), "application/json"),
            ExportFormat::Workbook => (
                workbook_name(named, today()),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
        };
        let order = ExportOrder {
            file_name: name,
            scope,
            source_office: source,
            format,
            password,
            redacted: redacted.get_untracked(),
        };
        exporting_action.dispatch_local(ExportJob { order, mime });
    };
    let last_export = move || {
        app.settings
            .with(|s| s.last_export.clone())
            .map(|t| t.as_str().replace('T', " ").replace('Z', " UTC"))
    };
    view! {
        <div class="card">
            <h2>{tr(T::Export)}</h2>
            <p class="muted">{tr(T::TheJsonFileCanBe)}</p>
            <div class="toolbar">
                <label>{tr(T::Office)}
                    {office_select(app, "export-office", office.into(), move |v| office.set(v), Some(T::Everything), Some("export-office"))}
                </label>
                <label>{tr(T::From)}<input type="date" name="export-from" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/></label>
                <label>{tr(T::To)}<input type="date" name="export-to" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label>
                <button type="button" class="btn primary" data-testid="export-json" aria-disabled=move || exporting.get().is_some().to_string()
                    on:click=move |_| export(ExportFormat::Exchange)>
                    {move || if exporting.get() == Some(ExportFormat::Exchange) { tr(T::Exporting)() } else { tr(T::ExportJsonExchangeFile)() }}
                </button>
                <button type="button" class="btn" data-testid="export-xlsx" aria-disabled=move || exporting.get().is_some().to_string()
                    on:click=move |_| export(ExportFormat::Workbook)>
                    {move || if exporting.get() == Some(ExportFormat::Workbook) { tr(T::Exporting)() } else { tr(T::ExportWorkbook)() }}
                </button>
            </div>
            <div class="toolbar">
                <label>{tr(T::ExportPassword)}
                    <input type="password" autocomplete="new-password" data-testid="export-password" minlength="8"
                        aria-invalid=move || password_short.get().to_string() aria-describedby="export-password-help"
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="export-redacted" prop:checked=move || redacted.get()
                        on:change=move |ev| redacted.set(event_target_checked(&ev))/>
                    {tr(T::ExportRedacted)}
                </label>
                <span class="muted" id="export-password-help">
                    {move || if password_short.get() {
                        view! { <span class="error" data-testid="export-password-short">{move || taizhang_catalogue::Worded::message(&taizhang_core::problem::FileProblem::PasswordTooShort).get(app.lang.get()).to_owned()}</span> }.into_any()
                    } else {
                        view! { <span>{tr(T::ExportPasswordExplained)}</span> }.into_any()
                    }}
                </span>
            </div>
            <CsvExports/>
            {move || asking.get().map(|format| view! {
                <OwnOfficeDialog
                    on_chosen=Callback::new(move |()| { asking.set(None); export(format); })
                    on_cancel=Callback::new(move |()| asking.set(None))/>
            })}
            <p class="muted" data-testid="last-export">{move || match last_export() {
                Some(at) => format!("{}{at}", tr(T::LastExport)()),
                None => tr(T::NothingExportedFromThisBrowser)().to_owned(),
            }}</p>
        </div>
    }
}

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
        match import::preview(session, file.clone(), password, report).await {
            Ok(Opened::Preview(preview)) => {
                stage.set(Stage::Preview(Arc::new(preview)));
                mark("taizhang:import-preview");
            }
            Ok(Opened::Receipt {
                receipt,
                already,
                counted,
                sender,
            }) => stage.set(Stage::Receipt(Arc::new((
                receipt, already, counted, sender,
            )))),
            Ok(Opened::Roster {
                roster,
                sender,
                taken,
                conflicts,
            }) => stage.set(Stage::Roster(Arc::new((roster, sender, taken, conflicts)))),
            Ok(Opened::Approval {
                approval,
                sender,
                taken,
            }) => stage.set(Stage::Approval(Arc::new((approval, sender, taken)))),
            Ok(Opened::Sheets(shapes)) => {
                let choices = taizhang_app::sheets::recalled_choices();
                stage.set(Stage::Mapping(Mapping::new(name, shapes, choices)));
            }
            Err(AppError::Cancelled) => {}
            Err(error) => match password_asked(&error) {
                Some(wrong) => stage.set(Stage::Password {
                    file: SendWrapper::new(file),
                    wrong: wrong || asked,
                }),
                None => stage.set(Stage::refused(name, error, None)),
            },
        }
    });
}

/// Whether a file's refusal is a question for its password: `Some(wrong)`.
fn password_asked(error: &AppError) -> Option<bool> {
    match error {
        AppError::File(errors) => match errors.as_slice() {
            [only] if only.problem == FileProblem::PasswordNeeded => Some(false),
            [only] if only.problem == FileProblem::WrongPassword => Some(true),
            _ => None,
        },
        _ => None,
    }
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

pub fn provide_import_state() {
    provide_context(ImportState {
        stage: RwSignal::new(Stage::Idle),
        progress: RwSignal::new((Step::Reading, 0.0, 1.0)),
    });
}

pub fn exchange_screen() -> impl IntoView {
    let app = expect_context::<AppState>();
    let ImportState { stage, progress } = expect_context::<ImportState>();
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
            </div>
            <ImportStage stage progress/>
            <ImportHistory/>
            <SentFiles/>
            {move || confirming_undo.get().then(|| confirm_dialog(undo_message, undo, move || confirming_undo.set(false)))}
        </section>
    }
}

/// The whole list of errors: nothing was written. A workbook's errors name
/// their cells, and its mapping can be changed and read again.
fn refused(
    file: String,
    errors: Arc<Vec<ShownError>>,
    back: Option<Mapping>,
    invalid_signature: bool,
    stage: RwSignal<Stage>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    const SHOWN: usize = 500;
    let total = errors.len();
    view! {
        <div class="card refused" data-testid="import-errors" role="alert">
            <h2>{move || Say::FileRefused { file: &file, errors: total }.message().get(lang.get()).to_owned()}</h2>
            {invalid_signature.then(|| view! {
                <p data-testid="import-sender" data-trust="invalid"><strong>{tr(T::SignatureInvalid)}</strong></p>
            })}
            <ol class="errors">
                {errors.iter().take(SHOWN).map(|error| {
                    let message = error.message.clone();
                    let text = move || message.get(lang.get()).to_owned();
                    match error.cell.clone() {
                        Some(cell) => {
                            let at = cell.clone();
                            view! { <li data-cell=at><code>{cell}</code>" "{text}</li> }.into_any()
                        }
                        None => {
                            let pointer = error.pointer.clone();
                            let shown = if pointer.is_empty() { "/".to_owned() } else { pointer.clone() };
                            view! { <li data-pointer=pointer><code>{shown}</code>" "{text}</li> }.into_any()
                        }
                    }
                }).collect_view()}
            </ol>
            {(total > SHOWN).then(|| view! { <p class="muted">{format!("… {}", total - SHOWN)}</p> })}
            {back.map(|mapping| view! {
                <div class="actions">
                    <button type="button" class="btn" data-testid="sheet-back"
                        on:click=move |_| stage.set(Stage::Mapping(mapping.clone()))>{tr(T::BackToTheMapping)}</button>
                </div>
            })}
        </div>
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

/// Where the import stands: working, refused with its errors, the preview, or the summary.
#[component]
fn ImportStage(stage: RwSignal<Stage>, progress: Progress) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let cancel = Callback::new(move |()| {
        import::cancel();
        stage.set(Stage::Idle);
    });
    move || match stage.get() {
        Stage::Idle => ().into_any(),
        Stage::Working => view! { <ProgressBar progress on_cancel=cancel/> }.into_any(),
        Stage::Mapping(mapping) => view! { <SheetMapping mapping stage progress/> }.into_any(),
        Stage::Refused {
            file,
            errors,
            back,
            invalid_signature,
        } => refused(file, errors, back, invalid_signature, stage, lang).into_any(),
        Stage::Preview(preview) => view! { <ImportPreview preview stage progress/> }.into_any(),
        Stage::Done(summary) => view! { <ImportSummary summary/> }.into_any(),
        Stage::Receipt(taken) => {
            let (receipt, already, counted, sender) = (*taken).clone();
            view! { <ReceiptTaken receipt already counted sender/> }.into_any()
        }
        Stage::Password { file, wrong } => {
            let ask_again = Callback::new(move |password: String| {
                let state = expect_context::<ImportState>();
                let app = expect_context::<AppState>();
                start_import(
                    app.session,
                    state.stage,
                    state.progress,
                    (*file).clone(),
                    Some(password),
                );
            });
            view! { <PasswordAsked wrong on_password=ask_again/> }.into_any()
        }
        Stage::Roster(read) => {
            let (roster, sender, taken, conflicts) = (*read).clone();
            view! { <RosterRead roster sender taken conflicts/> }.into_any()
        }
        Stage::Approval(read) => {
            let (approval, sender, taken) = (*read).clone();
            view! { <ApprovalTaken approval sender taken/> }.into_any()
        }
    }
}
