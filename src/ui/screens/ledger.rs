//! A ledger's screen: filters, a sortable paged list, the entry form, delete.

use crate::app::{records, AppError};
use crate::domain::entries::Entry;
use crate::domain::form::FormValues;
use crate::domain::query::{self, Cell, ListQuery};
use crate::domain::validate::Problem;
use crate::domain::Day;
use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::widgets::{confirm_dialog, entry_form, now, office_select, today};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Editing {
    New,
    Existing(usize),
}

/// The office the forms start with: this copy's own office, else the first one.
pub fn default_office(app: AppState) -> String {
    app.settings
        .with_untracked(|s| s.own_office.clone())
        .or_else(|| {
            app.data
                .with_untracked(|d| d.offices.first().map(|o| o.code.clone()))
        })
        .unwrap_or_default()
}

pub fn ledger_screen<R: Entry + Send + Sync + 'static>() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let ledger = R::KIND;
    // Filters start from the address (the dashboard links here with them).
    let initial = app.route.with_untracked(|r| r.query.clone());
    let start = |key: &str| RwSignal::new(initial.get(key).cloned().unwrap_or_default());
    let office = start("office");
    let category = start("category");
    let from = start("from");
    let to = start("to");
    let flag = start("flag");
    let search = RwSignal::new(String::new());
    let sort = RwSignal::new(None::<(usize, bool)>);
    let page = RwSignal::new(0usize);
    let editing = RwSignal::new(None::<Editing>);
    let values = RwSignal::new(FormValues::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let deleting = RwSignal::new(None::<usize>);
    // The revision the form was opened at: another tab may change the record meanwhile.
    let opened_revision = RwSignal::new(0u32);

    let hits = Memo::new(move |_| {
        let tree = app.tree.get();
        let offices = office.with(|code| {
            (!code.is_empty()).then(|| {
                app.data.with(|d| {
                    tree.0
                        .subtree_codes(&d.offices, code)
                        .into_iter()
                        .map(String::from)
                        .collect()
                })
            })
        });
        let query = ListQuery {
            offices,
            category: category.with(|c| (!c.is_empty()).then(|| c.clone())),
            from: from.with(|f| Day::parse(f)),
            to: to.with(|t| Day::parse(t)),
            text: search.get(),
            sort: sort.get(),
            flag: flag.with(|f| (!f.is_empty()).then(|| (f.clone(), today()))),
        };
        app.data
            .with(|d| query::run(R::rows(d), &query, lang.get()))
    });
    let page_count = move || hits.with(|h| query::page_count(h.len()));
    let current_page = move || page.get().min(page_count() - 1);
    let office_names = Memo::new(move |_| {
        app.data.with(|d| {
            d.offices
                .iter()
                .map(|o| (o.code.clone(), o.name.clone()))
                .collect::<HashMap<_, _>>()
        })
    });
    let show = move |cell: &Cell| match cell {
        Cell::Office(code) => {
            office_names.with(|n| n.get(code).cloned().unwrap_or_else(|| code.clone()))
        }
        other => other.display(lang.get()),
    };

    let open_new = move || {
        values.set(R::blank_form(&default_office(app)));
        problems.set(Vec::new());
        editing.set(Some(Editing::New));
    };
    let open_edit = move |position: usize| {
        values.set(app.data.with(|d| R::rows(d)[position].to_form()));
        opened_revision.set(app.data.with(|d| R::rows(d)[position].revision()));
        problems.set(Vec::new());
        editing.set(Some(Editing::Existing(position)));
    };
    let save = move || {
        let Some(mode) = editing.get_untracked() else {
            return;
        };
        let position = match mode {
            Editing::Existing(p) => Some(p),
            Editing::New => None,
        };
        let form = values.get_untracked();
        spawn_local(async move {
            let opened = opened_revision.get_untracked();
            match records::save_record::<R>(app.session, position, opened, &form, now()).await {
                Ok(()) => editing.set(None),
                Err(AppError::Invalid(found)) => problems.set(found),
                Err(_) => {} // the notice says why; nothing was saved
            }
        });
    };
    let delete = move || {
        let Some(position) = deleting.get_untracked() else {
            return;
        };
        deleting.set(None);
        spawn_local(async move {
            let _ = records::delete_record::<R>(app.session, position, now()).await;
        });
    };
    let delete_message = Signal::derive(move || {
        let name = deleting
            .get()
            .map(|p| {
                app.data
                    .with(|d| R::rows(d)[p].cells()[0].display(lang.get()))
            })
            .unwrap_or_default();
        match lang.get() {
            crate::domain::Lang::Zh => {
                format!("删除这条记录：{name}？删除会作为删除标记保存，并随导出文件传给上级。")
            }
            crate::domain::Lang::En => format!(
                "Delete “{name}”? The deletion is kept as a marker and travels in exported files."
            ),
        }
    });

    let (category_label, category_options) = R::category_filter();
    let columns = R::columns();
    let reset_page = move || page.set(0);
    let on_last_page = move || current_page() + 1 >= page_count();
    let no_offices = move || app.data.with(|d| d.offices.is_empty());

    view! {
        <section data-screen=ledger.key()>
            <h1>{move || ledger.label().get(lang.get())}</h1>
            <div class="toolbar">
                <label>{tr("单位", "Office")}
                    {office_select(app, "filter-office", office.into(), move |v| { office.set(v); reset_page(); }, Some(("全部单位", "All offices")), None)}
                </label>
                <label>{move || category_label.get(lang.get())}
                    <select name="filter-category" prop:value=move || category.get() on:change=move |ev| { category.set(event_target_value(&ev)); reset_page(); }>
                        <option value="">{tr("全部", "All")}</option>
                        {category_options.into_iter().map(|(code, label)| view! {
                            <option value=code selected=move || category.get() == code>{move || label.get(lang.get())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{tr("从", "From")}
                    <input type="date" name="filter-from" prop:value=move || from.get() on:input=move |ev| { from.set(event_target_value(&ev)); reset_page(); }/>
                </label>
                <label>{tr("至", "To")}
                    <input type="date" name="filter-to" prop:value=move || to.get() on:input=move |ev| { to.set(event_target_value(&ev)); reset_page(); }/>
                </label>
                <label class="grow">{tr("搜索", "Search")}
                    <input type="search" name="filter-text" data-testid="search"
                        placeholder=tr("名称、编号、备注…", "Title, reference, notes…")
                        on:input=move |ev| { search.set(event_target_value(&ev)); reset_page(); }/>
                </label>
                <button type="button" class="btn primary" data-testid=format!("new-{}", ledger.key())
                    disabled=no_offices on:click=move |_| open_new()>
                    {tr("新增", "Add")}
                </button>
            </div>
            {move || (!flag.get().is_empty()).then(|| {
                let label = match flag.get().as_str() {
                    "overdue" => tr("仅显示：超期未办结", "Only: overdue")(),
                    "open" => tr("仅显示：未办结", "Only: open")(),
                    _ => "",
                };
                view! {
                    <p class="chip" data-testid="list-flag">{label}" "
                        <button type="button" class="link" on:click=move |_| { flag.set(String::new()); reset_page(); }>{tr("清除", "Clear")}</button>
                    </p>
                }
            })}
            <Show when=no_offices>
                <p class="notice warn">{tr("还没有单位：请先在“单位”页建立单位，或载入示例数据。", "No offices yet: create them on the Offices screen, or load the sample data.")}</p>
            </Show>
            {move || editing.get().map(|mode| {
                let locked = Vec::new();
                view! {
                    <h2>{match mode {
                        Editing::New => tr("新增记录", "New record")(),
                        Editing::Existing(_) => tr("修改记录", "Edit record")(),
                    }}</h2>
                    {entry_form(app, ledger.key(), R::fields(), values, problems, locked, save, move || editing.set(None))}
                }
            })}
            <p class="muted" data-testid="list-count">
                {move || {
                    let n = hits.with(|h| h.len());
                    match lang.get() {
                        crate::domain::Lang::Zh => format!("共 {n} 条"),
                        crate::domain::Lang::En => format!("{n} records"),
                    }
                }}
            </p>
            <table class="list">
                <thead><tr>
                    {columns.into_iter().enumerate().map(|(index, label)| {
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
                        view! {
                            <th aria-sort=aria><button type="button" on:click=move |_| sort.update(|s| {
                                *s = match *s {
                                    Some((c, false)) if c == index => Some((index, true)),
                                    Some((c, true)) if c == index => None,
                                    _ => Some((index, false)),
                                };
                            })>{move || label.get(lang.get())}{marker}</button></th>
                        }
                    }).collect_view()}
                    <th>{tr("操作", "Actions")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let positions = hits.with(|h| query::page(h, current_page()).to_vec());
                        app.data.with(|d| {
                            let records = R::rows(d);
                            positions.into_iter().map(|position| {
                                let record = &records[position];
                                let cells = record.cells();
                                view! {
                                    <tr data-row=record.id().to_string()>
                                        {cells.iter().map(|cell| {
                                            let numeric = cell.is_numeric();
                                            view! { <td class:num=numeric>{show(cell)}</td> }
                                        }).collect_view()}
                                        <td>
                                            <button type="button" class="link" data-action="edit" on:click=move |_| open_edit(position)>{tr("修改", "Edit")}</button>
                                            " "
                                            <button type="button" class="link" data-action="delete" on:click=move |_| deleting.set(Some(position))>{tr("删除", "Delete")}</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()
                        })
                    }}
                </tbody>
            </table>
            <div class="pager">
                <button type="button" class="btn" disabled=move || current_page() == 0
                    on:click=move |_| page.set(current_page().saturating_sub(1))>{tr("上一页", "Previous")}</button>
                <span>{move || format!("{} / {}", current_page() + 1, page_count())}</span>
                <button type="button" class="btn" disabled=on_last_page
                    on:click=move |_| page.set(current_page() + 1)>{tr("下一页", "Next")}</button>
            </div>
            {move || deleting.get().map(|_| confirm_dialog(delete_message, delete, move || deleting.set(None)))}
        </section>
    }
}
