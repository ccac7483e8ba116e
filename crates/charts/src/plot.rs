//! The plotting area: bars and lines against one or two value axes, or horizontal bars.

use super::axis::Axis;
use super::marks::{hatch_lines, hatch_of, marker_of, marker_outline, Hatch};
use super::{
    em_width, err, fit, font, nice_max, px, DrawResult, Drawing, BAND_SHADES, INK, MUTED, PALETTE,
};
use plotters::chart::DualCoordChartContext;
use plotters::coord::Shift;
use plotters::element::{EmptyElement, PathElement, Polygon};
use plotters::prelude::*;
use plotters::style::text_anchor;
use taizhang_catalogue::chart_label;
use taizhang_core::base::decimal::fixed;
use taizhang_core::figures::charts::{ChartData, ChartKind};
use taizhang_core::Lang;

/// Room for roughly this many x labels without overlap.
fn label_slots(width: u32, scale: f64) -> usize {
    ((f64::from(width) / (70.0 * scale)) as usize).max(2)
}

pub(super) fn draw_vertical<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    drawing: &Drawing,
) -> DrawResult {
    let Drawing { chart, lang, scale } = *drawing;
    let n = chart.categories.len();
    let y_max = nice_max(chart.primary_max());
    let has_secondary = chart.series.iter().any(|s| s.secondary);
    let y2_max = nice_max(chart.secondary_max());
    let x_range = -0.5..(n as f64 - 0.5);
    let (width, _) = root.dim_in_pixel();

    let mut builder = ChartBuilder::on(root);
    builder
        .caption(
            chart_label(&chart.title, lang),
            font(16.0, scale).color(&INK),
        )
        .margin(px(10.0, scale))
        .x_label_area_size(px(44.0, scale))
        .y_label_area_size(px(56.0, scale));
    if has_secondary {
        builder.right_y_label_area_size(px(60.0, scale));
    }
    let mut ctx = builder
        .build_cartesian_2d(Axis::from(x_range.clone()), Axis::from(0.0..y_max))
        .map_err(err)?
        .set_secondary_coord(Axis::from(x_range), Axis::from(0.0..y2_max));

    let categories = &chart.categories;
    let shown = n.min(label_slots(width, scale)).max(1);
    // Each shown label gets its share of the plot's width (12 px text: ~12.5 px per em).
    let max_ems = ((f64::from(width) * 0.85 / shown as f64) / (12.5 * scale)).max(2.0);
    let x_label = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < categories.len() {
            fit(&chart_label(&categories[i as usize], lang), max_ems)
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
        .x_desc(chart_label(&chart.x_title, lang))
        .y_desc(chart_label(&chart.y_title, lang))
        .label_style(font(12.0, scale).color(&MUTED))
        .axis_desc_style(font(12.0, scale).color(&MUTED))
        .draw()
        .map_err(err)?;
    if has_secondary {
        let whole = |y: &f64| fixed(*y, 0);
        ctx.configure_secondary_axes()
            .y_label_formatter(&whole)
            .y_desc(
                chart
                    .y2_title
                    .as_ref()
                    .map(|t| chart_label(t, lang))
                    .unwrap_or_default(),
            )
            .label_style(font(12.0, scale).color(&MUTED))
            .axis_desc_style(font(12.0, scale).color(&MUTED))
            .draw()
            .map_err(err)?;
    }

    draw_bands(&mut ctx, chart, lang, y_max, scale)?;
    draw_primary(&mut ctx, chart, width, scale)?;
    draw_secondary(&mut ctx, chart, width, scale)
}

/// The plotting area of a vertical chart: x by category, a left and a right value axis.
type Plot<'a, DB> = DualCoordChartContext<'a, DB, Cartesian2d<Axis, Axis>, Cartesian2d<Axis, Axis>>;

/// Campaign phases behind the data, each named at its top.
fn draw_bands<DB: DrawingBackend>(
    ctx: &mut Plot<'_, DB>,
    chart: &ChartData,
    lang: Lang,
    y_max: f64,
    scale: f64,
) -> DrawResult {
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
            format!(" {}", chart_label(&band.label, lang)),
            (band.from, y_max),
            band_label.clone(),
        )))
        .map_err(err)?;
    }

    Ok(())
}

/// The series on the left axis: stacked or grouped bars, or lines.
fn draw_primary<DB: DrawingBackend>(
    ctx: &mut Plot<'_, DB>,
    chart: &ChartData,
    width: u32,
    scale: f64,
) -> DrawResult {
    let n = chart.categories.len();
    let primary: Vec<_> = chart.series.iter().filter(|s| !s.secondary).collect();
    let mut base = vec![0.0; n];
    for (index, series) in primary.iter().enumerate() {
        let color = PALETTE[index % PALETTE.len()];
        match chart.kind {
            ChartKind::StackedBars => {
                let bars: Vec<_> = (0..n)
                    .map(|i| {
                        let (x0, x1) = (i as f64 - 0.38, i as f64 + 0.38);
                        let bar = [(x0, base[i]), (x1, base[i] + series.values[i])];
                        base[i] += series.values[i];
                        bar
                    })
                    .collect();
                draw_bars(ctx, &bars, index, scale)?;
            }
            ChartKind::GroupedBars => {
                let width = 0.8 / primary.len() as f64;
                let bars: Vec<_> = (0..n)
                    .map(|i| {
                        let x0 = i as f64 - 0.4 + index as f64 * width;
                        [(x0, 0.0), (x0 + width * 0.9, series.values[i])]
                    })
                    .collect();
                draw_bars(ctx, &bars, index, scale)?;
            }
            _ => {
                let points = points_of(&series.values);
                ctx.draw_series(LineSeries::new(points.clone(), line_style(color, scale)))
                    .map_err(err)?;
                draw_markers(ctx, &points, index, false, (width, scale))?;
            }
        }
    }
    Ok(())
}

/// The n-th series' bars: its colour, and its hatch in white over it.
fn draw_bars<DB: DrawingBackend>(
    ctx: &mut Plot<'_, DB>,
    bars: &[[(f64, f64); 2]],
    series: usize,
    scale: f64,
) -> DrawResult {
    let color = PALETTE[series % PALETTE.len()];
    ctx.draw_series(bars.iter().map(|bar| Rectangle::new(*bar, color.filled())))
        .map_err(err)?;
    let hatch = hatch_of(series);
    if hatch == Hatch::Solid {
        return Ok(());
    }
    let style = WHITE.stroke_width(px(1.5, scale).max(1));
    let gap = px(6.0, scale) as i32;
    // Each line in pixels from its bar's top-left corner.
    let hatches: Vec<_> = bars
        .iter()
        .flat_map(|[a, b]| {
            let (pa, pb) = (ctx.backend_coord(a), ctx.backend_coord(b));
            let size = ((pa.0 - pb.0).abs(), (pa.1 - pb.1).abs());
            let top_left = (a.0.min(b.0), a.1.max(b.1));
            hatch_lines(hatch, (0, 0), size, gap)
                .into_iter()
                .map(move |line| EmptyElement::at(top_left) + PathElement::new(line, style))
        })
        .collect();
    ctx.draw_series(hatches).map_err(err)?;
    Ok(())
}

/// The n-th line's marker on its points; where the points are too many for
/// room, on every k-th of them, so a line is always told by its shape.
fn draw_markers<DB: DrawingBackend>(
    ctx: &mut Plot<'_, DB>,
    points: &[(f64, f64)],
    series: usize,
    on_right_axis: bool,
    (width, scale): (u32, f64),
) -> DrawResult {
    let color = PALETTE[series % PALETTE.len()];
    let room = label_slots(width, scale) * 2;
    let every = points.len().div_ceil(room).max(1);
    let outline = marker_outline(marker_of(series), px(3.0, scale).max(2) as i32);
    let markers = points
        .iter()
        .step_by(every)
        .map(|p| EmptyElement::at(*p) + Polygon::new(outline.clone(), color.filled()));
    if on_right_axis {
        ctx.draw_secondary_series(markers).map_err(err)?;
    } else {
        ctx.draw_series(markers).map_err(err)?;
    }
    Ok(())
}

/// A series' line: its palette colour, 2 CSS pixels wide.
fn line_style(color: RGBColor, scale: f64) -> ShapeStyle {
    color.stroke_width(px(2.0, scale).max(1))
}

/// The series on the right axis (lines, coloured after the primary ones), and
/// the reference line.
fn draw_secondary<DB: DrawingBackend>(
    ctx: &mut Plot<'_, DB>,
    chart: &ChartData,
    width: u32,
    scale: f64,
) -> DrawResult {
    let primary = chart.series.iter().filter(|s| !s.secondary).count();
    let secondary = chart.series.iter().filter(|s| s.secondary);
    for (index, series) in (primary..).zip(secondary) {
        let color = PALETTE[index % PALETTE.len()];
        let points = points_of(&series.values);
        let line = LineSeries::new(points.clone(), line_style(color, scale));
        ctx.draw_secondary_series(line).map_err(err)?;
        draw_markers(ctx, &points, index, true, (width, scale))?;
    }
    let n = chart.categories.len();
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

pub(super) fn draw_horizontal<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    drawing: &Drawing,
) -> DrawResult {
    let Drawing { chart, lang, scale } = *drawing;
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
        .map(|c| chart_label(c, lang).chars().map(em_width).sum::<f64>())
        .fold(4.0, f64::max)
        .min(16.0);
    let mut ctx = ChartBuilder::on(root)
        .caption(
            chart_label(&chart.title, lang),
            font(16.0, scale).color(&INK),
        )
        .margin(px(10.0, scale))
        .margin_right(px(70.0, scale))
        .x_label_area_size(px(40.0, scale))
        .y_label_area_size(px(16.0 + label_width * 12.5, scale))
        .build_cartesian_2d(Axis::from(0.0..x_max), Axis::from(-0.5..(n as f64 - 0.5)))
        .map_err(err)?;
    // The first category (the highest rate) is drawn at the top.
    let top_down = |y: &f64| {
        let i = y.round();
        if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
            fit(
                &chart_label(&chart.categories[n - 1 - i as usize], lang),
                16.0,
            )
        } else {
            String::new()
        }
    };
    let x_label = |x: &f64| {
        if chart.percent {
            format!("{}%", fixed(x * 100.0, 0))
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
        .x_desc(chart_label(&chart.y_title, lang))
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

/// A line's points: each value at its category's position.
fn points_of(values: &[f64]) -> Vec<(f64, f64)> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64, *v))
        .collect()
}
