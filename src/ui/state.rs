//! What the screens share: this copy's session (the data and its use cases,
//! in `app`) and what belongs to the page alone: language, route, window size,
//! offline state.

use super::offline::Offline;
use super::route::{route_signal, Route};
use leptos::prelude::*;
use taizhang_app::Session;
use taizhang_core::Lang;

#[derive(Clone, Copy)]
pub struct AppState {
    pub session: Session,
    pub lang: RwSignal<Lang>,
    pub route: RwSignal<Route>,
    /// Bumped on every window resize, so charts redraw at their new width.
    pub resized: RwSignal<u32>,
    /// Whether this build works offline, or a newer one waits.
    pub offline: RwSignal<Offline>,
}

/// The session's signals (`app.data`, `app.settings`, …) read as the page's own.
impl std::ops::Deref for AppState {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}

impl AppState {
    pub fn new(lang: Lang) -> AppState {
        AppState {
            session: Session::new(),
            lang: RwSignal::new(lang),
            route: route_signal(),
            resized: resize_signal(),
            offline: RwSignal::new(Offline::Unavailable),
        }
    }
}

fn resize_signal() -> RwSignal<u32> {
    let count = RwSignal::new(0u32);
    let listener =
        gloo_events::EventListener::new(&window(), "resize", move |_| count.update(|n| *n += 1));
    listener.forget(); // lives as long as the page
    count
}
