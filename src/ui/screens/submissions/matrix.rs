//! The matrix itself: a row per office reporting to the chosen one, a column
//! per month; each cell coloured by its status and marked with a sign too
//! (colour is never the only carrier), with the day the file was sent, and
//! a warning sign where a file came that does not count (unsigned, or signed
//! by a key not trusted).
//! A row opens to the imports behind it.

use super::percent;
use crate::ui::dialog::Modal;
use crate::ui::i18n::tr;
use crate::ui::once::DispatchOnce;
use crate::ui::state::AppState;
use crate::ui::widgets::{download, now, OwnOfficeDialog};
use leptos::prelude::*;
use taizhang_app::approvals;
use taizhang_app::AppError;
use taizhang_catalogue::T;
use taizhang_core::reporting::approval::{self, Action};
use taizhang_core::reporting::{Matrix, MatrixRow, Month, Status};
use taizhang_core::trust::Trust;

fn sign(status: Status) -> &'static str {
    match status {
        Status::OnTime => "✓",
        Status::Late => "!",
        Status::Missing => "✗",
        Status::Due => "…",
    }
}

fn label(status: Status) -> T {
    match status {
        Status::OnTime => T::OnTime,
        Status::Late => T::Late,
        Status::Missing => T::Missing,
        Status::Due => T::NotYetDue,
    }
}

/// Of the files in a cell that do not count, the one to mark: unsigned
/// before an untrusted key (the one the user can do least about).
fn uncounted(trusts: &[Trust]) -> Option<Trust> {
    [Trust::Unsigned, Trust::Unknown]
        .into_iter()
        .find(|t| trusts.contains(t))
}

fn uncounted_label(trust: Trust) -> T {
    match trust {
        Trust::Unknown => T::UncountedUnknownKey,
        _ => T::UncountedUnsigned,
    }
}

#[component]
pub fn Legend() -> impl IntoView {
    view! {
        <p class="legend" aria-label=tr(T::Submissions)>
            {[Status::OnTime, Status::Late, Status::Missing, Status::Due].map(|s| view! {
                <span class=format!("cell {}", s.key())>{sign(s)}" "{tr(label(s))}</span>
            }).collect_view()}
            <span class="cell"><span class="uncounted">"⚠"</span>" "{tr(T::UncountedLegend)}</span>
        </p>
    }
}

#[component]
pub fn MatrixTable(matrix: Matrix) -> impl IntoView {
    let app = expect_context::<AppState>();
    let open = RwSignal::new(None::<String>);
    // The month being sent back, while its reason is asked.
    let reopening = RwSignal::new(None::<(String, Month)>);
    let asking = RwSignal::new(None::<Giving>);
    let giver = Giver::new(app, asking);
    provide_context(giver);
    let months = matrix.months.clone();
    let width = months.len() + 3;
    let rows = matrix
        .rows
        .into_iter()
        .map(|row| {
            let code = row.office.clone();
            let toggle = {
                let code = code.clone();
                move |_| open.update(|o| *o = if o.as_deref() == Some(&code) { None } else { Some(code.clone()) })
            };
            let is_open = {
                let code = code.clone();
                Signal::derive(move || open.get().as_deref() == Some(code.as_str()))
            };
            let name = app
                .data
                .with_untracked(|d| d.offices.iter().find(|o| o.code == code).map_or(code.clone(), |o| o.name.clone()));
            let behind = row.clone();
            view! {
                <tr class="row" data-row=code.clone()>
                    <th scope="row">
                        <button type="button" class="link" aria-expanded=move || is_open.get().to_string() on:click=toggle>{name}</button>
                    </th>
                    {row.cells.clone().into_iter().map(|cell| {
                        let sent = cell.sent_on.map(|d| format!("{}/{}", d.month(), d.day_of_month())).unwrap_or_default();
                        let title = move || format!("{} {}", tr(label(cell.status))(), sent.clone());
                        let sent_shown = cell.sent_on.map(|d| format!("{}/{}", d.month(), d.day_of_month())).unwrap_or_default();
                        let uncounted = uncounted(&cell.uncounted);
                        view! {
                            <td class=format!("cell {}", cell.status.key()) data-submission="" data-office=code.clone()
                                data-period=cell.month.key() data-status=cell.status.key() title=title
                                data-uncounted=uncounted.map(|u| u.key())>
                                <span aria-hidden="true">{sign(cell.status)}</span>
                                <span class="visually-hidden">{tr(label(cell.status))}</span>
                                " "<small>{sent_shown}</small>
                                {uncounted.map(|u| view! {
                                    " "<span class="uncounted" title=tr(uncounted_label(u))>
                                        <span aria-hidden="true">"⚠"</span>
                                        <span class="visually-hidden">{tr(uncounted_label(u))}</span>
                                    </span>
                                })}
                                <ApprovalControls office=code.clone() month=cell.month reopening/>
                            </td>
                        }
                    }).collect_view()}
                    <td class="num" data-row-rate=row.rates.rate().map(|r| format!("{r:.4}")).unwrap_or_default()>{percent(row.rates.rate())}</td>
                    <td class="num">{percent(row.rates.on_time_rate())}</td>
                </tr>
                {move || is_open.get().then(|| view! {
                    <tr class="behind"><td colspan=width.to_string()><Imports row=behind.clone()/></td></tr>
                })}
            }
        })
        .collect_view();
    view! {
        <div class="matrix-wrap">
            <table class="list matrix" data-testid="submission-matrix">
                <thead><tr>
                    <th>{tr(T::Office)}</th>
                    {months.iter().map(|m| view! { <th class="month">{format!("{}-{:02}", m.year, m.month)}</th> }).collect_view()}
                    <th class="num">{tr(T::ReportingRate)}</th>
                    <th class="num">{tr(T::OnTimeRate)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || reopening.get().map(|(office, month)| view! {
            <ReopenDialog office month on_close=move || reopening.set(None)/>
        })}
        {move || asking.get().map(|giving| view! {
            <OwnOfficeDialog
                on_chosen=Callback::new(move |()| { asking.set(None); giver.give(giving.clone()); })
                on_cancel=Callback::new(move |()| asking.set(None))/>
        })}
    }
}

/// The last word this copy gave on `office`'s `month`, if any.
pub(super) fn given(app: AppState, office: &str, month: Month) -> Option<Action> {
    app.settings
        .with(|s| approval::last_word(&s.approvals_given, office, month).map(|a| a.action))
}

/// An approval (or a sending back) asked for: office, month, action, reason.
type Giving = (String, Month, Action, String);

/// Writes and downloads approvals (or sendings back), one at a time: while
/// one is written a second press is ignored, so a double click gives one.
#[derive(Clone, Copy)]
struct Giver(leptos::prelude::Action<Giving, ()>);

impl Giver {
    /// Writes and downloads an approval of `office`'s `month`; a copy that
    /// has not named its own office is asked for it first (`asking`), and
    /// the approval is given once it has.
    fn new(app: AppState, asking: RwSignal<Option<Giving>>) -> Giver {
        Giver(leptos::prelude::Action::new_local(
            move |giving: &Giving| {
                let giving = giving.clone();
                async move {
                    let (office, month, action, reason) = giving.clone();
                    match approvals::give(app.session, &office, month, action, reason, now()).await
                    {
                        Ok((name, bytes)) => {
                            let _ = download(&bytes, &name, "application/json");
                        }
                        Err(AppError::NoOwnOffice) => asking.set(Some(giving)),
                        Err(error) => app.notice.set(Some(error)),
                    }
                }
            },
        ))
    }

    fn give(self, giving: Giving) {
        self.0.dispatch_once(giving);
    }

    fn pending(self) -> bool {
        self.0.pending().get()
    }
}

/// A cell's approval: its sign once approved or sent back, and the buttons
/// to approve the month or send it back.
#[component]
fn ApprovalControls(
    office: String,
    month: Month,
    reopening: RwSignal<Option<(String, Month)>>,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let giver = expect_context::<Giver>();
    let state = {
        let office = office.clone();
        Memo::new(move |_| given(app, &office, month))
    };
    let approve = {
        let office = office.clone();
        move |_| giver.give((office.clone(), month, Action::Approve, String::new()))
    };
    let reopen = {
        let office = office.clone();
        move |_| reopening.set(Some((office.clone(), month)))
    };
    let key = month.key();
    // Rendered only in the states they serve: a `hidden` attribute loses to
    // the buttons' own `display`.
    view! {
        <span class="approval" data-approval=move || state.get().map(|a| match a { Action::Approve => "approved", Action::Reopen => "reopened" })>
            {move || state.get().map(|a| match a {
                Action::Approve => view! { <small class="approval-sign approved" data-locked="true" title=tr(T::ApprovedLockedHere)>{tr(T::Approved)}</small> }.into_any(),
                Action::Reopen => view! { <small class="approval-sign reopened">{tr(T::SentBack)}</small> }.into_any(),
            })}
            {move || {
                let (office, key) = (office.clone(), key.clone());
                if state.get() == Some(Action::Approve) {
                    let reopen = reopen.clone();
                    view! {
                        <button type="button" class="link" data-testid="reopen" data-office=office data-month=key.clone()
                            title=tr(T::SendBackAllows)
                            aria-label=format!("{} {}", tr(T::SendBack)(), key) on:click=reopen>{tr(T::SendBack)}</button>
                    }.into_any()
                } else {
                    let approve = approve.clone();
                    view! {
                        <button type="button" class="link" data-testid="approve" data-office=office data-month=key.clone()
                            aria-disabled=move || giver.pending().to_string()
                            aria-label=format!("{} {}", tr(T::Approve)(), key) on:click=approve>{tr(T::Approve)}</button>
                    }.into_any()
                }
            }}
        </span>
    }
}

/// Asks why a month is sent back, then writes the file.
#[component]
fn ReopenDialog(
    office: String,
    month: Month,
    on_close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let giver = expect_context::<Giver>();
    let reason = RwSignal::new(String::new());
    let send = move || {
        let why = reason.get_untracked();
        if why.trim().is_empty() {
            return;
        }
        giver.give((office.clone(), month, Action::Reopen, why));
        on_close();
    };
    view! {
        <Modal role="dialog" labelled_by="reopen-title" testid="reopen-dialog" on_escape=Callback::new(move |()| on_close())>
            <h2 id="reopen-title">{tr(T::SendBackWhy)}" · "{month.key()}</h2>
            <label>{tr(T::Reason)}
                <textarea data-testid="reopen-reason" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </label>
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| on_close()>{tr(T::Cancel)}</button>
                <button type="button" class="btn primary" data-testid="reopen-send" disabled=move || reason.with(|r| r.trim().is_empty())
                    on:click=move |_| send()>{tr(T::SendBack)}</button>
            </div>
        </Modal>
    }
}

/// The imports behind a row: every logged file that counts for it.
#[component]
fn Imports(row: MatrixRow) -> impl IntoView {
    let app = expect_context::<AppState>();
    let mut positions: Vec<usize> = row
        .cells
        .iter()
        .flat_map(|c| c.entries.iter().copied())
        .collect();
    positions.sort_unstable();
    positions.dedup();
    let entries = app.log.with_untracked(|log| {
        positions
            .iter()
            .filter_map(|&p| log.get(p).cloned())
            .collect::<Vec<_>>()
    });
    view! {
        <div class="imports-behind">
            <strong>{tr(T::FilesBehind)}</strong>
            {entries.is_empty().then(|| view! { <p class="muted">{tr(T::NothingImportedYet)}</p> })}
            <ul>
                {entries.into_iter().map(|e| {
                    let exported = e.file.exported_at.as_ref().map(|t| t.as_str().replace('T', " ").replace('Z', " UTC")).unwrap_or_default();
                    view! { <li data-log=e.id.clone()>{e.file.file_name.clone()}" · "{exported}</li> }
                }).collect_view()}
            </ul>
        </div>
    }
}
