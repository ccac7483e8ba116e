//! Code the first screen does not need, fetched when it is first used: like
//! the screens (`screens`), each `#[wasm_split]` function below is cut out of
//! the page's first download into a chunk of its own (tools/split). Here are
//! what only a user's action or a rare state reaches: loading the sample,
//! unlocking, starting over after a tampered store, the words of errors (but
//! for the one that says a chunk did not come), a chart's table, reading the
//! import log and the keys trusted (a copy that holds none goes without), and
//! the plotting of charts with data (an empty copy's dashboard draws only
//! empty charts).
//!
//! A chunk that cannot be fetched (offline with no copy kept) is said as
//! `AppError::CodeNotLoaded`, and nothing is done.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};
use taizhang_app::{AppError, ListsReader, Session};
use taizhang_catalogue::Worded;
use taizhang_core::figures::charts::ChartData;
use taizhang_core::{Lang, Message, Timestamp};
use web_sys::HtmlCanvasElement;

/// A chunk could not be fetched or instantiated.
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

impl From<NotLoaded> for AppError {
    fn from(_: NotLoaded) -> Self {
        AppError::CodeNotLoaded
    }
}

/// The future's output if it has it at once (a split function whose chunk is here).
pub fn now<F: Future>(future: F) -> Option<F::Output> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}

/// A use case's future, made in a chunk and awaited by the page.
type Work = Pin<Box<dyn Future<Output = Result<(), AppError>>>>;

/// Loads the sample district into an empty app (`offices::load_sample`).
pub async fn load_sample(session: Session, now: Timestamp) -> Result<(), AppError> {
    sample(session, now).await?.await
}

#[wasm_split(taizhang_sample, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sample(session: Session, now: Timestamp) -> Result<Work, NotLoaded> {
    Ok(Box::pin(taizhang_app::offices::load_sample(session, now)))
}

/// Unlocks with the passphrase or the recovery key (`applock::unlock`).
pub async fn unlock(session: Session, passphrase: String, recovery: String) -> Result<(), Message> {
    match unlocking(session, passphrase, recovery).await {
        Ok(work) => work.await,
        Err(NotLoaded) => Err(taizhang_catalogue::code_not_loaded()),
    }
}

/// An unlock's future, with its refusal worded by the unlock's own code: a
/// wrong passphrase is said as such whatever else could be fetched.
type Unlocking = Pin<Box<dyn Future<Output = Result<(), Message>>>>;

#[wasm_split(taizhang_unlock, wasm_split_path = ::leptos::wasm_split, fallible)]
fn unlocking(
    session: Session,
    passphrase: String,
    recovery: String,
) -> Result<Unlocking, NotLoaded> {
    Ok(Box::pin(async move {
        taizhang_app::applock::unlock(session, &passphrase, &recovery)
            .await
            .map_err(|error| error.message())
    }))
}

/// The way back after stored data was changed outside the app, once its
/// chunk is here (nothing is shown before).
pub fn start_over() -> impl IntoView {
    let here = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if __wasm_split_preload_start_over_view().await.is_ok() {
            let _ = here.try_set(true);
        }
    });
    move || {
        here.get()
            .then(|| now(start_over_view()).and_then(Result::ok))
            .flatten()
    }
}

#[wasm_split(taizhang_start_over, wasm_split_path = ::leptos::wasm_split, fallible)]
fn start_over_view() -> Result<AnyView, NotLoaded> {
    Ok(view! { <super::shell::StartOver/> }.into_any())
}

/// The unlock form, once its chunk is here: only a locked copy shows it,
/// and it unlocks with code fetched on demand too (`unlock`). If it cannot
/// come, that is said where the form would be.
pub fn unlock_form() -> impl IntoView {
    let here = RwSignal::new(Fetch::Asked);
    leptos::task::spawn_local(async move {
        let fetched = __wasm_split_preload_unlock_form_view().await;
        let _ = here.try_set(match fetched {
            Ok(()) => Fetch::Here,
            Err(_) => Fetch::Failed,
        });
    });
    move || {
        match here.get() {
        Fetch::Here => now(unlock_form_view()).and_then(Result::ok),
        Fetch::Failed => Some(
            view! { <p class="notice error" role="alert" data-testid="fatal-error">{move || say(&AppError::CodeNotLoaded, expect_context::<super::state::AppState>().lang.get())}</p> }
                .into_any(),
        ),
        Fetch::NotAsked | Fetch::Asked => None,
    }
    }
}

#[wasm_split(taizhang_unlock_form, wasm_split_path = ::leptos::wasm_split, fallible)]
fn unlock_form_view() -> Result<AnyView, NotLoaded> {
    Ok(view! { <super::unlock::UnlockForm/> }.into_any())
}

/// A chart's table, once its chunk is here (nothing is shown before): the
/// numbers written as plain digits (`f64`'s `Display`) only when asked for.
pub fn chart_table(chart: Signal<ChartData>, lang: RwSignal<Lang>) -> impl IntoView {
    let here = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if __wasm_split_preload_chart_table_view().await.is_ok() {
            let _ = here.try_set(true);
        }
    });
    move || {
        here.get()
            .then(|| now(chart_table_view(chart, lang)).and_then(Result::ok))
            .flatten()
    }
}

#[wasm_split(taizhang_chart_table, wasm_split_path = ::leptos::wasm_split, fallible)]
fn chart_table_view(chart: Signal<ChartData>, lang: RwSignal<Lang>) -> Result<AnyView, NotLoaded> {
    Ok(super::chart::table(chart, lang).into_any())
}

/// Whether a chart with data was drawn.
pub enum Plotted {
    Drawn,
    /// Not now: the plotting code is on its way (the caller's effect runs
    /// again once it is here), or the canvas has no 2D context.
    NotYet,
    /// It could not be fetched (offline with no copy kept; a reload tries again).
    NotLoaded,
}

/// Draws a chart with data on `canvas` once the plotting code is here: it
/// is fetched the first time a chart has data, so a first screen with none
/// goes without it. Read in an effect, which runs again when it is here.
pub fn plot(canvas: &HtmlCanvasElement, chart: &ChartData, lang: Lang, ratio: f64) -> Plotted {
    match wanted(PLOTS.with(|s| *s), preload_plots) {
        Fetch::Here => match now(plot_now(canvas, chart, lang, ratio)) {
            Some(Ok(true)) => Plotted::Drawn,
            Some(Ok(false)) => Plotted::NotYet,
            Some(Err(NotLoaded)) | None => Plotted::NotLoaded,
        },
        Fetch::Failed => Plotted::NotLoaded,
        Fetch::NotAsked | Fetch::Asked => Plotted::NotYet,
    }
}

/// Resolves once the plotting code is here and the charts have drawn with
/// it (what takes a chart's picture waits for this: a Word document or a
/// PNG must not hold a chart still blank). A fetch that failed before is
/// tried again.
pub async fn plotting_code() -> Result<(), AppError> {
    let state = PLOTS.with(|s| *s);
    if state.get_untracked() != Fetch::Here {
        let fetched = preload_plots().await;
        state.set(match fetched {
            Ok(()) => Fetch::Here,
            Err(_) => Fetch::Failed,
        });
        fetched.map_err(|_| AppError::CodeNotLoaded)?;
        // The charts draw again once it is here: their effects run before the next task.
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
    Ok(())
}

fn preload_plots() -> Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>> {
    Box::pin(__wasm_split_preload_plot_now())
}

#[wasm_split(taizhang_plots, wasm_split_path = ::leptos::wasm_split, fallible)]
fn plot_now(
    canvas: &HtmlCanvasElement,
    chart: &ChartData,
    lang: Lang,
    ratio: f64,
) -> Result<bool, NotLoaded> {
    Ok(super::chart::plot(canvas, chart, lang, ratio))
}

/// Fetches the code that reads the import log, the keys trusted, the files
/// sent and the undo as JSON, and reads what was kept unread with it
/// (`Session::show_unread`): what the session awaits before it shows a copy
/// that holds a log or keys, as the dashboard counts its reporting rate
/// from them.
pub const LISTS: ListsReader = ListsReader {
    fetch: || {
        Box::pin(async {
            let _ = __wasm_split_preload_lists_read().await;
        })
    },
    read: |session| Box::pin(async move { Ok(lists_read(session).await?) }),
};

#[wasm_split(taizhang_lists, wasm_split_path = ::leptos::wasm_split, fallible)]
fn lists_read(session: Session) -> Result<(), NotLoaded> {
    session.show_unread();
    Ok(())
}

/// Whether a chunk wanted soon is here: not asked for yet, on its way,
/// here, or not fetched (offline with no copy kept; a reload tries again).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fetch {
    NotAsked,
    Asked,
    Here,
    Failed,
}

thread_local! {
    /// The words of errors (the catalogue of errors and file problems).
    static WORDS: RwSignal<Fetch> = RwSignal::new(Fetch::NotAsked);
    /// The plotting of charts (plotters).
    static PLOTS: RwSignal<Fetch> = RwSignal::new(Fetch::NotAsked);
}

/// Makes the signals above outside any view (so that no view takes them
/// with it when it goes).
pub fn start() {
    WORDS.with(|_| ());
    PLOTS.with(|_| ());
}

type Preload = fn() -> Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>>;

/// Where the chunk is, read in a reactive closure (which runs again once it
/// is here); the first read fetches it.
fn wanted(state: RwSignal<Fetch>, preload: Preload) -> Fetch {
    state.track();
    let now = state.get_untracked();
    if now == Fetch::NotAsked {
        fetch(state, preload);
    }
    now
}

fn fetch(state: RwSignal<Fetch>, preload: Preload) {
    state.update_untracked(|s| *s = Fetch::Asked);
    leptos::task::spawn_local(async move {
        let next = match preload().await {
            Ok(()) => Fetch::Here,
            Err(_) => Fetch::Failed,
        };
        state.set(next);
    });
}

/// What an error says, in `lang`. The words come with their chunk, fetched
/// the first time an error is said (but for the chunk that did not come,
/// worded at once): until then nothing, and the caller's closure runs again
/// once it is here.
pub fn say(error: &AppError, lang: Lang) -> String {
    if let Some(message) = taizhang_catalogue::light_message(error) {
        return message.get(lang).to_owned();
    }
    let message = match wanted(WORDS.with(|s| *s), || Box::pin(__wasm_split_preload_word())) {
        Fetch::Here => now(word(error)).and_then(Result::ok),
        // Never another error's words: the wrong ones could mislead (a
        // tampered store is not "unchanged").
        Fetch::Failed => Some(taizhang_catalogue::words_not_loaded()),
        Fetch::NotAsked | Fetch::Asked => None,
    };
    message.map(|m| m.get(lang).to_owned()).unwrap_or_default()
}

#[wasm_split(taizhang_words, wasm_split_path = ::leptos::wasm_split, fallible)]
fn word(error: &AppError) -> Result<Message, NotLoaded> {
    Ok(error.message())
}
