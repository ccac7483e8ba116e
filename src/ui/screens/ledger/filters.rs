//! A ledger list's filters: office (with everything under it), kind or
//! status, period, text, and the flag the dashboard links with (overdue, open).

use super::ListState;
use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::widgets::office_select;
use leptos::prelude::*;
use taizhang_catalogue::T;
use taizhang_core::{Kind, Text};

#[component]
pub fn Filters(
    state: ListState,
    kind: Kind,
    /// The field the list filters by (kind or status), its label and its options.
    category_filter: (Text, Vec<(&'static str, Text)>),
    /// Opens an empty entry form.
    on_new: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let ListState {
        office,
        category,
        from,
        to,
        flag,
        search,
        page,
        ..
    } = state;
    let (category_label, category_options) = category_filter;
    let reset_page = move || page.set(0);
    let no_offices = move || app.data.with(|d| d.offices.is_empty());
    let flag_label = move || match flag.get().as_str() {
        "overdue" => tr(T::OnlyOverdue)(),
        "open" => tr(T::OnlyOpen)(),
        _ => "",
    };
    view! {
        <div class="toolbar">
            <label>{tr(T::Office)}
                {office_select(app, "filter-office", office.into(), move |v| { office.set(v); reset_page(); }, Some(T::AllOffices.text()), None)}
            </label>
            <label>{move || category_label.get(lang.get())}
                <select name="filter-category" prop:value=move || category.get() on:change=move |ev| { category.set(event_target_value(&ev)); reset_page(); }>
                    <option value="">{tr(T::All)}</option>
                    {category_options.into_iter().map(|(code, label)| view! {
                        <option value=code selected=move || category.get() == code>{move || label.get(lang.get())}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{tr(T::From)}
                <input type="date" name="filter-from" prop:value=move || from.get() on:input=move |ev| { from.set(event_target_value(&ev)); reset_page(); }/>
            </label>
            <label>{tr(T::To)}
                <input type="date" name="filter-to" prop:value=move || to.get() on:input=move |ev| { to.set(event_target_value(&ev)); reset_page(); }/>
            </label>
            <label class="grow">{tr(T::Search)}
                <input type="search" name="filter-text" data-testid="search"
                    placeholder=tr(T::TitleReferenceNotes)
                    on:input=move |ev| { search.set(event_target_value(&ev)); reset_page(); }/>
            </label>
            <button type="button" class="btn primary" data-testid=format!("new-{}", kind.key())
                disabled=no_offices on:click=move |_| on_new()>
                {tr(T::Add)}
            </button>
        </div>
        <Show when=move || !flag.get().is_empty()>
            <p class="chip" data-testid="list-flag">{flag_label}" "
                <button type="button" class="link" on:click=move |_| { flag.set(String::new()); reset_page(); }>{tr(T::Clear)}</button>
            </p>
        </Show>
        <Show when=no_offices>
            <p class="notice warn">{tr(T::NoOfficesYetCreateThem)}</p>
        </Show>
    }
}
