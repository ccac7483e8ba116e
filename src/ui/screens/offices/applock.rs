//! The app lock on the offices screen: turn it on (then the recovery key,
//! shown once), the idle time, change the passphrase, turn it off.

use crate::ui::i18n::tr;
use crate::ui::once::DispatchOnce;
use crate::ui::state::AppState;
use crate::ui::widgets::download;
use leptos::prelude::*;
use taizhang_app::{applock, AppError};
use taizhang_catalogue::{Worded, T};
use taizhang_core::trust::fingerprint_groups;

/// An error's sentence in the page's language, for a form's refusal line.
fn said(app: AppState, result: Option<Result<(), AppError>>) -> Option<String> {
    let error = result?.err()?;
    Some(error.message().get(app.lang.get()).to_owned())
}

/// A labelled password input bound to `value`.
fn password(
    label: T,
    name: &'static str,
    value: RwSignal<String>,
    autocomplete: &'static str,
) -> impl IntoView {
    view! {
        <label>{tr(label)}
            <input type="password" name=name autocomplete=autocomplete
                prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
        </label>
    }
}

#[component]
pub fn AppLockPanel() -> impl IntoView {
    let app = expect_context::<AppState>();
    // The recovery key (and the new office key's fingerprint), between
    // turning the lock on and the user saying it is kept.
    let recovery = RwSignal::new(None::<(String, Option<String>)>);
    // Held here, not in the form: turning the lock on replaces the form.
    let setting = Action::new_local(move |(first, second): &(String, String)| {
        let (first, second) = (first.clone(), second.clone());
        async move {
            let turned = applock::turn_on(app.session, &first, &second).await?;
            recovery.set(Some((turned.recovery, turned.new_key)));
            Ok::<(), AppError>(())
        }
    });
    view! {
        <h2>{tr(T::AppLock)}</h2>
        <div class="card applock" data-testid="app-lock" data-on=move || app.lock_on.get().to_string()>
            <p class="muted">{tr(T::AppLockExplained)}</p>
            {move || match (recovery.get(), app.lock_on.get()) {
                (Some((key, new_key)), _) => view! { <RecoveryKey key new_key on_done=move || recovery.set(None)/> }.into_any(),
                (None, false) => view! { <TurnOn setting/> }.into_any(),
                (None, true) => view! { <LockSettings/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn TurnOn(setting: Action<(String, String), Result<(), AppError>>) -> impl IntoView {
    let app = expect_context::<AppState>();
    let open = RwSignal::new(false);
    let (first, second) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        setting.dispatch_once((first.get_untracked(), second.get_untracked()));
    };
    let refusal = move || said(app, setting.value().get());
    view! {
        <p><strong>{tr(T::AppLockIsOff)}</strong></p>
        <Show when=move || !open.get()>
            <button type="button" class="btn primary" data-testid="lock-set" on:click=move |_| open.set(true)>{tr(T::TurnOnAppLock)}</button>
        </Show>
        <Show when=move || open.get()>
            <form data-form="lock" class="stack" on:submit=submit>
                {password(T::Passphrase, "passphrase", first, "new-password")}
                {password(T::PassphraseAgain, "passphrase-again", second, "new-password")}
                <p class="muted">{tr(T::PassphraseRule)}</p>
                {move || refusal().map(|text| view! { <p class="notice error" role="alert" data-testid="lock-error">{text}</p> })}
                <p class="actions">
                    <button type="submit" class="btn primary" disabled=move || setting.pending().get()>{tr(T::TurnOnAppLock)}</button>
                    <button type="button" class="btn" on:click=move |_| open.set(false)>{tr(T::Cancel)}</button>
                </p>
            </form>
        </Show>
    }
}

#[component]
fn RecoveryKey(
    key: String,
    new_key: Option<String>,
    on_done: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let file = format!("{}\r\n\r\n{}\r\n", tr(T::RecoveryKey)(), key);
    view! {
        <div class="recovery" role="region" aria-label=tr(T::RecoveryKey)>
            <p><strong>{tr(T::AppLockIsOn)}</strong></p>
            <p>{tr(T::RecoveryKeyExplained)}</p>
            <p><code class="recovery-key" data-testid="recovery-key">{key}</code></p>
            {new_key.map(|kid| view! {
                <p class="notice warn" data-testid="lock-new-key" data-kid=kid.clone()>
                    {tr(T::NewOfficeKeyWithLock)}" "<code class="fingerprint">{fingerprint_groups(&kid)}</code>
                </p>
            })}
            <p class="actions">
                <button type="button" class="btn" data-testid="recovery-save"
                    on:click=move |_| { let _ = download(file.as_bytes(), "台账恢复密钥.txt", "text/plain;charset=utf-8"); }>{tr(T::SaveRecoveryKey)}</button>
                <button type="button" class="btn" on:click=move |_| { let _ = window().print(); }>{tr(T::PrintRecoveryKey)}</button>
                <button type="button" class="btn primary" data-testid="recovery-done" on:click=move |_| on_done()>{tr(T::RecoveryKeyKept)}</button>
            </p>
        </div>
    }
}

#[component]
fn LockSettings() -> impl IntoView {
    let app = expect_context::<AppState>();
    let (current, new, again) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let changing = Action::new_local(move |(): &()| {
        let (c, n, a) = (
            current.get_untracked(),
            new.get_untracked(),
            again.get_untracked(),
        );
        async move { applock::change_passphrase(app.session, &c, &n, &a).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = changing.value().get() {
            for field in [current, new, again] {
                field.set(String::new());
            }
        }
    });
    // A new recovery key: the passphrase asked, the key shown once.
    let renew_passphrase = RwSignal::new(String::new());
    let renewed = RwSignal::new(None::<String>);
    let renewing = Action::new_local(move |(): &()| {
        let typed = renew_passphrase.get_untracked();
        async move {
            let key = applock::new_recovery_key(app.session, &typed).await?;
            renew_passphrase.set(String::new());
            renewed.set(Some(key));
            Ok::<(), AppError>(())
        }
    });
    let off_passphrase = RwSignal::new(String::new());
    let turning_off = Action::new_local(move |(): &()| {
        let typed = off_passphrase.get_untracked();
        async move { applock::turn_off(app.session, &typed).await }
    });
    let idle = move || app.settings.with(|s| s.idle_minutes());
    let set_idle = move |ev: leptos::ev::Event| {
        if let Ok(minutes) = event_target_value(&ev).trim().parse::<u32>() {
            let mut settings = app.settings.get_untracked();
            settings.idle_minutes = Some(minutes.clamp(1, 24 * 60));
            app.save_settings(settings);
        }
    };
    view! {
        <p><strong>{tr(T::AppLockIsOn)}</strong></p>
        <label>{tr(T::IdleMinutes)}
            <input type="number" min="1" max="1440" data-testid="idle-minutes" prop:value=move || idle().to_string() on:change=set_idle/>
        </label>
        <h3>{tr(T::ChangePassphrase)}</h3>
        <form data-form="lock-change" class="stack" on:submit=move |ev| { ev.prevent_default(); changing.dispatch_once(()); }>
            {password(T::CurrentPassphrase, "current", current, "current-password")}
            {password(T::NewPassphrase, "new", new, "new-password")}
            {password(T::NewPassphraseAgain, "new-again", again, "new-password")}
            {move || match changing.value().get() {
                Some(Ok(())) => Some(view! { <p class="notice info" role="status" data-testid="passphrase-changed">{tr(T::PassphraseChanged)}</p> }.into_any()),
                other => said(app, other).map(|text| view! { <p class="notice error" role="alert" data-testid="lock-error">{text}</p> }.into_any()),
            }}
            <p class="actions"><button type="submit" class="btn" disabled=move || changing.pending().get()>{tr(T::ChangePassphrase)}</button></p>
        </form>
        <h3>{tr(T::NewRecoveryKey)}</h3>
        {move || match renewed.get() {
            Some(key) => view! { <RecoveryKey key new_key=None on_done=move || renewed.set(None)/> }.into_any(),
            None => view! {
                <form data-form="lock-recovery" class="stack" on:submit=move |ev| { ev.prevent_default(); renewing.dispatch_once(()); }>
                    <p class="muted">{tr(T::NewRecoveryKeyExplained)}</p>
                    {password(T::CurrentPassphrase, "current", renew_passphrase, "current-password")}
                    {move || said(app, renewing.value().get()).map(|text| view! { <p class="notice error" role="alert" data-testid="lock-error">{text}</p> })}
                    <p class="actions"><button type="submit" class="btn" data-testid="recovery-renew" disabled=move || renewing.pending().get()>{tr(T::NewRecoveryKey)}</button></p>
                </form>
            }.into_any(),
        }}
        <h3>{tr(T::TurnOffAppLock)}</h3>
        <form data-form="lock-off" class="stack" on:submit=move |ev| { ev.prevent_default(); turning_off.dispatch_once(()); }>
            <p class="muted">{tr(T::TurnOffAppLockExplained)}</p>
            {password(T::CurrentPassphrase, "current", off_passphrase, "current-password")}
            {move || said(app, turning_off.value().get()).map(|text| view! { <p class="notice error" role="alert" data-testid="lock-error">{text}</p> })}
            <p class="actions"><button type="submit" class="btn" disabled=move || turning_off.pending().get()>{tr(T::TurnOffAppLock)}</button></p>
        </form>
    }
}
