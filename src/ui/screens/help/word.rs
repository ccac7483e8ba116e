//! The guide downloaded as Word, by the workbook engine's document writer
//! (the briefing's letterhead and fonts): parts and tasks as headings, steps
//! numbered, in the interface's language.

use crate::ui::i18n::tr;
use crate::ui::once::DispatchOnce;
use crate::ui::state::AppState;
use crate::ui::widgets::download_js;
use leptos::prelude::*;
use taizhang_app::briefings;
use taizhang_catalogue::help::PARTS;
use taizhang_catalogue::T;
use taizhang_core::briefing::Document;
use taizhang_core::Lang;

/// The guide as the document writer takes it.
fn guide(lang: Lang) -> Document {
    let mut lines = Vec::new();
    let mut headings = Vec::new();
    for (p, part) in PARTS.iter().enumerate() {
        let heading = format!("{}、{}", p + 1, part.title.text().get(lang));
        lines.push(heading.clone());
        headings.push(heading);
        lines.push(part.intro.get(lang).to_owned());
        for (t, task) in part.tasks.iter().enumerate() {
            let heading = format!("{}.{} {}", p + 1, t + 1, task.title.get(lang));
            lines.push(heading.clone());
            headings.push(heading);
            for (s, step) in task.steps.iter().enumerate() {
                lines.push(format!("（{}）{}", s + 1, step.said(lang)));
            }
        }
    }
    Document {
        title: T::HelpTitle.text().get(lang).to_owned(),
        subtitle: T::HelpIntro.text().get(lang).to_owned(),
        text: lines.join("\n"),
        headings,
        ..Document::default()
    }
}

#[component]
pub fn HelpWordButton() -> impl IntoView {
    let app = expect_context::<AppState>();
    let writing = Action::new_local(move |lang: &Lang| {
        let doc = guide(*lang);
        async move {
            match briefings::word(doc, Vec::new()).await {
                Ok(bytes) => {
                    let mime =
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
                    let _ = download_js(&bytes, "台账使用说明.docx", mime);
                }
                Err(error) => app.notice.set(Some(error)),
            }
        }
    });
    let busy = writing.pending();
    view! {
        <button type="button" class="btn primary" data-testid="help-docx" disabled=move || busy.get()
            on:click=move |_| { writing.dispatch_once(app.lang.get_untracked()); }>
            {move || if busy.get() { tr(T::Exporting)() } else { tr(T::DownloadHelpWord)() }}
        </button>
    }
}
