//! How safe this copy's data is: persistent storage, space, the age of the
//! last export (a reminder when a backup is due), and clearing everything.

use crate::ui::i18n::tr;
use crate::ui::offline::{build_name, Offline};
use crate::ui::state::AppState;
use crate::ui::widgets::{confirm_dialog, today};
use leptos::prelude::*;
use leptos::task::spawn_local;
use taizhang_app::health;
use taizhang_catalogue::{Say, T};

fn mebibytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_048_576.0)
}

/// Days since the last export from this browser, if there was one.
fn days_since_export(app: AppState) -> Option<i64> {
    let last = app.settings.with(|s| s.last_export.clone())?;
    Some(last.day()?.days_until(today()))
}

#[component]
pub fn StorageHealth() -> impl IntoView {
    let health = LocalResource::new(health::storage_health);
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let evictable = move || health.get().map(|h| h.0) == Some(Some(false));
    // Export is the only backup: ask for one after 7 days, or at once when the browser may evict.
    let remind = move || {
        let has_data = app.data.with(|d| !d.is_empty());
        let stale = days_since_export(app).is_none_or(|days| days >= 7);
        has_data && (stale || evictable())
    };
    view! {
        <Show when=remind>
            <p class="notice warn" data-testid="export-reminder">
                <span>{tr(T::PleaseExportABackupThe)}</span>
                <a class="btn" href="#/exchange">{tr(T::GoToExport)}</a>
            </p>
        </Show>
        <div class="card health" data-testid="storage-health">
            <span>{tr(T::PersistentStorage)}</span>
            <span>
                <span data-testid="persisted">{move || match health.get().map(|h| h.0) {
                    Some(Some(true)) => tr(T::GrantedTheBrowserWillNot)(),
                    Some(Some(false)) => tr(T::NotGrantedTheBrowserMay)(),
                    _ => tr(T::TheBrowserCannotTell)(),
                }}</span>
                <Show when=evictable>
                    " "
                    <button type="button" class="btn" data-testid="request-persistence" on:click=move |_| {
                        spawn_local(async move {
                            health::ask_to_keep_data().await;
                            health.refetch();
                        });
                    }>{tr(T::AskTheBrowserToKeepTheData)}</button>
                </Show>
            </span>
            <span>{tr(T::LastExportLabel)}</span>
            <span data-testid="last-export-age">{move || Say::LastExportAge(days_since_export(app)).message().get(lang.get()).to_owned()}</span>
            <span>{tr(T::OfflineUse)}</span>
            <span data-testid="offline-status">{move || match app.offline.get() {
                Offline::Ready | Offline::NewBuildWaiting => tr(T::ReadyThisPageOpensWithout)(),
                Offline::Preparing => tr(T::SavingThisPageForOffline)(),
                Offline::Unavailable => tr(T::UnavailableThisBrowserOrAddress)(),
            }}</span>
            <span>{tr(T::AppVersion)}</span>
            <span data-testid="build-name">{build_name().unwrap_or_else(|| "-".to_owned())}</span>
            <span>{tr(T::SpaceUsedAvailable)}</span>
            <span data-testid="storage-usage">{move || match health.get().and_then(|h| h.1) {
                Some(e) => format!("{} / {}", mebibytes(e.usage), mebibytes((e.quota - e.usage).max(0.0))),
                None => tr(T::Unknown)().to_owned(),
            }}</span>
        </div>
    }
}

#[component]
pub fn ClearEverything() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let asking = RwSignal::new(false);
    let message = Signal::derive(move || {
        let (offices, records) = app.data.with(|d| (d.offices.len(), d.record_count()));
        Say::ClearEverything { offices, records }
            .message()
            .get(lang.get())
            .to_owned()
    });
    let clear = move || {
        asking.set(false);
        spawn_local(async move {
            let _ = app.clear_all().await;
        });
    };
    view! {
        <Show when=move || app.data.with(|d| !d.is_empty())>
            <p><button type="button" class="btn danger" data-testid="clear-everything" on:click=move |_| asking.set(true)>
                {tr(T::ClearEverything)}
            </button></p>
        </Show>
        {move || asking.get().then(|| confirm_dialog(message, clear, move || asking.set(false)))}
    }
}
