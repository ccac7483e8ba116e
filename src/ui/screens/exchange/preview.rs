//! What an import would do, before anything is written: counts per ledger
//! and outcome, the records behind each count, and each conflict side by
//! side with the differing fields marked and a choice for it.

use crate::app::import::{self, Pending, Summary};
use crate::app::AppError;
use crate::domain::entries::{field_label, value_label};
use crate::domain::exchange::{Choice, ImportError, Outcome};
use crate::domain::{Dataset, Kind, Lang, Row};
use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::widgets::{mark, now};
use crate::with_row_type;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Where an import stands.
#[derive(Clone)]
pub enum Stage {
    Idle,
    Working(&'static str, &'static str),
    Refused {
        file: String,
        errors: Arc<Vec<ImportError>>,
    },
    Preview(Arc<Pending>),
    Done(Arc<Summary>),
}

/// One row (record or office) of a dataset as JSON, for showing any kind alike.
fn record_json(data: &Dataset, kind: Kind, index: usize) -> Value {
    with_row_type!(kind, R => R::rows(data).get(index).map(serde_json::to_value))
        .and_then(Result::ok)
        .unwrap_or(Value::Null)
}

/// A record's name in a list: its title, name or reference, and its office.
fn describe(value: &Value) -> String {
    let name = ["title", "name", "reference"]
        .iter()
        .find_map(|k| value.get(*k).and_then(Value::as_str))
        .unwrap_or("");
    let office = value
        .get("office")
        .or_else(|| value.get("code"))
        .and_then(Value::as_str)
        .unwrap_or("");
    format!("{name}（{office}）")
}

/// A value as people read it: choices by label, booleans as yes/no.
fn readable(kind: Kind, field: &str, value: Option<&Value>, lang: Lang) -> String {
    match value {
        None | Some(Value::Null) => "—".into(),
        Some(Value::Bool(b)) => if *b {
            tr_text("是", "yes", lang)
        } else {
            tr_text("否", "no", lang)
        }
        .into(),
        Some(Value::String(s)) => value_label(kind, field, s)
            .map(|t| t.get(lang).to_owned())
            .unwrap_or_else(|| s.clone()),
        Some(other) => other.to_string(),
    }
}

fn tr_text(zh: &'static str, en: &'static str, lang: Lang) -> &'static str {
    crate::domain::Text::new(zh, en).get(lang)
}

#[component]
pub fn ImportPreview(pending: Arc<Pending>, stage: RwSignal<Stage>) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let choices = RwSignal::new(HashMap::<(Kind, usize), Choice>::new());
    let applying = RwSignal::new(false);
    // Why the chosen versions cannot be applied; shown until the choices change.
    let refusal = RwSignal::new(None::<crate::domain::Message>);
    Effect::new(move |_| {
        choices.track();
        refusal.set(None);
    });
    let plan = &pending.plan;
    let conflicts: Vec<(Kind, usize, Option<usize>)> = plan
        .iter()
        .flat_map(|(kind, p)| {
            p.with(Outcome::Conflict)
                .map(move |item| (kind, item.incoming, item.local))
        })
        .collect();
    let set_all = {
        let conflicts = conflicts.clone();
        move |choice: Choice| {
            choices.set(
                conflicts
                    .iter()
                    .map(|(k, i, _)| ((*k, *i), choice))
                    .collect(),
            )
        }
    };
    let set_all_keep = set_all.clone();

    let confirm = {
        let pending = Arc::clone(&pending);
        move || {
            if applying.get_untracked() {
                return;
            }
            mark("taizhang:import-confirm");
            applying.set(true);
            let pending = Arc::clone(&pending);
            let chosen = choices.get_untracked();
            spawn_local(async move {
                match import::apply(app.session, &pending, &chosen, now()).await {
                    Ok(summary) => {
                        stage.set(Stage::Done(Arc::new(summary)));
                        mark("taizhang:import-done");
                    }
                    // Looping office choices are shown here until the choices change.
                    Err(AppError::Merge(refused)) => {
                        refusal.set(Some(refused.message()));
                        applying.set(false);
                    }
                    Err(_) => applying.set(false), // the notice says why; nothing was written
                }
            });
        }
    };

    let counts_table = {
        let rows: Vec<(Kind, [usize; 6])> = plan
            .iter()
            .map(|(kind, p)| (kind, Outcome::ALL.map(|o| p.count(o))))
            .collect();
        let totals = Outcome::ALL.map(|o| plan.count(o));
        view! {
            <table class="list counts">
                <thead><tr>
                    <th></th>
                    {Outcome::ALL.iter().map(|o| { let o = *o; view! { <th class="num">{move || o.label().get(lang.get())}</th> } }).collect_view()}
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(kind, counts)| {
                        view! {
                            <tr data-ledger=kind.key()>
                                <th>{move || kind.label().get(lang.get())}</th>
                                {counts.iter().map(|n| view! { <td class="num">{*n}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                    <tr class="total">
                        <th>{tr("合计", "Total")}</th>
                        {Outcome::ALL.iter().zip(totals).map(|(o, n)| view! {
                            <td class="num" data-count=o.key() data-value=n.to_string()>{n}</td>
                        }).collect_view()}
                    </tr>
                </tbody>
            </table>
        }
    };

    // The records behind each count (the first 200 of each).
    let lists = Outcome::ALL
        .iter()
        .filter(|o| plan.count(**o) > 0)
        .map(|outcome| {
            let outcome = *outcome;
            let names: Vec<String> = plan
                .iter()
                .flat_map(|(kind, p)| p.with(outcome).map(|item| describe(&record_json(&pending.incoming, kind, item.incoming))).collect::<Vec<_>>())
                .take(200)
                .collect();
            let count = plan.count(outcome);
            view! {
                <details data-list=outcome.key()>
                    <summary>{move || format!("{} {count}", outcome.label().get(lang.get()))}</summary>
                    <ul>{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                </details>
            }
        })
        .collect_view();

    let conflict_views = app.data.with_untracked(|local| {
        conflicts
            .iter()
            .take(200)
            .map(|&(key, incoming, local_index)| {
                let theirs = record_json(&pending.incoming, key, incoming);
                let mine = local_index.map(|l| record_json(local, key, l)).unwrap_or(Value::Null);
                let fields: Vec<String> = theirs.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
                let choice = move || choices.with(|c| c.get(&(key, incoming)).copied().unwrap_or(Choice::KeepMine));
                let name = format!("choice-{}-{incoming}", key.key());
                view! {
                    <div class="conflict card" data-conflict=format!("{}/{incoming}", key.key())>
                        <h3>{describe(&theirs)}</h3>
                        <table class="list diff">
                            <thead><tr><th>{tr("字段", "Field")}</th><th>{tr("本地", "Mine")}</th><th>{tr("导入文件", "Incoming")}</th></tr></thead>
                            <tbody>{fields.into_iter().map(|field| {
                                let (a, b) = (mine.get(&field).cloned(), theirs.get(&field).cloned());
                                let differs = a != b;
                                let label = field_label(key, &field);
                                let name = field.clone();
                                let attribute = field.clone();
                                let show = move |v: &Option<Value>| readable(key, &field, v.as_ref(), lang.get());
                                view! {
                                    <tr class:differs=differs data-differs=differs.to_string() data-field=attribute>
                                        <th>{move || { let l = label.get(lang.get()); if l.is_empty() { name.clone() } else { l.to_owned() } }}</th>
                                        <td>{let show = show.clone(); move || show(&a)}</td><td>{move || show(&b)}</td>
                                    </tr>
                                }
                            }).collect_view()}</tbody>
                        </table>
                        <div class="choice">
                            <label><input type="radio" name=name.clone() value="keep" prop:checked=move || choice() == Choice::KeepMine
                                on:change=move |_| choices.update(|c| { c.insert((key, incoming), Choice::KeepMine); })/>{tr("保留本地", "Keep mine")}</label>
                            <label><input type="radio" name=name value="take" prop:checked=move || choice() == Choice::TakeTheirs
                                on:change=move |_| choices.update(|c| { c.insert((key, incoming), Choice::TakeTheirs); })/>{tr("采用导入", "Take theirs")}</label>
                        </div>
                    </div>
                }
            })
            .collect_view()
    });
    let conflict_count = conflicts.len();
    let nothing_to_do = !plan.changes_something();
    let file = pending.file.clone();

    view! {
        <div class="card preview" data-testid="import-preview">
            <h2>{move || match lang.get() {
                Lang::Zh => format!("导入预览：{file}"),
                Lang::En => format!("Import preview: {file}"),
            }}</h2>
            <p class="muted">{tr("尚未写入任何内容。请核对后确认导入。", "Nothing has been written yet. Check, then confirm.")}</p>
            {counts_table}
            {nothing_to_do.then(|| view! { <p class="notice ok">{tr("此文件的内容本地都已有，导入不会改变任何数据。", "Everything in this file is already here: importing it changes nothing.")}</p> })}
            <div class="lists">{lists}</div>
            {(conflict_count > 0).then(move || view! {
                <h3>{move || match lang.get() {
                    Lang::Zh => format!("{conflict_count} 处冲突：同一记录、同一版本号，内容不同。请逐条选择，或："),
                    Lang::En => format!("{conflict_count} conflicts: the same record and revision with different contents. Choose for each, or:"),
                }}</h3>
                <p>
                    <button type="button" class="btn" data-testid="conflicts-keep-all" on:click=move |_| set_all_keep(Choice::KeepMine)>{tr("全部保留本地", "Keep all mine")}</button>" "
                    <button type="button" class="btn" data-testid="conflicts-take-all" on:click=move |_| set_all(Choice::TakeTheirs)>{tr("全部采用导入", "Take all theirs")}</button>
                </p>
                {conflict_views}
            })}
            {move || refusal.get().map(|message| view! {
                <p class="notice warn" role="alert" data-testid="import-refused">{move || message.get(lang.get()).to_owned()}</p>
            })}
            <div class="actions">
                <button type="button" class="btn primary" data-testid="import-confirm" disabled=move || applying.get()
                    on:click=move |_| confirm()>{move || if applying.get() { tr("正在写入…", "Writing…")() } else { tr("确认导入", "Import")() }}</button>
                " "
                <button type="button" class="btn" data-testid="import-cancel" disabled=move || applying.get()
                    on:click=move |_| stage.set(Stage::Idle)>{tr("取消", "Cancel")}</button>
            </div>
        </div>
    }
}

#[component]
pub fn ImportSummary(summary: Arc<Summary>) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let file = summary.file.clone();
    let taken = summary.conflicts_taken;
    view! {
        <div class="card notice ok summary" data-testid="import-summary" role="status">
            <p>{move || match lang.get() {
                Lang::Zh => format!("已导入“{file}”。"),
                Lang::En => format!("Imported {file:?}."),
            }}</p>
            <ul>
                {summary.counts.iter().map(|(o, n)| {
                    let (o, n) = (*o, *n);
                    view! { <li data-count=o.key() data-value=n.to_string()>{move || o.label().get(lang.get())}": "{n}</li> }
                }).collect_view()}
            </ul>
            {(taken > 0).then(|| view! { <p>{move || match lang.get() {
                Lang::Zh => format!("其中 {taken} 处冲突采用了导入的版本。"),
                Lang::En => format!("{taken} conflicts took the incoming version."),
            }}</p> })}
        </div>
    }
}
