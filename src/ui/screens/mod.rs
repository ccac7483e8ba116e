//! One module per screen; a screen's parts live in its folder.
//!
//! The dashboard is in the page's first download; every other screen is a
//! chunk of its own (a `#[wasm_split]` function below, cut out of the page's
//! wasm by tools/split), fetched the first time it is opened.

mod dashboard;
mod exchange;
mod help;
mod ledger;
mod offices;
mod report;
mod submissions;

use super::i18n::label;
use super::later::{now, NotLoaded};
use super::route::Screen;
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use std::cell::RefCell;
use taizhang_core::{Case, HonouredModel, TrainingSession};

/// State a screen keeps while the user is on another (an import under way).
pub fn provide_state() {
    exchange::provide_import_state();
}

pub fn screen(screen: Screen) -> AnyView {
    if screen == Screen::Dashboard {
        return dashboard::dashboard_screen().into_any();
    }
    let state = RwSignal::new(Chunk::Loading);
    let fetch = move || {
        state.set(Chunk::Loading);
        leptos::task::spawn_local(async move {
            let next = match fetch(screen).await {
                Ok(()) => {
                    FETCHED.with_borrow_mut(|fetched| fetched.push(screen));
                    Chunk::Here
                }
                Err(NotLoaded) => Chunk::Failed,
            };
            // The user may have gone to another screen meanwhile.
            let _ = state.try_set(next);
        });
    };
    // A chunk fetched before is here at once: no loading sign flashes by.
    if FETCHED.with_borrow(|fetched| fetched.contains(&screen)) {
        state.set(Chunk::Here);
    } else {
        fetch();
    }
    // The screen is built in the view, as it was before it had a chunk: what it
    // reads while being built rebuilds it, as before.
    (move || match state.get() {
        Chunk::Loading => loading().into_any(),
        Chunk::Failed => not_loaded(fetch).into_any(),
        Chunk::Here => match now(build(screen)) {
            Some(Ok(view)) => view,
            // Not reached: the chunk is here, so building it waits for nothing.
            Some(Err(NotLoaded)) | None => not_loaded(fetch).into_any(),
        },
    })
    .into_any()
}

thread_local! {
    /// The screens whose chunks have been fetched.
    static FETCHED: RefCell<Vec<Screen>> = const { RefCell::new(Vec::new()) };
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chunk {
    Loading,
    Here,
    Failed,
}

fn loading() -> impl IntoView {
    view! {
        <p class="muted" role="status" data-testid="screen-loading">
            <span class="spinner" aria-hidden="true"></span>
            {label!(LoadingScreen)}
        </p>
    }
}

/// The screen's code could not be fetched (offline with no copy kept, say).
fn not_loaded(fetch: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    view! {
        <div class="notice error" role="alert" data-testid="screen-not-loaded">
            <span>{label!(ScreenDidNotLoad)}</span>
            <button type="button" class="btn" data-testid="screen-retry"
                on:click=move |_| fetch()>{label!(TryAgain)}</button>
        </div>
    }
}

/// Fetches the screen's chunk (and the chunks it shares with others), once.
async fn fetch(screen: Screen) -> Result<(), NotLoaded> {
    match screen {
        Screen::Dashboard => Ok(()),
        Screen::TrainingSessions => __wasm_split_preload_training_sessions().await,
        Screen::HonouredModels => __wasm_split_preload_honoured_models().await,
        Screen::Cases => __wasm_split_preload_cases().await,
        Screen::Offices => __wasm_split_preload_offices().await,
        Screen::Exchange => __wasm_split_preload_exchange().await,
        Screen::Submissions => __wasm_split_preload_submissions().await,
        Screen::Report => __wasm_split_preload_report().await,
        Screen::Help => __wasm_split_preload_help().await,
    }
    .map_err(NotLoaded::from)
}

/// Builds the screen from its chunk (at once if the chunk is here).
async fn build(screen: Screen) -> Result<AnyView, NotLoaded> {
    match screen {
        Screen::Dashboard => Ok(dashboard::dashboard_screen().into_any()),
        Screen::TrainingSessions => training_sessions().await,
        Screen::HonouredModels => honoured_models().await,
        Screen::Cases => cases().await,
        Screen::Offices => offices().await,
        Screen::Exchange => exchange().await,
        Screen::Submissions => submissions().await,
        Screen::Report => report().await,
        Screen::Help => help().await,
    }
}

/// The import log, the keys trusted, the files sent and the undo are read as
/// JSON by the screen's own code (the first screen reads none of them).
fn show_lists() {
    expect_context::<super::AppState>().session.show_unread();
}

// One chunk per name: the three ledgers share their code, so they share a chunk.

#[wasm_split(taizhang_ledger, wasm_split_path = ::leptos::wasm_split, fallible)]
fn training_sessions() -> Result<AnyView, NotLoaded> {
    show_lists();
    Ok(ledger::ledger_screen::<TrainingSession>().into_any())
}

#[wasm_split(taizhang_ledger, wasm_split_path = ::leptos::wasm_split, fallible)]
fn honoured_models() -> Result<AnyView, NotLoaded> {
    show_lists();
    Ok(ledger::ledger_screen::<HonouredModel>().into_any())
}

#[wasm_split(taizhang_ledger, wasm_split_path = ::leptos::wasm_split, fallible)]
fn cases() -> Result<AnyView, NotLoaded> {
    show_lists();
    Ok(ledger::ledger_screen::<Case>().into_any())
}

#[wasm_split(taizhang_offices, wasm_split_path = ::leptos::wasm_split, fallible)]
fn offices() -> Result<AnyView, NotLoaded> {
    show_lists();
    Ok(offices::offices_screen().into_any())
}

#[wasm_split(taizhang_exchange, wasm_split_path = ::leptos::wasm_split, fallible)]
fn exchange() -> Result<AnyView, NotLoaded> {
    show_lists();
    Ok(exchange::exchange_screen().into_any())
}

#[wasm_split(taizhang_submissions, wasm_split_path = ::leptos::wasm_split, fallible)]
fn submissions() -> Result<AnyView, NotLoaded> {
    show_lists();
    Ok(submissions::submissions_screen().into_any())
}

#[wasm_split(taizhang_report, wasm_split_path = ::leptos::wasm_split, fallible)]
fn report() -> Result<AnyView, NotLoaded> {
    show_lists();
    Ok(report::report_screen().into_any())
}

#[wasm_split(taizhang_help, wasm_split_path = ::leptos::wasm_split, fallible)]
fn help() -> Result<AnyView, NotLoaded> {
    show_lists();
    Ok(help::help_screen().into_any())
}
