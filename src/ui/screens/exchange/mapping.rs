//! The step between choosing a workbook and its preview: what each sheet is
//! read as, which field each column holds (with a sample of its values), the
//! office of a sheet without an office column, and a choice for each cell
//! value that matched no choice (applied to every cell with it).

use super::preview::{Progress, Stage};
use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::widgets::{now, office_select};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use taizhang_app::flow::Mapping;
use taizhang_app::import::{self, Stage as Step};
use taizhang_catalogue::T;
use taizhang_core::ledgers::fields::{field, fields, Value};
use taizhang_core::sheet::{unmatched, SheetPlan, SheetShape, ValueChoice};
use taizhang_core::Kind;

/// The fields a column can be read as, for a ledger: every typed field and the record id.
fn column_fields(kind: Kind) -> Vec<(&'static str, taizhang_core::Text)> {
    fields(kind)
        .iter()
        .filter(|f| f.typed() || matches!(f.value, Value::Id))
        .map(|f| (f.name, f.label))
        .collect()
}

fn kind_of(value: &str) -> Option<Kind> {
    Kind::from_key(value)
}

#[component]
pub fn SheetMapping(mapping: Mapping, stage: RwSignal<Stage>, progress: Progress) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let (file, shapes) = (mapping.file, mapping.shapes);
    // What the user maps, as it changes; the screen goes back to it after a refusal.
    let plans = RwSignal::new(mapping.plans);
    let choices = RwSignal::new(mapping.choices);
    let open = {
        let shapes = Arc::clone(&shapes);
        Memo::new(move |_| plans.with(|p| unmatched(&shapes, p)))
    };
    let missing = Memo::new(move |_| {
        plans.with(|p| {
            p.iter()
                .flat_map(|plan| {
                    let sheet = plan.sheet.clone();
                    plan.missing()
                        .into_iter()
                        .map(move |def| (sheet.clone(), def.label))
                })
                .collect::<Vec<_>>()
        })
    });
    let go_on = {
        let (file, shapes) = (file.clone(), Arc::clone(&shapes));
        move || {
            if !missing.get_untracked().is_empty() {
                return;
            }
            let back = Mapping {
                file: file.clone(),
                shapes: Arc::clone(&shapes),
                plans: plans.get_untracked(),
                choices: choices.get_untracked(),
            };
            progress.set((Step::Checking, 0.0, 1.0));
            stage.set(Stage::Working);
            spawn_local(read_mapped(back, stage, progress));
        }
    };
    let sheets = shapes
        .iter()
        .enumerate()
        .map(|(index, shape)| view! { <SheetCard index shape=shape.clone() plans/> })
        .collect_view();
    view! {
        <div class="card mapping" data-testid="sheet-mapping">
            <h2>{move || format!("{}：{}", tr(T::ReadTheWorkbook)(), file)}</h2>
            <p class="muted">{tr(T::EachSheetIsReadAs)}</p>
            {sheets}
            <ValueMapping open choices/>
            {move || {
                let list = missing.get();
                (!list.is_empty()).then(|| {
                    let names = list
                        .iter()
                        .map(|(sheet, label)| format!("{sheet}：{}", label.get(lang.get())))
                        .collect::<Vec<_>>()
                        .join("；");
                    view! { <p class="notice warn" role="alert" data-testid="sheet-missing">{tr(T::ColumnsStillNeeded)}" "{names}</p> }
                })
            }}
            <div class="actions">
                <button type="button" class="btn primary" data-testid="sheet-continue"
                    disabled=move || !missing.get().is_empty() on:click=move |_| go_on()>{tr(T::ReadAndPreview)}</button>
                " "
                <button type="button" class="btn" data-testid="import-cancel"
                    on:click=move |_| { import::cancel(); stage.set(Stage::Idle); }>{tr(T::Cancel)}</button>
            </div>
        </div>
    }
}

/// Reads the sheets as mapped; a refusal can go back to this mapping.
async fn read_mapped(mapping: Mapping, stage: RwSignal<Stage>, progress: Progress) {
    let report = move |step, done, total| progress.set((step, done, total));
    let plans = mapping.plans.clone();
    let choices = mapping.choices.clone();
    match import::preview_sheets(&mapping.shapes, plans, choices, now(), report).await {
        Ok(preview) => stage.set(Stage::Preview(Arc::new(preview))),
        Err(taizhang_app::AppError::Cancelled) => {}
        Err(error) => stage.set(Stage::refused(mapping.file.clone(), error, Some(mapping))),
    }
}

/// One sheet: what it is read as, and each column's field.
#[component]
fn SheetCard(index: usize, shape: SheetShape, plans: RwSignal<Vec<SheetPlan>>) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let plan = move || plans.with(|p| p[index].clone());
    let kind = move || plans.with(|p| p[index].kind);
    let headers = shape.headers.clone();
    let set_kind = move |value: String| {
        plans.update(|p| p[index] = p[index].with_kind(kind_of(&value), &headers));
    };
    let ledgers = [
        Kind::TrainingSessions,
        Kind::HonouredModels,
        Kind::Cases,
        Kind::Offices,
    ];
    let needs_office = move || {
        let plan = plan();
        plan.kind.is_some_and(|k| k != Kind::Offices) && plan.column_of("office").is_none()
    };
    let office = Signal::derive(move || plan().office.unwrap_or_default());
    let set_office = move |value: String| {
        plans.update(|p| p[index].office = Some(value).filter(|v| !v.is_empty()));
    };
    let rows = (0..shape.headers.len())
        .map(|column| {
            let letter = shape.letters[column].clone();
            let header = shape.headers[column].clone();
            let sample = shape.samples[column].join("、");
            let chosen = move || plans.with(|p| p[index].columns.get(column).cloned().flatten().unwrap_or_default());
            let set = move |value: String| {
                plans.update(|p| {
                    if let Some(slot) = p[index].columns.get_mut(column) {
                        *slot = Some(value).filter(|v| !v.is_empty());
                    }
                });
            };
            view! {
                <tr>
                    <td class="day">{letter.clone()}</td>
                    <td>{header.clone()}</td>
                    <td class="muted">{sample}</td>
                    <td>
                        <select data-column=letter.clone() aria-label=format!("{letter} {header}")
                            prop:value=chosen on:change=move |ev| set(event_target_value(&ev))>
                            <option value="" selected=move || chosen().is_empty()>{tr(T::NotRead)}</option>
                            {move || kind().map(|k| column_fields(k).into_iter().map(|(name, label)| {
                                view! { <option value=name selected=move || chosen() == name>{move || label.get(lang.get())}</option> }
                            }).collect_view())}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let name = shape.plan.sheet.clone();
    let count = shape.rows;
    view! {
        <section class="sheet" data-sheet=name.clone()>
            <h3>{name.clone()}" "<span class="muted">{move || taizhang_catalogue::Say::RowsOfData(count).message().get(lang.get()).to_owned()}</span></h3>
            <div class="toolbar">
                <label>{tr(T::ReadAs)}
                    <select data-role="ledger" prop:value=move || kind().map(Kind::key).unwrap_or("")
                        on:change=move |ev| set_kind(event_target_value(&ev))>
                        <option value="" selected=move || kind().is_none()>{tr(T::SkipThisSheet)}</option>
                        {ledgers.into_iter().map(|k| view! {
                            <option value=k.key() selected=move || kind() == Some(k)>{move || k.label().get(lang.get())}</option>
                        }).collect_view()}
                    </select>
                </label>
                {move || needs_office().then(|| view! {
                    <label>{tr(T::OfficeOfEveryRow)}
                        {office_select(app, "sheet-office", office, set_office, Some(T::ChooseOne.text()), None)}
                    </label>
                })}
            </div>
            <table class="list columns">
                <thead><tr>
                    <th>{tr(T::Column)}</th><th>{tr(T::Header)}</th><th>{tr(T::Sample)}</th><th>{tr(T::ReadAsField)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// Cell values that matched no choice, each mapped once for every cell with it.
#[component]
fn ValueMapping(
    open: Memo<Vec<taizhang_core::sheet::Unmatched>>,
    choices: RwSignal<Vec<ValueChoice>>,
) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    move || {
        let list = open.get();
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .map(|item| {
                    let def = field(item.kind, &item.field);
                    let label = def.map(|d| d.label);
                    let options = match def.map(|d| d.value) {
                        Some(Value::Choice(options)) => options(),
                        _ => Vec::new(),
                    };
                    let (kind, name, raw) = (item.kind, item.field.clone(), item.raw.clone());
                    let current = {
                        let (name, raw) = (name.clone(), raw.clone());
                        move || {
                            choices.with(|c| {
                                c.iter()
                                    .find(|v| v.kind == kind && v.field == name && v.raw == raw)
                                    .map(|v| v.code.clone())
                                    .unwrap_or_default()
                            })
                        }
                    };
                    let set = {
                        let (name, raw) = (name.clone(), raw.clone());
                        move |code: String| {
                            choices.update(|c| {
                                c.retain(|v| !(v.kind == kind && v.field == name && v.raw == raw));
                                if !code.is_empty() {
                                    c.push(ValueChoice { kind, field: name.clone(), raw: raw.clone(), code });
                                }
                            })
                        }
                    };
                    let what = move || {
                        let lang = lang.get();
                        format!(
                            "{} · {}：“{}”",
                            kind.label().get(lang),
                            label.map(|l| l.get(lang)).unwrap_or(""),
                            item.raw
                        )
                    };
                    let count = item.count;
                    view! {
                        <tr>
                            <td>{what}</td>
                            <td class="num">{count}</td>
                            <td>
                                <select data-field=name.clone() data-raw=raw.clone() aria-label=raw.clone()
                                    prop:value=current.clone() on:change=move |ev| set(event_target_value(&ev))>
                                    <option value="">{tr(T::LeaveAsAnError)}</option>
                                    {options.into_iter().map(|(code, text)| {
                                        let current = current.clone();
                                        view! { <option value=code selected=move || current() == code>{move || text.get(lang.get())}</option> }
                                    }).collect_view()}
                                </select>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="values" data-testid="value-mapping">
                    <h3>{tr(T::ValuesToMap)}</h3>
                    <p class="muted">{tr(T::TheseValuesMatchNoChoice)}</p>
                    <table class="list">
                        <thead><tr><th>{tr(T::Value)}</th><th class="num">{tr(T::Cells)}</th><th>{tr(T::ReadAs)}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
            }
        })
    }
}
