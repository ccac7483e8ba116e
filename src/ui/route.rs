//! Hash routing (`#/cases?office=…`): works under any sub-path of any static
//! server, because the server only ever serves `index.html`.

use leptos::prelude::*;
use std::collections::BTreeMap;
use taizhang_catalogue::T;
use taizhang_core::Text;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Dashboard,
    TrainingSessions,
    HonouredModels,
    Cases,
    Offices,
    Exchange,
    Submissions,
    Report,
    /// The users' guide (使用说明).
    Help,
}

impl Screen {
    pub const ALL: [Screen; 9] = [
        Screen::Dashboard,
        Screen::TrainingSessions,
        Screen::HonouredModels,
        Screen::Cases,
        Screen::Offices,
        Screen::Exchange,
        Screen::Submissions,
        Screen::Report,
        Screen::Help,
    ];

    /// The name in URLs and in `data-nav`.
    pub fn key(self) -> &'static str {
        match self {
            Screen::Dashboard => "dashboard",
            Screen::TrainingSessions => "training_sessions",
            Screen::HonouredModels => "honoured_models",
            Screen::Cases => "cases",
            Screen::Offices => "offices",
            Screen::Exchange => "exchange",
            Screen::Submissions => "submissions",
            Screen::Report => "report",
            Screen::Help => "help",
        }
    }

    pub fn label(self) -> Text {
        match self {
            Screen::Dashboard => const { T::Dashboard.text() },
            Screen::TrainingSessions => const { T::NavTraining.text() },
            Screen::HonouredModels => const { T::NavModels.text() },
            Screen::Cases => const { T::NavCases.text() },
            Screen::Offices => const { T::Offices.text() },
            Screen::Exchange => const { T::Exchange.text() },
            Screen::Submissions => const { T::Submissions.text() },
            Screen::Report => const { T::Briefing.text() },
            Screen::Help => const { T::Help.text() },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub screen: Screen,
    pub query: BTreeMap<String, String>,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let (name, query) = path.split_once('?').unwrap_or((path, ""));
        let screen = Screen::ALL
            .into_iter()
            .find(|s| s.key() == name)
            .unwrap_or(Screen::Dashboard);
        // Inserted one by one (the last of a key wins, as with `collect`):
        // collecting sorts, and each sort is code of its own.
        let mut pairs = BTreeMap::new();
        for (k, v) in query.split('&').filter_map(|pair| pair.split_once('=')) {
            pairs.insert(decode(k), decode(v));
        }
        let query = pairs;
        Route { screen, query }
    }

    pub fn href(&self) -> String {
        let mut out = format!("#/{}", self.screen.key());
        let pairs: Vec<String> = self
            .query
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        if !pairs.is_empty() {
            out.push('?');
            out.push_str(&pairs.join("&"));
        }
        out
    }
}

fn decode(text: &str) -> String {
    js_sys::decode_uri_component(text)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| text.to_owned())
}

fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// The route, kept in step with the address bar.
pub fn route_signal() -> RwSignal<Route> {
    let route = RwSignal::new(Route::parse(&current_hash()));
    let listener = gloo_events::EventListener::new(&window(), "hashchange", move |_| {
        route.set(Route::parse(&current_hash()));
    });
    listener.forget(); // lives as long as the page
    route
}

/// Sets (or, with `""`, removes) query values of the current route: the
/// address bar changes without a new history entry, and the view follows.
pub fn set_query(route: RwSignal<Route>, pairs: &[(&str, &str)]) {
    let mut next = route.get_untracked();
    for (key, value) in pairs {
        if value.is_empty() {
            next.query.remove(*key);
        } else {
            next.query.insert((*key).to_owned(), (*value).to_owned());
        }
    }
    if let Ok(history) = window().history() {
        let _ =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&next.href()));
    }
    route.set(next);
}
