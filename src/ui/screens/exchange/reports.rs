//! The exchange screen's record of what came and went: every import applied
//! (the log reporting counts from), every file sent with its receipt, the
//! receipt of an import just applied, and the question of which office this
//! copy is, asked once before the first file leaves.

use super::preview::SenderLine;
use crate::ui::i18n::tr;
use crate::ui::once::DispatchOnce;
use crate::ui::state::AppState;
use crate::ui::widgets::name_of_office;
use crate::ui::widgets::{download, OwnOfficeDialog};
use leptos::prelude::*;
use taizhang_app::reports::receipt_of;
use taizhang_catalogue::{Say, T};
use taizhang_core::exchange::Outcome;
use taizhang_core::reporting::{LogEntry, Receipt, SentFile};
use taizhang_core::trust::Sender;
use taizhang_core::Timestamp;

/// `2021-05-03 08:00 UTC`, as the lists show a moment.
fn when(at: &Option<Timestamp>) -> String {
    at.as_ref()
        .map(|t| t.as_str().replace('T', " ").replace('Z', " UTC"))
        .unwrap_or_default()
}

fn office_name(app: AppState, code: &Option<String>) -> String {
    code.as_deref()
        .map(|code| name_of_office(app, code))
        .unwrap_or_default()
}

fn counts_text(app: AppState, counts: [usize; 6]) -> impl Fn() -> String {
    move || {
        let lang = app.lang.get();
        Outcome::ALL
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(o, n)| format!("{} {n}", T::of_outcome(*o).text().get(lang)))
            .collect::<Vec<_>>()
            .join("，")
    }
}

/// A log as a table, newest first: the import log and the files sent share it.
fn newest_first<R: Clone + Send + Sync + 'static>(
    app: AppState,
    list: RwSignal<Vec<R>>,
    header: fn() -> AnyView,
    row: fn(AppState, R) -> AnyView,
) -> impl IntoView {
    move || {
        (!list.with(Vec::is_empty)).then(|| {
            let rows = move || {
                list.get()
                    .into_iter()
                    .rev()
                    .map(|r| row(app, r))
                    .collect_view()
            };
            view! {
                <table class="list">
                    <thead>{header()}</thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    }
}

fn logged_row(app: AppState, entry: LogEntry) -> AnyView {
    let from = office_name(app, &entry.file.source_office);
    let counts = counts_text(app, entry.counts);
    view! {
        <tr data-log=entry.id.clone()>
            <td>{entry.file.file_name.clone()}</td>
            <td>{from}</td>
            <td class="day">{when(&entry.file.exported_at)}</td>
            <td class="day">{when(&Some(entry.applied_at.clone()))}</td>
            <td>{counts}</td>
        </tr>
    }
    .into_any()
}

fn sent_row(app: AppState, file: SentFile) -> AnyView {
    let status = if file.receipt.is_some() {
        "received"
    } else {
        "sent"
    };
    let state = match &file.receipt {
        Some(receipt) => {
            let by = office_name(app, &Some(receipt.received_by.clone()));
            let at = when(&Some(receipt.received_at.clone()));
            let counts = counts_text(app, outcome_counts(receipt));
            view! { <span class="ok">{tr(T::Received)}"："{by}" · "{at}" · "{counts}</span> }
                .into_any()
        }
        None => view! { <span class="muted">{tr(T::AwaitingReceipt)}</span> }.into_any(),
    };
    let short = file.file.sha256[..12.min(file.file.sha256.len())].to_owned();
    view! {
        <tr data-sha256=file.file.sha256.clone() data-status=status>
            <td>{file.file.file_name.clone()}</td>
            <td class="day">{when(&file.file.exported_at)}</td>
            <td>{state}</td>
            <td class="muted"><code title=file.file.sha256.clone()>{short}</code></td>
        </tr>
    }
    .into_any()
}

/// Every import applied and still logged, newest first.
#[component]
pub fn ImportHistory() -> impl IntoView {
    let app = expect_context::<AppState>();
    let header = || {
        view! {
            <tr><th>{tr(T::FileName)}</th><th>{tr(T::SentBy)}</th><th>{tr(T::ExportedAt)}</th>
            <th>{tr(T::AppliedAt)}</th><th>{tr(T::WhatItDid)}</th></tr>
        }
        .into_any()
    };
    view! {
        <div class="card" data-testid="import-history">
            <h2>{tr(T::ImportHistory)}</h2>
            {move || app.log.with(Vec::is_empty).then(|| view! { <p class="muted">{tr(T::NothingImportedYet)}</p> })}
            {newest_first(app, app.log, header, logged_row)}
        </div>
    }
}

/// Every file this copy wrote: sent, or received with the receipt's figures.
#[component]
pub fn SentFiles() -> impl IntoView {
    let app = expect_context::<AppState>();
    let header = || {
        view! { <tr><th>{tr(T::FileName)}</th><th>{tr(T::ExportedAt)}</th><th>{tr(T::Receipt)}</th><th>"SHA-256"</th></tr> }
            .into_any()
    };
    view! {
        <div class="card" data-testid="sent-files">
            <h2>{tr(T::FilesSent)}</h2>
            <p class="muted">{tr(T::FilesSentExplained)}</p>
            {newest_first(app, app.sent, header, sent_row)}
        </div>
    }
}

fn outcome_counts(receipt: &Receipt) -> [usize; 6] {
    let c = receipt.counts;
    [
        c.new,
        c.updated,
        c.unchanged,
        c.stale,
        c.conflict,
        c.deleted,
    ]
}

/// The receipt of an import just applied, for the office that sent the
/// file: signed by this copy's key, downloaded.
#[component]
pub fn ReceiptButton(logged: LogEntry) -> impl IntoView {
    let app = expect_context::<AppState>();
    let asking = RwSignal::new(false);
    let giving = Action::new_local(move |logged: &LogEntry| {
        let logged = logged.clone();
        async move {
            match receipt_of(app.session, &logged).await {
                Ok(Some((name, bytes))) => {
                    let _ = download(&bytes, &name, "application/json");
                }
                Ok(None) => asking.set(true),
                Err(error) => app.notice.set(Some(error)),
            }
        }
    });
    let give = {
        let logged = logged.clone();
        move || {
            giving.dispatch_once(logged.clone());
        }
    };
    let give_after = give.clone();
    view! {
        <button type="button" class="btn" data-testid="receipt" disabled=move || giving.pending().get()
            on:click=move |_| give()>{tr(T::DownloadReceipt)}</button>
        {move || asking.get().then(|| {
            let then = give_after.clone();
            view! { <OwnOfficeDialog on_chosen=Callback::new(move |()| { asking.set(false); then() }) on_cancel=Callback::new(move |()| asking.set(false))/> }
        })}
    }
}

/// A receipt read: the sent file it names is now marked received; who signed it.
#[component]
pub fn ReceiptTaken(
    receipt: Receipt,
    already: bool,
    counted: bool,
    sender: Sender,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let by = office_name(app, &Some(receipt.received_by.clone()));
    let file = receipt.file_name.clone();
    let counts = counts_text(app, outcome_counts(&receipt));
    let lang = app.lang;
    let class = if counted {
        "card notice ok"
    } else {
        "card notice warn"
    };
    view! {
        <div class=class data-testid="receipt-taken" data-counted=counted.to_string() role="status">
            {if counted {
                view! { <p>{move || Say::ReceiptTaken { file: &file, by: &by, already }.message().get(lang.get()).to_owned()}</p> }.into_any()
            } else {
                view! { <p>{tr(T::ReceiptNotCounted)}</p> }.into_any()
            }}
            <p>{counts}</p>
        </div>
        <SenderLine sender from=receipt.file_name.clone()/>
    }
}
