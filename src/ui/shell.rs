//! The frame around every screen: header with the office, navigation,
//! language switch, notices, and the `app-ready` hook.

use super::dialog::focus_screen;
use super::i18n::{label, remember_lang, tr_text};
use super::later::{say, start_over, unlock_form};
use super::offline::{use_new_build, Offline};
use super::route::Screen;
use super::screens;
use super::state::AppState;
use leptos::prelude::*;
use taizhang_app::{applock, AppError, Status};
use taizhang_core::base::errors::StorageError;
use taizhang_core::Lang;

#[component]
pub fn Shell() -> impl IntoView {
    let app = expect_context::<AppState>();
    screens::provide_state();
    Effect::new(move |_| remember_lang(app.lang.get()));
    // Only a change of screen re-renders the screen; its filters (the rest of the route) do not.
    let screen = Memo::new(move |_| app.route.with(|r| r.screen));
    let own_office = move || {
        let code = app.settings.with(|s| s.own_office.clone())?;
        app.data.with(|d| {
            d.offices
                .iter()
                .find(|o| o.code == code)
                .map(|o| o.name.clone())
        })
    };
    // Read by reference: a status or notice is never copied or compared whole
    // (their errors' code stays out of the first download).
    let locked = move || app.status.with(|s| matches!(s, Status::Locked));
    let phase = Memo::new(move |_| app.status.with(Phase::of));
    watch_idle(app);
    // The first stop of the keyboard: past the header and the tabs, to the screen.
    let skip = move |ev: web_sys::MouseEvent| {
        ev.prevent_default();
        focus_screen();
    };
    view! {
        <a class="skip-link" href="#main-content" data-testid="skip-link" on:click=skip>{label!(SkipToContent)}</a>
        <header class="masthead">
            <div class="brand">
                <span class="brand-name">"台账"</span>
                <span class="brand-sub">{label!(PoliticalLegalWorkforceCampaignLedgers)}</span>
            </div>
            <Show when=move || !locked()>
                <div class="own-office" data-testid="own-office">
                    {move || match own_office() {
                        Some(name) => name,
                        None => label!(OfficeNotChosen)().to_owned(),
                    }}
                </div>
            </Show>
            <Show when=move || app.lock_on.get() && app.status.with(|s| matches!(s, Status::Ready))>
                <button type="button" class="btn" data-testid="lock-now" on:click=move |_| applock::lock_now()>{label!(LockNow)}</button>
            </Show>
            <LangSwitch/>
        </header>
        <Show when=move || !locked()>
        <nav class="tabs" aria-label=label!(MainNavigation)>
            {Screen::ALL.into_iter().map(|screen| {
                let label = screen.label();
                let current = move || app.route.with(|r| r.screen == screen);
                view! {
                    <a href=format!("#/{}", screen.key()) data-nav=screen.key()
                        class:current=current
                        aria-current=move || current().then_some("page")>
                        {tr_text(label)}
                    </a>
                }
            }).collect_view()}
        </nav>
        </Show>
        <UpdateNotice/>
        <Notices/>
        <main class="screen" id="main-content" tabindex="-1">
            {move || match phase.get() {
                Phase::Opening => view! { <p class="muted">{label!(OpeningTheDatabase)}</p> }.into_any(),
                Phase::Blocked => view! {
                    <p class="notice warn" role="alert">{label!(AnotherTabIsUsingAn)}</p>
                }.into_any(),
                Phase::Failed { tampered } => {
                    // Stored data changed outside the app: said by its own hook, nothing of the data shown.
                    let hook = if tampered { "store-tampered" } else { "fatal-error" };
                    let text = move || app.status.with(|s| match s {
                        Status::Failed(error) => say(error, app.lang.get()),
                        _ => String::new(),
                    });
                    // Shown once worded: the words come with their code (`later::say`).
                    view! {
                        {move || (!text().is_empty()).then(|| view! { <p class="notice error" role="alert" data-testid=hook>{text}</p> })}
                        {tampered.then(start_over)}
                    }.into_any()
                }
                Phase::Locked => unlock_form().into_any(),
                Phase::Ready => view! {
                    <span data-testid="app-ready" hidden></span>
                    {move || screens::screen(screen.get())}
                }.into_any(),
            }}
        </main>
    }
}

/// What the page shows for the session's status.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Opening,
    Blocked,
    Failed { tampered: bool },
    Locked,
    Ready,
}

impl Phase {
    fn of(status: &Status) -> Phase {
        match status {
            Status::Opening => Phase::Opening,
            Status::Blocked => Phase::Blocked,
            Status::Failed(error) => Phase::Failed {
                tampered: matches!(error, AppError::Storage(StorageError::Tampered(_))),
            },
            Status::Locked => Phase::Locked,
            Status::Ready => Phase::Ready,
        }
    }
}

#[component]
fn LangSwitch() -> impl IntoView {
    let app = expect_context::<AppState>();
    view! {
        <div class="lang-switch" role="group" aria-label="语言 / Language">
            <button type="button" data-testid="lang-zh" lang="zh-CN"
                aria-pressed=move || (app.lang.get() == Lang::Zh).to_string()
                on:click=move |_| app.lang.set(Lang::Zh)>"中文"</button>
            <button type="button" data-testid="lang-en" lang="en"
                aria-pressed=move || (app.lang.get() == Lang::En).to_string()
                on:click=move |_| app.lang.set(Lang::En)>"English"</button>
        </div>
    }
}

#[component]
fn Notices() -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    // Shown once worded: the words come with their code (`later::say`).
    let text = move || {
        app.notice
            .with(|n| n.as_ref().map(|e| say(e, lang.get())))
            .filter(|text| !text.is_empty())
    };
    move || {
        text().map(|text| {
            view! {
                <div class="notice error" role="alert" data-testid="notice">
                    <span>{text}</span>
                    <button type="button" class="link" on:click=move |_| app.notice.set(None)>
                        {label!(Dismiss)}
                    </button>
                </div>
            }
        })
    }
}

/// A newer build has been downloaded whole: the user chooses when to switch,
/// so nothing typed is lost to a reload.
#[component]
fn UpdateNotice() -> impl IntoView {
    let app = expect_context::<AppState>();
    view! {
        <Show when=move || app.offline.get() == Offline::NewBuildWaiting>
            <div class="notice info" role="status" data-testid="update-ready">
                <span>{label!(ANewVersionOfTaizhang)}</span>
                <button type="button" class="btn primary" data-testid="apply-update" on:click=move |_| use_new_build()>
                    {label!(Update)}
                </button>
            </div>
        </Show>
    }
}

/// While the app lock is on, a key press or click anywhere is use; when no
/// tab was used for the idle time set, every tab locks.
fn watch_idle(app: AppState) {
    let document = document();
    for kind in ["keydown", "pointerdown", "wheel"] {
        gloo_events::EventListener::new(&document, kind, move |_| {
            if app.lock_on.get_untracked() {
                applock::mark_active();
            }
        })
        .forget(); // for the life of the page
    }
    gloo_timers::callback::Interval::new(10_000, move || applock::lock_if_idle(app.session))
        .forget();
}

/// After stored data was changed outside the app: the way back, deleting
/// this copy's data (asked twice) so the last exported file can be imported.
/// A chunk of its own (`later::start_over`).
#[component]
pub(super) fn StartOver() -> impl IntoView {
    let app = expect_context::<AppState>();
    let asking = RwSignal::new(false);
    let confirmed = move || {
        asking.set(false);
        leptos::task::spawn_local(async move {
            if let Err(error) = app.session.start_over().await {
                app.notice.set(Some(error));
            }
        });
    };
    let question = Signal::derive(move || label!(StartOverQuestion)().to_owned());
    view! {
        <p class="actions">
            <button type="button" class="btn danger" data-testid="tampered-start-over" on:click=move |_| asking.set(true)>{label!(StartOver)}</button>
        </p>
        {move || asking.get().then(|| super::widgets::confirm_dialog(question, confirmed, move || asking.set(false)))}
    }
}
