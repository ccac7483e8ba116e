//! Exports: the exchange file and the workbook (built by the engine, named
//! and written as the app's export flow decides), and one CSV per ledger.

use crate::ui::i18n::tr;
use crate::ui::once::DispatchOnce;
use crate::ui::state::AppState;
use crate::ui::widgets::OwnOfficeDialog;
use crate::ui::widgets::{download, download_js, now, office_select, today};
use leptos::prelude::*;
use taizhang_app::flow::ExportIntent;
use taizhang_app::flow::{ExportFormat, ExportOrder};
use taizhang_app::import;
use taizhang_app::Settings;
use taizhang_catalogue::T;
use taizhang_core::exchange::csv_export::ledger_csv;
use taizhang_core::ledgers::entries::Entry;
use taizhang_core::{Case, Day, HonouredModel, Kind, TrainingSession};

/// One CSV per ledger, for Excel.
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
pub fn ExportCard() -> impl IntoView {
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
    let exporting_action = Action::new_local(move |order: &ExportOrder| {
        let order = order.clone();
        async move {
            let (name, mime) = (order.file_name.clone(), order.mime());
            let protected = order.password.is_some();
            let built = import::export(app.session, order, |_, _, _| {}).await;
            let bytes = match built {
                Ok(bytes) => bytes,
                Err(error) => return app.notice.set(Some(error)),
            };
            if download_js(&bytes, &name, mime).is_ok() {
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
            .with(|order| order.as_ref().map(|o| o.format))
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
        let intent = ExportIntent {
            format,
            office: Some(office.get_untracked()).filter(|c| !c.is_empty()),
            from: Day::parse(&from.get_untracked()),
            to: Day::parse(&to.get_untracked()),
            password: password.get_untracked(),
            redacted: redacted.get_untracked(),
        };
        let own = app.settings.with_untracked(|s| s.own_office.clone());
        exporting_action.dispatch_once(intent.order(own, today(), now()));
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
                    {office_select(app, "export-office", office.into(), move |v| office.set(v), Some(T::Everything.text()), Some("export-office"))}
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
                        view! { <span class="error" data-testid="export-password-short">{move || taizhang_catalogue::Worded::message(&taizhang_core::base::problem::FileProblem::PasswordTooShort).get(app.lang.get()).to_owned()}</span> }.into_any()
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
