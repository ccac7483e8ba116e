//! One conflict side by side: the local and the incoming version of a
//! record (or office), field by field in the declared order, the differing
//! fields marked, and the user's choice for it.

use crate::app::import::Choices;
use crate::domain::entries::{field_label, value_label};
use crate::domain::exchange::Choice;
use crate::domain::{fields, Dataset, Kind, Lang, Row};
use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::with_row_type;
use leptos::prelude::*;
use serde_json::Value;

/// One row (record or office) of a dataset as JSON, for showing any kind alike.
pub fn record_json(data: &Dataset, kind: Kind, index: usize) -> Value {
    with_row_type!(kind, R => R::rows(data).get(index).map(serde_json::to_value))
        .and_then(Result::ok)
        .unwrap_or(Value::Null)
}

/// A record's name in a list: its title, name or reference, and its office.
pub fn describe(value: &Value) -> String {
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
pub fn ConflictCard(
    kind: Kind,
    incoming: usize,
    mine: Value,
    theirs: Value,
    choices: RwSignal<Choices>,
) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let choice = move || {
        choices.with(|c| {
            c.get(&(kind, incoming))
                .copied()
                .unwrap_or(Choice::KeepMine)
        })
    };
    let choose = move |value: Choice| {
        choices.update(|c| {
            c.insert((kind, incoming), value);
        })
    };
    let name = format!("choice-{}-{incoming}", kind.key());
    let title = describe(&theirs);
    let rows = fields::fields(kind)
        .iter()
        .map(|field| {
            let (a, b) = (
                mine.get(field.name).cloned(),
                theirs.get(field.name).cloned(),
            );
            let differs = a != b;
            let label = field_label(kind, field.name);
            let field = field.name;
            let show = move |v: &Option<Value>| readable(kind, field, v.as_ref(), lang.get());
            view! {
                <tr class:differs=differs data-differs=differs.to_string() data-field=field>
                    <th>{move || label.get(lang.get())}</th>
                    <td>{move || show(&a)}</td><td>{move || show(&b)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="conflict card" data-conflict=format!("{}/{incoming}", kind.key())>
            <h3>{title}</h3>
            <table class="list diff">
                <thead><tr><th>{tr("字段", "Field")}</th><th>{tr("本地", "Mine")}</th><th>{tr("导入文件", "Incoming")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="choice">
                <label><input type="radio" name=name.clone() value="keep" prop:checked=move || choice() == Choice::KeepMine
                    on:change=move |_| choose(Choice::KeepMine)/>{tr("保留本地", "Keep mine")}</label>
                <label><input type="radio" name=name value="take" prop:checked=move || choice() == Choice::TakeTheirs
                    on:change=move |_| choose(Choice::TakeTheirs)/>{tr("采用导入", "Take theirs")}</label>
            </div>
        </div>
    }
}
