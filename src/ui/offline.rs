//! Offline use: registers the service worker (`sw.js`, written at build time by
//! `scripts/post-build.mjs`), tells whether this build is kept for use without
//! a network, and offers a newer build once it has been downloaded whole.

use gloo_events::EventListener;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offline {
    /// No service worker here (an old browser, or a page not served over https/localhost).
    Unavailable,
    /// This build is being stored for offline use.
    Preparing,
    /// This build opens without a network.
    Ready,
    /// A newer build is stored whole and waits to be used.
    NewBuildWaiting,
}

/// The name the build step gave this build (a hash of its files).
pub fn build_name() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector("meta[name=taizhang-build]")
        .ok()??
        .get_attribute("content")
}

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // `navigator.serviceWorker` is missing outside secure contexts; web-sys assumes it exists.
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Registers the service worker and keeps `state` up to date.
pub fn register(state: RwSignal<Offline>) {
    let Some(container) = container() else {
        state.set(Offline::Unavailable);
        return;
    };
    state.set(Offline::Preparing);
    spawn_local(async move {
        if let Err(error) = watch(container, state).await {
            web_sys::console::warn_2(&"service worker:".into(), &error);
            state.set(Offline::Unavailable);
        }
    });
}

async fn watch(container: ServiceWorkerContainer, state: RwSignal<Offline>) -> Result<(), JsValue> {
    let registration: ServiceWorkerRegistration = JsFuture::from(container.register("./sw.js"))
        .await?
        .dyn_into()?;
    let check = {
        let registration = registration.clone();
        let container = container.clone();
        move || {
            // A waiting worker with no controller is the first install, not an update.
            if registration.waiting().is_some() && container.controller().is_some() {
                state.set(Offline::NewBuildWaiting);
            } else if registration.active().is_some() && state.get_untracked() == Offline::Preparing
            {
                state.set(Offline::Ready);
            }
        }
    };
    let on_update = {
        let registration = registration.clone();
        let check = check.clone();
        move |_: &web_sys::Event| {
            if let Some(installing) = registration.installing() {
                let check = check.clone();
                EventListener::new(&installing, "statechange", move |_| check()).forget();
            }
        }
    };
    EventListener::new(&registration, "updatefound", on_update).forget();
    // Browsers look for a new build when the page is opened; a tab kept open
    // all day also looks every hour.
    let hourly = registration.clone();
    gloo_timers::callback::Interval::new(60 * 60 * 1000, move || {
        if let Ok(looking) = hourly.update() {
            // Offline, the look fails; that is no news for the user.
            spawn_local(async move {
                let _ = JsFuture::from(looking).await;
            });
        }
    })
    .forget();
    // Resolves once a build is active: stored whole and serving this scope.
    JsFuture::from(container.ready()?).await?;
    check();
    Ok(())
}

/// Switches to the waiting build and reloads the page into it; with no waiting
/// build (another tab switched already), just reloads.
pub fn use_new_build() {
    let Some(container) = container() else { return };
    spawn_local(async move {
        let waiting = match JsFuture::from(container.get_registration()).await {
            Ok(found) => found
                .dyn_into::<ServiceWorkerRegistration>()
                .ok()
                .and_then(|r| r.waiting()),
            Err(_) => None,
        };
        match waiting {
            Some(worker) => {
                EventListener::once(&container, "controllerchange", |_| reload()).forget();
                if worker
                    .post_message(&JsValue::from_str("use-new-build"))
                    .is_err()
                {
                    reload();
                }
            }
            None => reload(),
        }
    });
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
