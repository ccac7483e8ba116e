//! Series told apart: colours that stay apart for colour-blind readers and
//! against white, and hatches and markers besides colour.

use crate::support::{render, sample_charts};
use taizhang_catalogue::chart_label;
use taizhang_charts as charts;
use taizhang_core::figures::charts as chart_data;
use taizhang_core::Lang;

/// Colour vision deficiency simulated with the matrices of Machado, Oliveira
/// and Fernandes (2009, severity 1.0) on linear RGB, then compared in CIELAB.
mod colour_vision {
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const TRITANOPIA: [[f64; 3]; 3] = [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ];
    const TYPICAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    pub const VISIONS: [(&str, [[f64; 3]; 3]); 4] = [
        ("typical", TYPICAL),
        ("protanopia", PROTANOPIA),
        ("deuteranopia", DEUTERANOPIA),
        ("tritanopia", TRITANOPIA),
    ];

    fn linear(channel: u8) -> f64 {
        let c = f64::from(channel) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    /// WCAG relative luminance.
    pub fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// The colour as seen with `vision`, in CIELAB (D65).
    pub fn seen((r, g, b): (u8, u8, u8), vision: [[f64; 3]; 3]) -> [f64; 3] {
        let v = [linear(r), linear(g), linear(b)];
        let s: Vec<f64> = vision
            .iter()
            .map(|row| (row[0] * v[0] + row[1] * v[1] + row[2] * v[2]).clamp(0.0, 1.0))
            .collect();
        let x = (0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2]) / 0.95047;
        let y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
        let z = (0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2]) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }
}

#[test]
fn series_colours_stay_apart_for_colour_blind_readers_and_against_white() {
    use colour_vision::{luminance, seen, VISIONS};
    let palette: Vec<(u8, u8, u8)> = charts::PALETTE.iter().map(|c| (c.0, c.1, c.2)).collect();
    for colour in &palette {
        let contrast = 1.05 / (luminance(*colour) + 0.05);
        assert!(
            contrast >= 3.0,
            "{colour:?} is {contrast:.2}:1 against white"
        );
    }
    for (name, vision) in VISIONS {
        for (i, a) in palette.iter().enumerate() {
            for b in &palette[i + 1..] {
                let (a_seen, b_seen) = (seen(*a, vision), seen(*b, vision));
                let distance = (0..3)
                    .map(|k| (a_seen[k] - b_seen[k]).powi(2))
                    .sum::<f64>()
                    .sqrt();
                // ΔE*ab of 15: plainly two colours side by side in a legend.
                assert!(
                    distance >= 15.0,
                    "{a:?} and {b:?} look alike with {name} (ΔE {distance:.1})"
                );
            }
        }
    }
}

#[test]
fn series_are_told_apart_by_hatch_and_marker_not_colour_alone() {
    let (_, _, charts_shown) = sample_charts();
    let stacked = charts_shown
        .iter()
        .find(|c| c.kind == chart_data::ChartKind::StackedBars && c.series.len() >= 2)
        .expect("a stacked chart of several series");
    // White hatch lines sit over every bar but the first series' (and in the legend).
    let svg = render(stacked);
    let white_lines = svg
        .to_lowercase()
        .split('<')
        .filter(|e| e.starts_with("polyline") && e.contains("stroke=\"#ffffff\""))
        .count();
    assert!(
        white_lines >= 10,
        "{}: {white_lines} hatch lines",
        stacked.name
    );
    // Each line series has a marker shape of its own: a polygon filled in its colour.
    let lines = charts_shown
        .iter()
        .find(|c| {
            c.series
                .iter()
                .filter(|s| s.secondary || c.kind == chart_data::ChartKind::Lines)
                .count()
                >= 1
        })
        .expect("a chart with a line");
    let svg = render(lines);
    let ordered = lines
        .series
        .iter()
        .filter(|s| !s.secondary)
        .chain(lines.series.iter().filter(|s| s.secondary));
    for (i, series) in ordered.enumerate() {
        if !(series.secondary || lines.kind == chart_data::ChartKind::Lines) {
            continue;
        }
        let colour = charts::PALETTE[i % charts::PALETTE.len()];
        let hex = format!("fill=\"#{:02x}{:02x}{:02x}\"", colour.0, colour.1, colour.2);
        let markers = svg
            .to_lowercase()
            .split('<')
            .filter(|e| e.starts_with("polygon") && e.contains(&hex))
            .count();
        assert!(
            markers >= 2,
            "{}: {} has {markers} markers",
            lines.name,
            chart_label(&series.label, Lang::Zh)
        );
    }
}

#[test]
fn no_two_of_the_first_fifty_six_series_share_both_colour_and_pattern() {
    use charts::marks::{hatch_of, marker_of};
    let looks = |i: usize| {
        (
            charts::PALETTE[i % charts::PALETTE.len()],
            hatch_of(i),
            marker_of(i),
        )
    };
    for i in 0..56 {
        for j in 0..i {
            let (a, b) = (looks(i), looks(j));
            assert!(
                a.0 != b.0 || a.1 != b.1,
                "series {j} and {i} bars look alike"
            );
            assert!(
                a.0 != b.0 || a.2 != b.2,
                "series {j} and {i} lines look alike"
            );
        }
    }
}
