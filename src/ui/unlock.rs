//! What a locked page shows, and all it shows: the unlock form (the
//! passphrase, or the recovery key instead). Nothing of the data is loaded
//! until it opens; a wrong try says so and changes nothing.

use super::i18n::label;
use super::state::AppState;
use crate::ui::once::DispatchOnce;
use leptos::prelude::*;

#[component]
pub fn UnlockForm() -> impl IntoView {
    let app = expect_context::<AppState>();
    let passphrase = RwSignal::new(String::new());
    let recovery = RwSignal::new(String::new());
    let unlocking = Action::new_local(move |(): &()| {
        let (typed, key) = (passphrase.get_untracked(), recovery.get_untracked());
        super::later::unlock(app.session, typed, key)
    });
    // Worded by the unlock's own code (`later::unlock`).
    let refused = move || unlocking.value().with(|v| matches!(v, Some(Err(_))));
    let refusal = move || {
        unlocking.value().with(|v| match v {
            Some(Err(words)) => words.get(app.lang.get()).to_owned(),
            _ => String::new(),
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        unlocking.dispatch_once(());
    };
    view! {
        <form class="card unlock" data-form="unlock" on:submit=submit>
            <h1>{label!(UnlockTitle)}</h1>
            <p class="muted">{label!(UnlockExplained)}</p>
            <label>{label!(Passphrase)}
                <input type="password" data-testid="unlock-passphrase" autocomplete="current-password" autofocus
                    prop:value=passphrase on:input=move |ev| passphrase.set(event_target_value(&ev))/>
            </label>
            <label>{label!(OrRecoveryKey)}
                <input type="text" data-testid="unlock-recovery" autocomplete="off" spellcheck="false"
                    placeholder="ABCD-EFGH-…"
                    prop:value=recovery on:input=move |ev| recovery.set(event_target_value(&ev))/>
            </label>
            {move || refused().then(|| view! { <p class="notice error" role="alert" data-testid="unlock-error">{refusal}</p> })}
            <p class="actions">
                <button type="submit" class="btn primary" data-testid="unlock" disabled=move || unlocking.pending().get()>
                    {move || if unlocking.pending().get() { label!(Unlocking)() } else { label!(Unlock)() }}
                </button>
            </p>
        </form>
    }
}
