//! Drawing the dashboard's charts with plotters. Every function is generic
//! over the `DrawingBackend`: the page draws on a canvas, tests draw SVG.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor;
use taizhang_catalogue::chart_label;
use taizhang_core::figures::charts::{ChartData, ChartKind};
use taizhang_core::Lang;

mod axis;
mod legend;
pub mod marks;
mod plot;

use legend::{draw_legend, legend_entries};
use plot::{draw_horizontal, draw_vertical};

/// Chinese first, as in the stylesheet: the canvas resolves the names like CSS.
pub const FONT: &str = "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, Noto Sans SC, sans-serif";

/// Series colours that stay apart for readers with any of the three kinds of
/// colour blindness, each at least 3:1 against the white ground.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(213, 94, 0),
    RGBColor(0, 114, 178),
    RGBColor(0, 158, 115),
    RGBColor(153, 0, 255),
    RGBColor(119, 68, 34),
    RGBColor(153, 119, 255),
    RGBColor(102, 102, 102),
];
/// Light, distinct shades for campaign phases, so the data stays readable over them.
const BAND_SHADES: [RGBColor; 4] = [
    RGBColor(255, 243, 224),
    RGBColor(232, 245, 233),
    RGBColor(227, 242, 253),
    RGBColor(243, 229, 245),
];
const INK: RGBColor = RGBColor(31, 35, 40);
const MUTED: RGBColor = RGBColor(89, 99, 110);

pub type DrawResult = Result<(), String>;

/// What a plot draws, in which language, at which device pixel ratio.
#[derive(Clone, Copy)]
struct Drawing<'a> {
    chart: &'a ChartData,
    lang: Lang,
    scale: f64,
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Draws `chart` on `root`; `scale` is the device pixel ratio (fonts and
/// margins grow with it, so the chart is as legible on a high-DPI screen).
/// An empty chart shows `empty_text` instead of bare axes.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartData,
    lang: Lang,
    empty_text: &str,
    scale: f64,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    if chart.is_empty() {
        return draw_note(root, &chart_label(&chart.title, lang), empty_text, scale);
    }
    let entries = legend_entries(chart, lang);
    let plot = if entries.is_empty() {
        root.clone()
    } else {
        // The legend gets its own column, so it never covers the data.
        let (w, _) = root.dim_in_pixel();
        let longest = entries
            .iter()
            .map(|e| e.0.chars().map(em_width).sum::<f64>())
            .fold(4.0, f64::max);
        let legend_width = (px(34.0 + longest * 12.5, scale) as i32).min(w as i32 * 2 / 5);
        let (plot, legend) = root.split_horizontally(w as i32 - legend_width);
        draw_legend(&legend, &entries, scale)?;
        plot
    };
    let drawing = Drawing { chart, lang, scale };
    match chart.kind {
        ChartKind::StackedBars | ChartKind::GroupedBars | ChartKind::Lines => {
            draw_vertical(&plot, &drawing)
        }
        ChartKind::HorizontalBars => draw_horizontal(&plot, &drawing),
    }?;
    root.present().map_err(err)
}

/// Width of a character in ems: Latin letters and digits are about half a CJK character.
fn em_width(c: char) -> f64 {
    if c.is_ascii() {
        0.55
    } else {
        1.0
    }
}

/// Shortens a label to about `max_ems` wide, marking the cut.
fn fit(label: &str, max_ems: f64) -> String {
    if label.chars().map(em_width).sum::<f64>() <= max_ems {
        return label.to_owned();
    }
    let mut used = em_width('…');
    let kept: String = label
        .chars()
        .take_while(|c| {
            used += em_width(*c);
            used <= max_ems
        })
        .collect();
    format!("{kept}…")
}

fn px(value: f64, scale: f64) -> u32 {
    (value * scale).round() as u32
}

/// The font named as it is: `(FONT, size).into_font()` would ask whether the
/// name is "serif" and the like by lowercasing it, which links Unicode's
/// lowercase tables into the page for a list of names it never is.
fn font(size: f64, scale: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FONT), size * scale, FontStyle::Normal)
}

/// The chart's title over a note: that there is nothing to show, or why the
/// chart is not drawn. Apart from `draw`, as a page draws an empty chart
/// without the code that plots one.
pub fn draw_note<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title_text: &str,
    note_text: &str,
    scale: f64,
) -> DrawResult {
    let (w, h) = root.dim_in_pixel();
    let title = font(16.0, scale).color(&INK).pos(text_anchor::Pos::new(
        text_anchor::HPos::Center,
        text_anchor::VPos::Top,
    ));
    root.draw(&Text::new(
        title_text.to_owned(),
        ((w / 2) as i32, px(8.0, scale) as i32),
        title,
    ))
    .map_err(err)?;
    let note = font(14.0, scale).color(&MUTED).pos(text_anchor::Pos::new(
        text_anchor::HPos::Center,
        text_anchor::VPos::Center,
    ));
    root.draw(&Text::new(
        note_text.to_owned(),
        ((w / 2) as i32, (h / 2) as i32),
        note,
    ))
    .map_err(err)?;
    root.present().map_err(err)
}

/// A round axis maximum a little above `max` (1, 2 or 5 times a power of ten).
pub fn nice_max(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let target = max * 1.1;
    let magnitude = 10f64.powf(target.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= target)
        .unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn labels_are_cut_by_width_with_a_mark() {
        assert_eq!(fit("03-01", 3.0), "03-01");
        assert_eq!(fit("违规经商办企业", 4.0), "违规经…");
        assert_eq!(fit("Interference", 4.0), "Inter…");
    }
}
