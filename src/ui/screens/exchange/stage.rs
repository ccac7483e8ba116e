//! Where the import stands, as the screen shows it: working, the sheets to
//! map, refused with every error, the preview, the summary, a receipt, a
//! roster or an approval read, or the password asked.

use super::approval::ApprovalTaken;
use super::mapping::SheetMapping;
use super::password::PasswordAsked;
use super::preview::{ImportPreview, Progress, ProgressBar, ShownError, Stage};
use super::reports::ReceiptTaken;
use super::roster::RosterShownCard;
use super::summary::ImportSummary;
use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use leptos::prelude::*;
use taizhang_app::flow::{ApprovalRead, ReceiptRead, RosterRead};
use taizhang_app::flow::{ApprovalShown, PasswordQuestion, Refusal, RosterShown};
use taizhang_app::import;
use taizhang_catalogue::{Say, T};
use taizhang_core::Lang;

/// The whole list of errors: nothing was written. A workbook's errors name
/// their cells, and its mapping can be changed and read again.
fn refused(refusal: &Refusal, stage: RwSignal<Stage>, lang: RwSignal<Lang>) -> impl IntoView {
    const SHOWN: usize = 500;
    let errors = ShownError::all(refusal);
    let (file, back) = (refusal.file.clone(), refusal.back.clone());
    let invalid_signature = refusal.invalid_signature();
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

/// Where the import stands: working, refused with its errors, the preview, or the summary.
#[component]
pub fn CurrentImport(stage: RwSignal<Stage>, progress: Progress) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let cancel = Callback::new(move |()| {
        import::cancel();
        stage.set(Stage::Idle);
    });
    move || match stage.get() {
        Stage::Idle => ().into_any(),
        Stage::Working => view! { <ProgressBar progress on_cancel=cancel/> }.into_any(),
        Stage::Mapping(mapping) => view! { <SheetMapping mapping stage progress/> }.into_any(),
        Stage::Refused(refusal) => refused(&refusal, stage, lang).into_any(),
        Stage::Preview(preview) => view! { <ImportPreview preview stage progress/> }.into_any(),
        Stage::Done(summary) => view! { <ImportSummary summary/> }.into_any(),
        Stage::Receipt(read) => {
            let ReceiptRead {
                receipt,
                already,
                counted,
                sender,
            } = (*read).clone();
            view! { <ReceiptTaken receipt already counted sender/> }.into_any()
        }
        Stage::Password(PasswordQuestion { file, wrong }) => {
            let ask_again = Callback::new(move |password: String| {
                let state = super::import_state();
                let app = expect_context::<AppState>();
                super::start_import(
                    app.session,
                    state.stage,
                    state.progress,
                    (*file).clone(),
                    Some(password),
                );
            });
            view! { <PasswordAsked wrong on_password=ask_again/> }.into_any()
        }
        Stage::Roster(shown) => {
            let RosterShown {
                read: RosterRead { roster, sender },
                taken,
                conflicts,
            } = (*shown).clone();
            view! { <RosterShownCard roster sender taken conflicts/> }.into_any()
        }
        Stage::Approval(shown) => {
            let ApprovalShown {
                read: ApprovalRead { approval, sender },
                taken,
            } = (*shown).clone();
            view! { <ApprovalTaken approval sender taken/> }.into_any()
        }
    }
}
