//! What the benchmarks share: the page's clock, canvases to draw on, a
//! figure printed, and the bytes of a record history as stored.

use wasm_bindgen::JsCast;

pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

pub fn canvases(count: usize) -> Vec<web_sys::HtmlCanvasElement> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    (0..count)
        .map(|_| {
            let canvas: web_sys::HtmlCanvasElement = document
                .create_element("canvas")
                .expect("canvas")
                .unchecked_into();
            canvas.set_width(640);
            canvas.set_height(320);
            document
                .body()
                .expect("body")
                .append_child(&canvas)
                .expect("append");
            canvas
        })
        .collect()
}

pub fn figure(line: String) {
    web_sys::console::log_1(&line.into());
}

/// The bytes of `revisions` as the history stores them (pages' text).
pub fn pages_bytes(revisions: &[taizhang_core::ledgers::history::Revision]) -> usize {
    taizhang_core::ledgers::history::pages(revisions)
        .expect("pages")
        .iter()
        .map(|(_, text)| text.len())
        .sum()
}
