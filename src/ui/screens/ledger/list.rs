//! A ledger's list: sortable columns, one page of rows (keyed, so a page
//! change re-renders only what changed), edit, delete and history, and the pager.

use super::ListState;
use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use leptos::prelude::*;
use taizhang_catalogue::{Say, T};
use taizhang_core::Text;

/// One row as shown: the record's position, id and revision, and its cells.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ListRow {
    pub position: usize,
    pub id: String,
    pub revision: u32,
    /// Its month is approved (or past its expiry days): no change is taken.
    pub locked: bool,
    /// Each cell's text and whether it is a number (right-aligned).
    /// Each cell's text, whether it is a number, whether it is a date.
    pub cells: Vec<(String, bool, bool)>,
}

#[component]
pub fn RecordList(
    state: ListState,
    columns: Vec<Text>,
    /// The rows of the current page.
    rows: Memo<Vec<ListRow>>,
    /// How many records match the filters.
    count: Memo<usize>,
    on_edit: impl Fn(usize) + Copy + Send + Sync + 'static,
    on_delete: impl Fn(usize) + Copy + Send + Sync + 'static,
    on_history: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let ListState { sort, page, .. } = state;
    let page_count = move || taizhang_core::ledgers::query::page_count(count.get());
    let current_page = move || page.get().min(page_count() - 1);
    let on_last_page = move || current_page() + 1 >= page_count();
    view! {
        <p class="muted" data-testid="list-count">
            {move || Say::RecordCount(count.get()).message().get(lang.get()).to_owned()}
        </p>
        <div class="table-scroll">
        <table class="list">
            <thead><tr>
                {columns.into_iter().enumerate().map(|(index, label)| view! { <SortHeader index label sort/> }).collect_view()}
                <th>{tr(T::Actions)}</th>
            </tr></thead>
            <tbody>
                // Keyed by what it shows: a row is redrawn when its record or the language changes.
                <For each=move || rows.get() key=|row| row.clone() let:row>
                    <tr data-row=row.id.clone()>
                        {row.cells.iter().map(|(text, numeric, day)| view! { <td class:num=*numeric class:day=*day>{text.clone()}</td> }).collect_view()}
                        <td>
                            {row.locked.then(|| view! {
                                <small class="locked-sign" data-testid="locked-month" title=tr(T::LockedMonth)>{tr(T::Locked)}</small>" "
                            })}
                            <button type="button" class="link" data-action="edit" on:click=move |_| on_edit(row.position)>{tr(T::Edit)}</button>
                            " "
                            <button type="button" class="link" data-action="delete" on:click=move |_| on_delete(row.position)>{tr(T::Delete)}</button>
                            " "
                            <button type="button" class="link" data-action="history" data-testid="record-history" on:click=move |_| on_history(row.position)>{tr(T::History)}</button>
                        </td>
                    </tr>
                </For>
            </tbody>
        </table>
        </div>
        <div class="pager">
            <button type="button" class="btn" disabled=move || current_page() == 0
                on:click=move |_| page.set(current_page().saturating_sub(1))>{tr(T::Previous)}</button>
            <span>{move || format!("{} / {}", current_page() + 1, page_count())}</span>
            <button type="button" class="btn" disabled=on_last_page
                on:click=move |_| page.set(current_page() + 1)>{tr(T::Next)}</button>
        </div>
    }
}

/// A column header that sorts by it: ascending, descending, then unsorted.
#[component]
fn SortHeader(index: usize, label: Text, sort: RwSignal<Option<(usize, bool)>>) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let marker = move || match sort.get() {
        Some((c, false)) if c == index => " ▲",
        Some((c, true)) if c == index => " ▼",
        _ => "",
    };
    let aria = move || match sort.get() {
        Some((c, false)) if c == index => "ascending",
        Some((c, true)) if c == index => "descending",
        _ => "none",
    };
    let next = move |current: Option<(usize, bool)>| match current {
        Some((c, false)) if c == index => Some((index, true)),
        Some((c, true)) if c == index => None,
        _ => Some((index, false)),
    };
    view! {
        <th aria-sort=aria>
            <button type="button" on:click=move |_| sort.update(|s| *s = next(*s))>{move || label.get(lang.get())}{marker}</button>
        </th>
    }
}
