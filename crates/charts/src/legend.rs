//! The legend: one entry per series (and the reference line), in its own column.

use super::marks::{hatch_lines, hatch_of, marker_of, marker_outline, Hatch, Marker};
use super::{err, font, px, DrawResult, INK, PALETTE};
use plotters::coord::Shift;
use plotters::element::{EmptyElement, Polygon};
use plotters::prelude::*;
use plotters::style::text_anchor;
use taizhang_catalogue::chart_label;
use taizhang_core::figures::charts::{ChartData, ChartKind};
use taizhang_core::Lang;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Swatch {
    Block(Hatch),
    Line(Marker),
    Dashed,
}

/// Legend entries: label, colour and mark, in drawing order.
pub(super) fn legend_entries(chart: &ChartData, lang: Lang) -> Vec<(String, RGBColor, Swatch)> {
    if chart.kind == ChartKind::HorizontalBars {
        return Vec::new();
    }
    let lines = chart.kind == ChartKind::Lines;
    let primary = chart.series.iter().filter(|s| !s.secondary);
    let secondary = chart.series.iter().filter(|s| s.secondary);
    let mut entries: Vec<(String, RGBColor, Swatch)> = primary
        .chain(secondary)
        .enumerate()
        .map(|(i, s)| {
            (
                chart_label(&s.label, lang),
                PALETTE[i % PALETTE.len()],
                if s.secondary || lines {
                    Swatch::Line(marker_of(i))
                } else {
                    Swatch::Block(hatch_of(i))
                },
            )
        })
        .collect();
    if let Some((label, value)) = &chart.reference {
        entries.push((
            format!("{} {}", chart_label(label, lang), chart.format(*value)),
            INK,
            Swatch::Dashed,
        ));
    }
    entries
}

pub(super) fn draw_legend<DB: DrawingBackend>(
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
            Swatch::Block(hatch) => {
                let (top_left, bottom_right) = ((x, y - size / 2), (x + size, y + size / 2));
                let white = WHITE.stroke_width(px(1.0, scale).max(1));
                area.draw(&Rectangle::new([top_left, bottom_right], color.filled()))
                    .and_then(|_| {
                        let gap = px(4.0, scale) as i32;
                        hatch_lines(*hatch, top_left, bottom_right, gap)
                            .into_iter()
                            .try_for_each(|line| area.draw(&PathElement::new(line, white)))
                    })
            }
            Swatch::Line(marker) => area
                .draw(&PathElement::new(
                    vec![(x, y), (x + size + 4, y)],
                    color.stroke_width(px(2.0, scale).max(1)),
                ))
                .and_then(|_| {
                    let centre = (x + (size + 4) / 2, y);
                    let outline = marker_outline(*marker, px(3.0, scale).max(2) as i32);
                    area.draw(&(EmptyElement::at(centre) + Polygon::new(outline, color.filled())))
                }),
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
