//! A roster of keys read: taken at once when it came from above, else shown
//! with its issuer's fingerprint to compare on the phone before it is taken.

use super::preview::KeyConflicts;
use crate::ui::i18n::tr;
use crate::ui::once::DispatchOnce;
use crate::ui::state::AppState;
use crate::ui::widgets::name_of_office;
use leptos::prelude::*;
use taizhang_app::trust::take_roster;
use taizhang_catalogue::{Say, T};
use taizhang_core::trust::{fingerprint_groups, KeyConflict, Roster, Sender};

#[component]
pub fn RosterShownCard(
    roster: Roster,
    sender: Sender,
    taken: bool,
    conflicts: Vec<KeyConflict>,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let taken = RwSignal::new(taken);
    let issuer = name_of_office(app, &roster.issued_by);
    let fingerprint = sender
        .key
        .as_ref()
        .map(|k| fingerprint_groups(&k.kid))
        .unwrap_or_default();
    let keys = roster.keys.len();
    let rows = roster
        .keys
        .iter()
        .map(|key| {
            let name = name_of_office(app, &key.office);
            view! {
                <tr data-office=key.office.clone()>
                    <td>{name}</td>
                    <td><code class="fingerprint" data-kid=key.kid.clone()>{fingerprint_groups(&key.kid)}</code></td>
                </tr>
            }
        })
        .collect_view();
    let taking = Action::new_local(move |(roster, sender): &(Roster, Sender)| {
        let (roster, sender) = (roster.clone(), sender.clone());
        async move {
            if take_roster(app.session, roster, sender).await.is_ok() {
                taken.set(true);
            }
        }
    });
    let sentence = move || {
        let said = if taken.get() {
            Say::RosterTaken {
                office: &issuer,
                keys,
            }
        } else {
            Say::RosterToCompare {
                office: &issuer,
                fingerprint: &fingerprint,
                keys,
            }
        };
        said.message().get(lang.get()).to_owned()
    };
    let read = (roster, sender);
    view! {
        <div class="card" data-testid="roster" data-taken=move || taken.get().to_string()>
            <h2>{tr(T::RosterOfKeys)}</h2>
            <div class=move || if taken.get() { "notice ok" } else { "notice warn" } role="status">
                <p>{sentence}</p>
                {move || (!taken.get()).then(|| {
                    let read = read.clone();
                    view! {
                        <button type="button" class="btn primary" data-testid="accept-roster"
                            disabled=move || taking.pending().get()
                            on:click=move |_| { taking.dispatch_once(read.clone()); }>
                            {tr(T::TakeRoster)}
                        </button>
                    }
                })}
            </div>
            {move || (!taken.get()).then(|| view! { <KeyConflicts conflicts=conflicts.clone()/> })}
            <table class="list">
                <thead><tr><th>{tr(T::Office)}</th><th>{tr(T::KeyFingerprint)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
