//! One conflict side by side: the local and the incoming version of a
//! record (or office), field by field in the declared order, the differing
//! fields marked, and the user's choice for it.

use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;
use taizhang_app::import::{Choices, Preview};
use taizhang_catalogue::{Say, T};
use taizhang_core::exchange::{describe, Choice};
use taizhang_core::ledgers::entries::{field_label, value_label};
use taizhang_core::{ledgers::fields, Kind, Lang};

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

/// Every conflict of a file (the first ones shown), with a choice for all at once.
#[component]
pub fn Conflicts(preview: Arc<Preview>, choices: RwSignal<Choices>) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let count = preview.conflicts.len();
    let all = preview.conflicts.clone();
    let set_all = move |choice: Choice| choices.set(all.iter().map(|key| (*key, choice)).collect());
    let cards = preview
        .cards
        .iter()
        .map(|card| {
            let (kind, incoming) = (card.kind, card.incoming);
            let (mine, theirs) = (card.mine.clone(), card.theirs.clone());
            view! { <ConflictCard kind incoming mine theirs choices/> }
        })
        .collect_view();
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
