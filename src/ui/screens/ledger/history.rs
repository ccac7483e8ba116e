//! A record's history (留痕), opened from its row: each change with when and
//! how, and the fields it changed from old to new.

use crate::ui::dialog::Modal;
use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::widgets::name_of_office;
use leptos::prelude::*;
use taizhang_app::records;
use taizhang_catalogue::{Say, Worded, T};
use taizhang_core::ledgers::history::{field_label, shown, How, Revision, Shown};
use taizhang_core::{Kind, Lang};

#[component]
pub fn RecordHistory(
    ledger: Kind,
    /// The record's id and what its row shows first (its name).
    id: String,
    name: String,
    on_close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let revisions =
        LocalResource::new(move || records::history_of(app.session, ledger, id.clone()));
    let list = move || {
        revisions.get().map(|found| match found {
            Ok(found) if found.is_empty() => view! { <p class="muted">{tr(T::NoHistory)}</p> }.into_any(),
            Ok(found) => view! {
                <ol class="history">
                    {found.into_iter().enumerate().map(|(n, revision)| view! {
                        <RevisionItem revision number=n + 1 ledger/>
                    }).collect_view()}
                </ol>
            }
            .into_any(),
            Err(error) => view! { <p class="error" role="alert">{move || error.message().get(lang.get()).to_owned()}</p> }.into_any(),
        })
    };
    view! {
        <Modal role="dialog" labelled_by="history-title" testid="history-dialog" on_escape=Callback::new(move |()| on_close())>
            <h2 id="history-title">{tr(T::HistoryOfRecord)}" · "{name}</h2>
            {list}
            <div class="actions">
                <button type="button" class="btn" data-initial-focus on:click=move |_| on_close()>{tr(T::Close)}</button>
            </div>
        </Modal>
    }
}

/// One change: when, how, and a table of the fields it changed.
#[component]
fn RevisionItem(revision: Revision, number: usize, ledger: Kind) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let how = revision.how.clone();
    let how = move || how_text(&how, app, lang.get());
    let when = revision.at.as_str().replace('T', " ").replace('Z', " UTC");
    let changes = revision.changes;
    let rows = move || {
        let lang = lang.get();
        changes
            .iter()
            .map(|change| {
                let value = |v: Option<&serde_json::Value>| {
                    show(app, shown(ledger, &change.field, v, lang), lang)
                };
                view! {
                    <tr data-field=change.field.clone()>
                        <th scope="row">{field_label(ledger, &change.field, lang)}</th>
                        <td data-old>{value(change.old.as_ref())}</td>
                        <td data-new>{value(change.new.as_ref())}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <li data-revision=number data-how=how_key(&revision.how)>
            <p><strong>{when}</strong>" · "{how}</p>
            <table class="list compact">
                <thead><tr><th scope="col">{tr(T::Field)}</th><th scope="col">{tr(T::Before)}</th><th scope="col">{tr(T::After)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </li>
    }
}

fn how_key(how: &How) -> &'static str {
    match how {
        How::Form => "form",
        How::Import(_) => "import",
        How::Undo(_) => "undo",
    }
}

fn how_text(how: &How, app: AppState, lang: Lang) -> String {
    match how {
        How::Form => T::ByForm.text().get(lang).to_owned(),
        How::Import(file) => {
            let sender = file.sender.as_deref().map(|code| name_of_office(app, code));
            Say::ByImport {
                file: &file.file,
                sha256: &file.sha256,
                sender: sender.as_deref(),
            }
            .message()
            .get(lang)
            .to_owned()
        }
        How::Undo(file) => Say::ByUndo { file: &file.file }
            .message()
            .get(lang)
            .to_owned(),
    }
}

fn show(app: AppState, value: Shown, lang: Lang) -> String {
    match value {
        Shown::Empty => T::Empty.text().get(lang).to_owned(),
        Shown::Yes => T::Yes.text().get(lang).to_owned(),
        Shown::No => T::No.text().get(lang).to_owned(),
        Shown::Office(code) => name_of_office(app, &code),
        Shown::Text(text) => text,
    }
}
