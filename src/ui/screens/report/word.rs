//! The briefing downloaded as Word: the text as the user left it, the table
//! of figures, the charts as drawn on the screen (PNG), the ranking.

use crate::ui::i18n::tr;
use crate::ui::once::DispatchOnce;
use crate::ui::state::AppState;
use crate::ui::widgets::{download_js, today};
use js_sys::Uint8Array;
use leptos::prelude::*;
use taizhang_app::briefings;
use taizhang_catalogue::{chart_label, T};
use taizhang_core::briefing::{Briefing, Document};
use taizhang_core::figures::charts::ChartData;
use wasm_bindgen::JsCast;

/// The PNG of every chart canvas of the briefing, in order.
fn chart_pictures() -> Vec<Uint8Array> {
    let Some(document) = window().document() else {
        return Vec::new();
    };
    let Ok(canvases) = document.query_selector_all("[data-screen=\"report\"] canvas[data-chart]")
    else {
        return Vec::new();
    };
    (0..canvases.length())
        .filter_map(|i| {
            canvases
                .item(i)?
                .dyn_into::<web_sys::HtmlCanvasElement>()
                .ok()
        })
        .filter_map(|canvas| canvas.to_data_url_with_type("image/png").ok())
        .filter_map(|url| {
            let encoded = url.split_once(',')?.1.to_owned();
            let binary = window().atob(&encoded).ok()?;
            let bytes: Vec<u8> = binary.chars().map(|c| c as u8).collect();
            Some(Uint8Array::from(bytes.as_slice()))
        })
        .collect()
}

#[component]
pub fn WordButton(
    briefing: Memo<Briefing>,
    text: RwSignal<String>,
    charts: Memo<Vec<ChartData>>,
    office: Signal<String>,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    // The engine writes the document; the button waits while it does.
    let writing = Action::new_local(move |(doc, name): &(Document, String)| {
        let (doc, name) = (doc.clone(), name.clone());
        async move {
            // The pictures are the charts as drawn: with their plotting code.
            if let Err(error) = crate::ui::later::plotting_code().await {
                return app.notice.set(Some(error));
            }
            match briefings::word(doc, chart_pictures()).await {
                Ok(bytes) => {
                    let mime =
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
                    let _ = download_js(&bytes, &name, mime);
                }
                Err(error) => app.notice.set(Some(error)),
            }
        }
    });
    let busy = writing.pending();
    let write = move || {
        let lang = app.lang.get_untracked();
        let b = briefing.get_untracked();
        let doc = Document {
            title: b.title.clone(),
            subtitle: b.subtitle.clone(),
            text: text.get_untracked(),
            table_heading: tr(T::FiguresTable)().to_owned(),
            table: b.table.clone(),
            ranking_heading: tr(T::OfficesByResolutionRate)().to_owned(),
            ranking: b.ranking.clone(),
            charts: charts
                .with_untracked(|c| c.iter().map(|c| chart_label(&c.title, lang)).collect()),
            signatures: [
                tr(T::MadeBy)().to_owned(),
                tr(T::CheckedBy)().to_owned(),
                tr(T::Date)().to_owned(),
            ],
            headings: Vec::new(),
        };
        let name = format!("简报-{}-{}.docx", office.get_untracked(), today().compact());
        writing.dispatch_once((doc, name));
    };
    view! {
        <button type="button" class="btn primary" data-testid="export-docx" disabled=move || busy.get()
            on:click=move |_| write()>{move || if busy.get() { tr(T::Exporting)() } else { tr(T::DownloadWord)() }}</button>
        <button type="button" class="btn" data-testid="report-print" on:click=move |_| { let _ = window().print(); }>{tr(T::PrintA4)}</button>
    }
}
