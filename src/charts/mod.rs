//! Drawing the dashboard's charts with plotters. Every function is generic
//! over the `DrawingBackend`: the page draws on a canvas, tests draw SVG.

use crate::domain::charts::{ChartData, ChartKind};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor;

/// Chinese first, as in the stylesheet: the canvas resolves the names like CSS.
pub const FONT: &str = "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, Noto Sans SC, sans-serif";

pub const PALETTE: [RGBColor; 9] = [
    RGBColor(183, 28, 28),
    RGBColor(21, 101, 192),
    RGBColor(46, 125, 50),
    RGBColor(239, 108, 0),
    RGBColor(106, 27, 154),
    RGBColor(0, 131, 143),
    RGBColor(121, 85, 72),
    RGBColor(158, 157, 36),
    RGBColor(96, 125, 139),
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

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Draws `chart` on `root`; `scale` is the device pixel ratio (fonts and
/// margins grow with it, so the chart is as legible on a high-DPI screen).
/// An empty chart shows `empty_text` instead of bare axes.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartData,
    empty_text: &str,
    scale: f64,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    if chart.is_empty() {
        return draw_empty(root, chart, empty_text, scale);
    }
    let entries = legend_entries(chart);
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
    match chart.kind {
        ChartKind::StackedBars | ChartKind::GroupedBars | ChartKind::Lines => {
            draw_vertical(&plot, chart, scale)
        }
        ChartKind::HorizontalBars => draw_horizontal(&plot, chart, scale),
    }?;
    root.present().map_err(err)
}

#[derive(Clone, Copy, PartialEq)]
enum Swatch {
    Block,
    Line,
    Dashed,
}

/// Legend entries: label, colour and mark, in drawing order.
fn legend_entries(chart: &ChartData) -> Vec<(String, RGBColor, Swatch)> {
    if chart.kind == ChartKind::HorizontalBars {
        return Vec::new();
    }
    let primary_mark = if chart.kind == ChartKind::Lines {
        Swatch::Line
    } else {
        Swatch::Block
    };
    let primary = chart.series.iter().filter(|s| !s.secondary);
    let secondary = chart.series.iter().filter(|s| s.secondary);
    let mut entries: Vec<(String, RGBColor, Swatch)> = primary
        .chain(secondary)
        .enumerate()
        .map(|(i, s)| {
            (
                s.label.clone(),
                PALETTE[i % PALETTE.len()],
                if s.secondary {
                    Swatch::Line
                } else {
                    primary_mark
                },
            )
        })
        .collect();
    if let Some((label, value)) = &chart.reference {
        entries.push((
            format!("{label} {}", chart.format(*value)),
            INK,
            Swatch::Dashed,
        ));
    }
    entries
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, RGBColor, Swatch)],
    scale: f64,
) -> DrawResult {
    let row = px(20.0, scale) as i32;
    let top = px(44.0, scale) as i32;
    let x = px(6.0, scale) as i32;
    let size = px(11.0, scale) as i32;
    let style = font(12.0, scale).color(&INK).pos(text_anchor::Pos::new(
        text_anchor::HPos::Left,
        text_anchor::VPos::Center,
    ));
    for (i, (label, color, swatch)) in entries.iter().enumerate() {
        let y = top + i as i32 * row;
        match swatch {
            Swatch::Block => area.draw(&Rectangle::new(
                [(x, y - size / 2), (x + size, y + size / 2)],
                color.filled(),
            )),
            Swatch::Line => area.draw(&PathElement::new(
                vec![(x, y), (x + size + 4, y)],
                color.stroke_width(px(2.0, scale).max(1)),
            )),
            Swatch::Dashed => area
                .draw(&PathElement::new(
                    vec![(x, y), (x + size / 2, y)],
                    color.stroke_width(px(1.5, scale).max(1)),
                ))
                .and_then(|_| {
                    area.draw(&PathElement::new(
                        vec![(x + size / 2 + 3, y), (x + size + 4, y)],
                        color.stroke_width(px(1.5, scale).max(1)),
                    ))
                }),
        }
        .map_err(err)?;
        area.draw(&Text::new(
            label.clone(),
            (x + size + px(8.0, scale) as i32, y),
            style.clone(),
        ))
        .map_err(err)?;
    }
    Ok(())
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

fn font(size: f64, scale: f64) -> FontDesc<'static> {
    (FONT, size * scale).into_font()
}

fn draw_empty<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartData,
    empty_text: &str,
    scale: f64,
) -> DrawResult {
    let (w, h) = root.dim_in_pixel();
    let title = font(16.0, scale).color(&INK).pos(text_anchor::Pos::new(
        text_anchor::HPos::Center,
        text_anchor::VPos::Top,
    ));
    root.draw(&Text::new(
        chart.title.clone(),
        ((w / 2) as i32, px(8.0, scale) as i32),
        title,
    ))
    .map_err(err)?;
    let note = font(14.0, scale).color(&MUTED).pos(text_anchor::Pos::new(
        text_anchor::HPos::Center,
        text_anchor::VPos::Center,
    ));
    root.draw(&Text::new(
        empty_text.to_owned(),
        ((w / 2) as i32, (h / 2) as i32),
        note,
    ))
    .map_err(err)?;
    root.present().map_err(err)
}

/// Room for roughly this many x labels without overlap.
fn label_slots(width: u32, scale: f64) -> usize {
    ((f64::from(width) / (70.0 * scale)) as usize).max(2)
}

fn draw_vertical<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartData,
    scale: f64,
) -> DrawResult {
    let n = chart.categories.len();
    let y_max = nice_max(chart.primary_max());
    let has_secondary = chart.series.iter().any(|s| s.secondary);
    let y2_max = nice_max(chart.secondary_max());
    let x_range = -0.5..(n as f64 - 0.5);
    let (width, _) = root.dim_in_pixel();

    let mut builder = ChartBuilder::on(root);
    builder
        .caption(&chart.title, font(16.0, scale).color(&INK))
        .margin(px(10.0, scale))
        .x_label_area_size(px(44.0, scale))
        .y_label_area_size(px(56.0, scale));
    if has_secondary {
        builder.right_y_label_area_size(px(60.0, scale));
    }
    let mut ctx = builder
        .build_cartesian_2d(x_range.clone(), 0.0..y_max)
        .map_err(err)?
        .set_secondary_coord(x_range, 0.0..y2_max);

    let categories = &chart.categories;
    let shown = n.min(label_slots(width, scale)).max(1);
    // Each shown label gets its share of the plot's width (12 px text: ~12.5 px per em).
    let max_ems = ((f64::from(width) * 0.85 / shown as f64) / (12.5 * scale)).max(2.0);
    let x_label = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < categories.len() {
            fit(&categories[i as usize], max_ems)
        } else {
            String::new()
        }
    };
    let y_label = |y: &f64| chart.format(*y);
    ctx.configure_mesh()
        .disable_x_mesh()
        .light_line_style(RGBColor(236, 239, 242))
        .x_labels(shown)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .x_desc(chart.x_title.as_str())
        .y_desc(chart.y_title.as_str())
        .label_style(font(12.0, scale).color(&MUTED))
        .axis_desc_style(font(12.0, scale).color(&MUTED))
        .draw()
        .map_err(err)?;
    if has_secondary {
        let whole = |y: &f64| format!("{y:.0}");
        ctx.configure_secondary_axes()
            .y_label_formatter(&whole)
            .y_desc(chart.y2_title.clone().unwrap_or_default())
            .label_style(font(12.0, scale).color(&MUTED))
            .axis_desc_style(font(12.0, scale).color(&MUTED))
            .draw()
            .map_err(err)?;
    }

    // Campaign phases behind the data, each named at its top.
    let band_label = font(11.0, scale).color(&MUTED).pos(text_anchor::Pos::new(
        text_anchor::HPos::Left,
        text_anchor::VPos::Top,
    ));
    for (i, band) in chart.bands.iter().enumerate() {
        let shade = BAND_SHADES[i % BAND_SHADES.len()];
        ctx.draw_series(std::iter::once(Rectangle::new(
            [(band.from, 0.0), (band.to, y_max)],
            shade.filled(),
        )))
        .map_err(err)?;
        ctx.draw_series(std::iter::once(Text::new(
            format!(" {}", band.label),
            (band.from, y_max),
            band_label.clone(),
        )))
        .map_err(err)?;
    }

    let primary: Vec<_> = chart.series.iter().filter(|s| !s.secondary).collect();
    let mut base = vec![0.0; n];
    for (index, series) in primary.iter().enumerate() {
        let color = PALETTE[index % PALETTE.len()];
        match chart.kind {
            ChartKind::StackedBars => {
                let bars: Vec<_> = (0..n)
                    .map(|i| {
                        let (x0, x1) = (i as f64 - 0.38, i as f64 + 0.38);
                        let rect = Rectangle::new(
                            [(x0, base[i]), (x1, base[i] + series.values[i])],
                            color.filled(),
                        );
                        base[i] += series.values[i];
                        rect
                    })
                    .collect();
                ctx.draw_series(bars).map_err(err)?;
            }
            ChartKind::GroupedBars => {
                let width = 0.8 / primary.len() as f64;
                let bars = (0..n).map(|i| {
                    let x0 = i as f64 - 0.4 + index as f64 * width;
                    Rectangle::new(
                        [(x0, 0.0), (x0 + width * 0.9, series.values[i])],
                        color.filled(),
                    )
                });
                ctx.draw_series(bars).map_err(err)?;
            }
            _ => {
                let points: Vec<(f64, f64)> = series
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i as f64, *v))
                    .collect();
                let style = color.stroke_width(px(2.0, scale).max(1));
                ctx.draw_series(LineSeries::new(points.clone(), style))
                    .map_err(err)?;
                // Dots only where there is room for them.
                if n <= label_slots(width, scale) * 2 {
                    let radius = px(2.5, scale).max(2);
                    ctx.draw_series(
                        points
                            .into_iter()
                            .map(|p| Circle::new(p, radius, color.filled())),
                    )
                    .map_err(err)?;
                }
            }
        }
    }
    for (offset, series) in chart.series.iter().filter(|s| s.secondary).enumerate() {
        let color = PALETTE[(primary.len() + offset) % PALETTE.len()];
        let points = series
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64, *v));
        ctx.draw_secondary_series(LineSeries::new(
            points,
            color.stroke_width(px(2.0, scale).max(1)),
        ))
        .map_err(err)?;
    }
    if let Some((_, value)) = &chart.reference {
        let value = *value;
        let line = DashedLineSeries::new(
            vec![(-0.5, value), (n as f64 - 0.5, value)],
            px(6.0, scale),
            px(4.0, scale),
            INK.stroke_width(px(1.5, scale).max(1)),
        );
        ctx.draw_series(line).map_err(err)?;
    }
    Ok(())
}

fn draw_horizontal<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartData,
    scale: f64,
) -> DrawResult {
    let n = chart.categories.len();
    let values = chart
        .series
        .first()
        .map(|s| s.values.as_slice())
        .unwrap_or(&[]);
    let x_max = if chart.percent {
        1.0
    } else {
        nice_max(chart.primary_max())
    };
    let label_width = chart
        .categories
        .iter()
        .map(|c| c.chars().map(em_width).sum::<f64>())
        .fold(4.0, f64::max)
        .min(16.0);
    let mut ctx = ChartBuilder::on(root)
        .caption(&chart.title, font(16.0, scale).color(&INK))
        .margin(px(10.0, scale))
        .margin_right(px(70.0, scale))
        .x_label_area_size(px(40.0, scale))
        .y_label_area_size(px(16.0 + label_width * 12.5, scale))
        .build_cartesian_2d(0.0..x_max, -0.5..(n as f64 - 0.5))
        .map_err(err)?;
    // The first category (the highest rate) is drawn at the top.
    let top_down = |y: &f64| {
        let i = y.round();
        if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
            fit(&chart.categories[n - 1 - i as usize], 16.0)
        } else {
            String::new()
        }
    };
    let x_label = |x: &f64| {
        if chart.percent {
            format!("{:.0}%", x * 100.0)
        } else {
            chart.format(*x)
        }
    };
    ctx.configure_mesh()
        .disable_y_mesh()
        .x_labels(6)
        .light_line_style(RGBColor(236, 239, 242))
        .y_labels(n)
        .y_label_formatter(&top_down)
        .x_label_formatter(&x_label)
        .x_desc(chart.y_title.as_str())
        .label_style(font(12.0, scale).color(&MUTED))
        .axis_desc_style(font(12.0, scale).color(&MUTED))
        .draw()
        .map_err(err)?;
    let color = PALETTE[0];
    ctx.draw_series((0..n).map(|i| {
        let y = (n - 1 - i) as f64;
        Rectangle::new([(0.0, y - 0.32), (values[i], y + 0.32)], color.filled())
    }))
    .map_err(err)?;
    let label_style = font(12.0, scale).color(&INK).pos(text_anchor::Pos::new(
        text_anchor::HPos::Left,
        text_anchor::VPos::Center,
    ));
    ctx.draw_series((0..n).map(|i| {
        let text = format!(
            " {} · {}",
            chart.format(values[i]),
            chart.bar_labels.get(i).cloned().unwrap_or_default()
        );
        Text::new(text, (values[i], (n - 1 - i) as f64), label_style.clone())
    }))
    .map_err(err)?;
    Ok(())
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
