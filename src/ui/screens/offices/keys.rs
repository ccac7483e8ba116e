//! The keys this copy trusts, by office: each with its fingerprint, where
//! it came from and since when, and a way to withdraw it (a withdrawn key
//! verifies no new file; what it brought stays).

use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use crate::ui::widgets::{confirm_dialog_to, name_of_office};
use leptos::prelude::*;
use taizhang_app::trust;
use taizhang_catalogue::T;
use taizhang_core::trust::{fingerprint_groups, TrustedKey};

#[component]
pub fn TrustedKeys() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let withdrawing = RwSignal::new(None::<TrustedKey>);
    let sorted = Memo::new(move |_| {
        let mut keys = app.session.trusted.get();
        keys.sort_by(|a, b| (&a.office, &a.since).cmp(&(&b.office, &b.since)));
        keys
    });
    let withdraw = move || {
        let Some(key) = withdrawing.get_untracked() else {
            return;
        };
        withdrawing.set(None);
        leptos::task::spawn_local(async move {
            if let Err(error) = trust::withdraw(app.session, key).await {
                app.notice.set(Some(error));
            }
        });
    };
    let question = Signal::derive(move || {
        withdrawing
            .with(|k| {
                k.as_ref().map(|k| {
                    format!(
                        "{} {} · {}",
                        tr(T::Withdraw)(),
                        name_of_office(app, &k.office),
                        fingerprint_groups(&k.kid)
                    )
                })
            })
            .unwrap_or_default()
    });
    view! {
        <h2>{tr(T::TrustedKeys)}</h2>
        <div class="card" data-testid="trusted-keys">
            <p class="muted">{tr(T::TrustedKeysExplained)}</p>
            {move || sorted.with(|keys| keys.is_empty()).then(|| view! { <p class="muted">{tr(T::NoTrustedKeys)}</p> })}
            {move || (!sorted.with(Vec::is_empty)).then(|| view! {
            <table class="list">
                <thead><tr>
                    <th>{tr(T::Office)}</th><th>{tr(T::KeyFingerprint)}</th>
                    <th>{tr(T::KeyFrom)}</th><th>{tr(T::KeySince)}</th><th><span class="visually-hidden">{tr(T::Actions)}</span></th>
                </tr></thead>
                <tbody>
                    <For each=move || sorted.get() key=|k| format!("{} {}", k.office, k.kid) let:key>
                        {
                            let asked = key.clone();
                            let name = name_of_office(app, &key.office);
                            view! {
                                <tr data-office=key.office.clone() data-kid=key.kid.clone()>
                                    <td>{name.clone()}</td>
                                    <td><code class="fingerprint">{fingerprint_groups(&key.kid)}</code></td>
                                    <td>{key.from.clone().unwrap_or_default()}</td>
                                    <td>{key.since.as_ref().map(|t| t.as_str().replace('T', " ").replace('Z', " UTC")).unwrap_or_default()}</td>
                                    <td><button type="button" class="link" data-action="withdraw"
                                        aria-label=move || format!("{} {}", tr(T::Withdraw)(), name)
                                        on:click=move |_| withdrawing.set(Some(asked.clone()))>{tr(T::Withdraw)}</button></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            })}
            {move || { let _ = lang.get(); withdrawing.get().map(|_| confirm_dialog_to(T::Withdraw, question, withdraw, move || withdrawing.set(None))) }}
        </div>
    }
}
