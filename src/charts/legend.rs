//! The legend: one entry per series (and the reference line), in its own column.

use super::{err, font, px, DrawResult, INK, PALETTE};
use crate::domain::charts::{ChartData, ChartKind};
use crate::domain::Lang;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Swatch {
    Block,
    Line,
    Dashed,
}

/// Legend entries: label, colour and mark, in drawing order.
pub(super) fn legend_entries(chart: &ChartData, lang: Lang) -> Vec<(String, RGBColor, Swatch)> {
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
                s.label.get(lang).to_owned(),
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
            format!("{} {}", label.get(lang), chart.format(*value)),
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
