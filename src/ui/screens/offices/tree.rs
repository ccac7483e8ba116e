//! The office tree as a table: parents before children, indented by depth,
//! with edit and delete on each row.

use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use leptos::prelude::*;
use taizhang_catalogue::T;
use taizhang_core::Office;

#[component]
pub fn OfficeTable(
    on_edit: impl Fn(String) + Copy + Send + Sync + 'static,
    on_delete: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    // Each office with its depth in the tree, in tree order.
    let rows = Memo::new(move |_| {
        let tree = app.tree.get();
        app.data.with(|d| {
            let walk = tree.0.walk();
            walk.into_iter()
                .map(|(index, depth)| (d.offices[index].clone(), depth))
                .collect::<Vec<(Office, usize)>>()
        })
    });
    view! {
        <table class="list">
            <thead><tr>
                <th>{tr(T::Name)}</th>
                <th>{tr(T::Code)}</th>
                <th>{tr(T::Level)}</th>
                <th>{tr(T::System)}</th>
                <th class="num">{tr(T::Headcount)}</th>
                <th>{tr(T::Actions)}</th>
            </tr></thead>
            <tbody>
                <For each=move || rows.get() key=|row| row.clone() let:row>
                    {
                        let (office, depth) = row;
                        let code = office.code.clone();
                        let (edit, delete, row) = (code.clone(), code.clone(), code.clone());
                        view! {
                            <tr data-row=row>
                                <td style=format!("padding-left: {}rem", 0.6 + depth as f64 * 1.5)>{office.name.clone()}</td>
                                <td><code>{code}</code></td>
                                <td>{move || office.level.label().get(lang.get())}</td>
                                <td>{move || office.system.label().get(lang.get())}</td>
                                <td class="num">{office.headcount.map(|h| h.to_string()).unwrap_or_default()}</td>
                                <td>
                                    <button type="button" class="link" data-action="edit" on:click=move |_| on_edit(edit.clone())>{tr(T::Edit)}</button>
                                    " "
                                    <button type="button" class="link" data-action="delete" on:click=move |_| on_delete(delete.clone())>{tr(T::Delete)}</button>
                                </td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
    }
}
