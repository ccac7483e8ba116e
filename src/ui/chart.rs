//! One chart on the page: a canvas drawn by plotters in an Effect (sharp at
//! the device pixel ratio, redrawn on resize), a PNG download, and its table.

use super::canvas::Canvas as CanvasBackend;
use super::i18n::label;
use super::later::{self, Plotted};
use crate::ui::state::AppState;
use crate::ui::widgets::save_as;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use taizhang_catalogue::{chart_label, chart_summary, chart_table};
use taizhang_charts as charts;
use taizhang_core::base::decimal::plain;
use taizhang_core::figures::charts::ChartData;
use taizhang_core::Lang;

const HEIGHT: f64 = 320.0;

/// Sizes the canvas, then draws on it: an empty chart here, one with data by
/// the plotting code once it is here (`later::plot`).
fn draw_on(canvas: &web_sys::HtmlCanvasElement, chart: &ChartData, lang: Lang, empty_text: &str) {
    let ratio = window().device_pixel_ratio().max(1.0);
    let css_width = canvas
        .parent_element()
        .map(|p| f64::from(p.client_width()))
        .filter(|w| *w > 0.0)
        .unwrap_or(600.0);
    let (width, height) = (
        (css_width * ratio).round() as u32,
        (HEIGHT * ratio).round() as u32,
    );
    // Resizing clears the canvas: only when the size really changed.
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    let _ = canvas.set_attribute(
        "style",
        &format!(
            "width: {}px; height: {}px",
            plain(css_width, 4),
            plain(HEIGHT, 4)
        ),
    );
    let note = |text: &str| {
        with_root(canvas, |root| {
            charts::draw_note(root, &chart_label(&chart.title, lang), text, ratio)
        })
    };
    // An empty chart is drawn here; one with data by the plotting code.
    let plotted = (!chart.is_empty()).then(|| later::plot(canvas, chart, lang, ratio));
    let drawn = match plotted {
        None => note(empty_text),
        Some(Plotted::Drawn) => true,
        Some(Plotted::NotYet) => false,
        Some(Plotted::NotLoaded) => note(label!(ChartDidNotLoad)()),
    };
    // Said to tests and tools as well as on the canvas.
    let _ = if matches!(plotted, Some(Plotted::NotLoaded)) {
        canvas.set_attribute("data-not-loaded", "")
    } else {
        canvas.remove_attribute("data-not-loaded")
    };
    if drawn {
        // Counts draws, so tests and the benchmark can tell when a redraw happened.
        let count = canvas
            .get_attribute("data-drawn")
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0);
        let _ = canvas.set_attribute("data-drawn", &(count + 1).to_string());
    }
}

/// Draws on the canvas with plotters; false if the canvas has no 2D context.
fn with_root(
    canvas: &web_sys::HtmlCanvasElement,
    draw: impl FnOnce(&DrawingArea<CanvasBackend, Shift>) -> charts::DrawResult,
) -> bool {
    let Some(backend) = CanvasBackend::on(canvas.clone()) else {
        return false;
    };
    if let Err(error) = draw(&backend.into_drawing_area()) {
        web_sys::console::warn_1(&format!("chart: {error}").into());
    }
    true
}

/// A chart with data drawn (`later::plot`, in the chunk of the plotting code).
pub(super) fn plot(
    canvas: &web_sys::HtmlCanvasElement,
    chart: &ChartData,
    lang: Lang,
    ratio: f64,
) -> bool {
    with_root(canvas, |root| charts::draw(root, chart, lang, "", ratio))
}

fn download_png(canvas: &web_sys::HtmlCanvasElement, file_name: &str) {
    if let Ok(url) = canvas.to_data_url_with_type("image/png") {
        let _ = save_as(&url, file_name);
    }
}

#[component]
pub fn ChartView(
    chart: Signal<ChartData>,
    resized: RwSignal<u32>,
    file_stem: Signal<String>,
) -> impl IntoView {
    let canvas_ref = NodeRef::<Canvas>::new();
    let show_table = RwSignal::new(false);
    let lang = expect_context::<AppState>().lang;
    let empty_text = label!(NoData);
    // Drawn again when the data, the size or the language changes (the data does not change with the language).
    Effect::new(move |_| {
        resized.track();
        let (lang, text) = (lang.get(), empty_text());
        if let Some(canvas) = canvas_ref.get() {
            chart.with(|c| draw_on(&canvas, c, lang, text));
        }
    });
    let name = move || chart.with(|c| c.name);
    view! {
        <figure class="chart card">
            <div class="chart-canvas">
                <canvas node_ref=canvas_ref data-chart=name role="img" aria-label=move || chart.with(|c| chart_label(&c.title, lang.get()))
                    aria-describedby=move || format!("summary-{}", name())></canvas>
            </div>
            <p class="visually-hidden" id=move || format!("summary-{}", name()) data-summary=name>{move || chart.with(|c| chart_summary(c, lang.get()))}</p>
            <figcaption class="chart-actions">
                <button type="button" class="link" data-action="png" on:click=move |_| {
                    if let Some(canvas) = canvas_ref.get_untracked() {
                        download_png(&canvas, &format!("{}-{}.png", file_stem.get_untracked(), name()));
                    }
                }>{label!(DownloadPng)}</button>
                " "
                <button type="button" class="link" data-action="table" aria-expanded=move || show_table.get().to_string()
                    on:click=move |_| show_table.update(|s| *s = !*s)>
                    {move || if show_table.get() { label!(HideTable)() } else { label!(ShowTable)() }}
                </button>
            </figcaption>
            <Show when=move || show_table.get()>
                {super::later::chart_table(chart, lang)}
            </Show>
        </figure>
    }
}

/// The chart's numbers as a table, each cell with its machine value; shown
/// on demand, so a chunk of its own (`later::chart_table`).
pub(super) fn table(chart: Signal<ChartData>, lang: RwSignal<Lang>) -> impl IntoView {
    move || {
        let (header, rows) = chart.with(|c| chart_table(c, lang.get()));
        let values = chart.with(|c| c.table_values());
        let name = chart.with(|c| c.name);
        view! {
            <table class="list chart-table" data-table=name>
                <thead><tr>{header.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
                <tbody>{rows.into_iter().zip(values).map(|(row, values)| view! {
                    <tr>{row.into_iter().zip(values).map(|(cell, value)| view! { <td data-value=value>{cell}</td> }).collect_view()}</tr>
                }).collect_view()}</tbody>
            </table>
        }
    }
}
