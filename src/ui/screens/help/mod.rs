//! 帮助 / Help: the users' guide, task by task, from the catalogue (both
//! languages), each step's control named as its screen names it; printed on
//! A4 with the briefing's letterhead, or downloaded as Word. `?part=` opens
//! at one screen's part (the `?` beside every screen's title).

mod word;

use crate::ui::i18n::tr;
use crate::ui::state::AppState;
use leptos::prelude::*;
use taizhang_catalogue::help::{Part, Step, Task, PARTS};
use taizhang_catalogue::T;
use taizhang_core::Lang;
use word::HelpWordButton;

pub fn help_screen() -> impl IntoView {
    let app = expect_context::<AppState>();
    let wanted = move || app.route.with(|r| r.query.get("part").cloned());
    // Opened for one screen: its part is brought into view once drawn.
    Effect::new(move |_| {
        if let Some(id) = wanted() {
            let selector = format!("[data-help-part=\"{id}\"]");
            if let Some(part) = document().query_selector(&selector).ok().flatten() {
                part.scroll_into_view();
            }
        }
    });
    view! {
        <section data-screen="help" class="help report">
            <h1 class="screen-title">{tr(T::Help)}</h1>
            <div class="toolbar">
                <HelpWordButton/>
                <button type="button" class="btn" data-testid="help-print" on:click=move |_| { let _ = window().print(); }>{tr(T::PrintA4)}</button>
            </div>
            <article class="briefing guide">
                <header class="letterhead">
                    <h2>{tr(T::HelpTitle)}</h2>
                    <p>{tr(T::HelpIntro)}</p>
                </header>
                <nav aria-label=tr(T::HelpContents) class="contents">
                    <h2>{tr(T::HelpContents)}</h2>
                    <ol>
                        {PARTS.iter().map(|part| view! {
                            <li><a href=format!("#/help?part={}", part.id)>{tr(part.title)}</a></li>
                        }).collect_view()}
                    </ol>
                </nav>
                {PARTS.iter().map(|part| view! { <HelpPart part/> }).collect_view()}
            </article>
        </section>
    }
}

#[component]
fn HelpPart(part: &'static Part) -> impl IntoView {
    let app = expect_context::<AppState>();
    let lang = app.lang;
    let focused = move || {
        app.route
            .with(|r| r.query.get("part").map(String::as_str) == Some(part.id))
    };
    view! {
        <section class="help-part" class:focused=focused data-help-part=part.id data-screen-key=part.screen
            aria-labelledby=format!("help-{}", part.id)>
            <h2 id=format!("help-{}", part.id)>{tr(part.title)}</h2>
            <p>{move || part.intro.get(lang.get())}</p>
            {part.tasks.iter().map(|task| view! { <HelpTask task part=part.id/> }).collect_view()}
        </section>
    }
}

#[component]
fn HelpTask(task: &'static Task, part: &'static str) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    view! {
        <section class="help-task" data-task=task.id data-part=part>
            <h3>{move || task.title.get(lang.get())}</h3>
            <ol>
                {task.steps.iter().map(|step| view! { <HelpStep step lang/> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn HelpStep(step: &'static Step, lang: RwSignal<Lang>) -> impl IntoView {
    let (act, hook, on) = match step.control {
        Some(c) => (
            Some(c.act.key()),
            Some(c.hook),
            Some(c.on).filter(|s| !s.is_empty()),
        ),
        None => (None, None, None),
    };
    view! {
        <li data-step="" data-act=act data-hook=hook data-on=on>{move || step.said(lang.get())}</li>
    }
}
