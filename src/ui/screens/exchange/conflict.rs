//! One conflict side by side: the local and the incoming version of a
//! record (or office), field by field in the declared order, the differing
//! fields marked, and the user's choice for it.

use crate::app::import::{Choices, Pending};
use crate::catalogue::{Say, T};
use crate::domain::entries::{field_label, value_label};
use crate::domain::exchange::{Choice, Outcome};
use crate::domain::{fields, Dataset, Kind, Lang, Row};
use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::with_row_type;
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;

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
        Some(Value::Bool(b)) => if *b { T::Yes } else { T::No }.text().get(lang).into(),
        Some(Value::String(s)) => value_label(kind, field, s)
            .map(|t| t.get(lang).to_owned())
            .unwrap_or_else(|| s.clone()),
        Some(other) => other.to_string(),
    }
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
                <thead><tr><th>{tr(T::Field)}</th><th>{tr(T::Mine)}</th><th>{tr(T::Incoming)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="choice">
                <label><input type="radio" name=name.clone() value="keep" prop:checked=move || choice() == Choice::KeepMine
                    on:change=move |_| choose(Choice::KeepMine)/>{tr(T::KeepMine)}</label>
                <label><input type="radio" name=name value="take" prop:checked=move || choice() == Choice::TakeTheirs
                    on:change=move |_| choose(Choice::TakeTheirs)/>{tr(T::TakeTheirs)}</label>
            </div>
        </div>
    }
}

/// Every conflict of a file (the first 200 shown), with a choice for all at once.
#[component]
pub fn Conflicts(pending: Arc<Pending>, choices: RwSignal<Choices>) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let conflicts: Vec<(Kind, usize, Option<usize>)> = pending
        .plan
        .iter()
        .flat_map(|(kind, p)| {
            p.with(Outcome::Conflict)
                .map(move |item| (kind, item.incoming, item.local))
        })
        .collect();
    let count = conflicts.len();
    let all: Vec<(Kind, usize)> = conflicts.iter().map(|(k, i, _)| (*k, *i)).collect();
    let set_all = move |choice: Choice| choices.set(all.iter().map(|key| (*key, choice)).collect());
    let cards = app.data.with_untracked(|local| {
        conflicts
            .iter()
            .take(200)
            .map(|&(kind, incoming, local_index)| {
                let theirs = record_json(&pending.incoming, kind, incoming);
                let mine = local_index
                    .map(|l| record_json(local, kind, l))
                    .unwrap_or(Value::Null);
                view! { <ConflictCard kind incoming mine theirs choices/> }
            })
            .collect_view()
    });
    let keep_all = set_all.clone();
    (count > 0).then(move || view! {
        <h3>{move || Say::Conflicts(count).message().get(lang.get()).to_owned()}</h3>
        <p>
            <button type="button" class="btn" data-testid="conflicts-keep-all" on:click=move |_| keep_all(Choice::KeepMine)>{tr(T::KeepAllMine)}</button>" "
            <button type="button" class="btn" data-testid="conflicts-take-all" on:click=move |_| set_all(Choice::TakeTheirs)>{tr(T::TakeAllTheirs)}</button>
        </p>
        {cards}
    })
}
