//! What tells series apart besides colour, for readers who do not see the
//! colours apart: bars carry a hatch, lines a marker shape, in the legend too.

/// Bars of the n-th series: the first solid, the others hatched in white.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hatch {
    Solid,
    Rising,
    Falling,
    Horizontal,
    Vertical,
    Crossed,
    Grid,
    /// Rising lines three times as far apart.
    Wide,
}

/// One more than the palette's colours: the n-th series differs from every
/// other of the first 56 in colour or in hatch.
pub const HATCHES: [Hatch; 8] = [
    Hatch::Solid,
    Hatch::Rising,
    Hatch::Falling,
    Hatch::Horizontal,
    Hatch::Vertical,
    Hatch::Crossed,
    Hatch::Grid,
    Hatch::Wide,
];

/// Points of the n-th line series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Triangle,
    Square,
    Diamond,
    TriangleDown,
    Plus,
    Bar,
    Wedge,
}

pub const MARKERS: [Marker; 8] = [
    Marker::Circle,
    Marker::Triangle,
    Marker::Square,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Plus,
    Marker::Bar,
    Marker::Wedge,
];

pub fn hatch_of(series: usize) -> Hatch {
    HATCHES[series % HATCHES.len()]
}

pub fn marker_of(series: usize) -> Marker {
    MARKERS[series % MARKERS.len()]
}

type Segment = [(i32, i32); 2];

/// The hatch's lines inside the pixel rectangle `(left, top)`–`(right, bottom)`,
/// `gap` pixels apart, each cut to the rectangle.
pub fn hatch_lines(
    hatch: Hatch,
    (left, top): (i32, i32),
    (right, bottom): (i32, i32),
    gap: i32,
) -> Vec<Segment> {
    let gap = gap.max(2);
    let (x0, x1, y0, y1) = (
        left.min(right),
        left.max(right),
        top.min(bottom),
        top.max(bottom),
    );
    // x + y = c ("/" on a screen, where y grows downwards).
    let rising = |gap: i32| {
        (x0 + y0..=x1 + y1)
            .step_by(gap as usize)
            .filter_map(move |c| {
                let (lo, hi) = ((c - y1).max(x0), (c - y0).min(x1));
                (lo < hi).then_some([(lo, c - lo), (hi, c - hi)])
            })
    };
    // x - y = c ("\").
    let falling = || {
        (x0 - y1..=x1 - y0)
            .step_by(gap as usize)
            .filter_map(move |c| {
                let (lo, hi) = ((c + y0).max(x0), (c + y1).min(x1));
                (lo < hi).then_some([(lo, lo - c), (hi, hi - c)])
            })
    };
    let horizontal = || {
        (y0 + gap / 2..y1)
            .step_by(gap as usize)
            .map(move |y| [(x0, y), (x1, y)])
    };
    let vertical = || {
        (x0 + gap / 2..x1)
            .step_by(gap as usize)
            .map(move |x| [(x, y0), (x, y1)])
    };
    match hatch {
        Hatch::Solid => Vec::new(),
        Hatch::Rising => rising(gap).collect(),
        Hatch::Falling => falling().collect(),
        Hatch::Horizontal => horizontal().collect(),
        Hatch::Vertical => vertical().collect(),
        Hatch::Crossed => rising(gap).chain(falling()).collect(),
        Hatch::Grid => horizontal().chain(vertical()).collect(),
        Hatch::Wide => rising(gap * 3).collect(),
    }
}

/// The cosine and sine of each twelfth of a turn, as `f64::cos` and `sin`
/// give them (a test checks): a table, so the page links no sine and cosine
/// (their argument reduction alone is 5 KB of wasm) for the 12 points of a
/// round marker.
const TWELFTHS: [(f64, f64); 12] = [
    (1.0, 0.0),
    (0.8660254037844387, 0.49999999999999994),
    (0.5000000000000001, 0.8660254037844386),
    (6.123233995736766e-17, 1.0),
    (-0.4999999999999998, 0.8660254037844387),
    (-0.8660254037844387, 0.49999999999999994),
    (-1.0, 1.2246467991473532e-16),
    (-0.8660254037844388, -0.4999999999999997),
    (-0.5000000000000004, -0.8660254037844384),
    (-1.8369701987210297e-16, -1.0),
    (0.5000000000000001, -0.8660254037844386),
    (0.8660254037844384, -0.5000000000000004),
];

/// The outline of a marker of radius `r` pixels around (0, 0), to fill.
pub fn marker_outline(marker: Marker, r: i32) -> Vec<(i32, i32)> {
    let r = r.max(2);
    let t = (r / 3).max(1);
    match marker {
        Marker::Circle => TWELFTHS
            .iter()
            .map(|(cos, sin)| {
                (
                    (f64::from(r) * cos).round() as i32,
                    (f64::from(r) * sin).round() as i32,
                )
            })
            .collect(),
        Marker::Triangle => vec![(0, -r - 1), (r + 1, r), (-r - 1, r)],
        Marker::TriangleDown => vec![(0, r + 1), (r + 1, -r), (-r - 1, -r)],
        Marker::Square => vec![(-r, -r), (r, -r), (r, r), (-r, r)],
        Marker::Diamond => vec![(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)],
        Marker::Plus => vec![
            (-t, -r - 1),
            (t, -r - 1),
            (t, -t),
            (r + 1, -t),
            (r + 1, t),
            (t, t),
            (t, r + 1),
            (-t, r + 1),
            (-t, t),
            (-r - 1, t),
            (-r - 1, -t),
            (-t, -t),
        ],
        Marker::Bar => vec![(-r - 1, -t), (r + 1, -t), (r + 1, t), (-r - 1, t)],
        Marker::Wedge => vec![(r + 1, 0), (-r, -r - 1), (-r, r + 1)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_twelfths_are_what_sine_and_cosine_give() {
        for (i, (cos, sin)) in TWELFTHS.iter().enumerate() {
            let a = i as f64 * std::f64::consts::PI / 6.0;
            assert_eq!((*cos, *sin), (a.cos(), a.sin()), "{i}");
        }
    }

    #[test]
    fn every_hatch_line_stays_inside_its_bar_and_the_patterns_differ() {
        let (tl, br) = ((10, 20), (40, 100));
        let mut seen = Vec::new();
        for hatch in HATCHES {
            let lines = hatch_lines(hatch, tl, br, 6);
            for [(ax, ay), (bx, by)] in &lines {
                for (x, y) in [(ax, ay), (bx, by)] {
                    assert!(
                        (10..=40).contains(x) && (20..=100).contains(y),
                        "{hatch:?} leaves the bar"
                    );
                }
            }
            if hatch != Hatch::Solid {
                assert!(lines.len() >= 4, "{hatch:?} shows");
            }
            assert!(!seen.contains(&lines), "{hatch:?} looks like another");
            seen.push(lines);
        }
        // A bar too thin for a line gets none rather than a stray one.
        assert!(hatch_lines(Hatch::Vertical, (0, 0), (1, 50), 6).is_empty());
    }

    #[test]
    fn every_marker_has_its_own_outline_of_about_its_size() {
        let outlines: Vec<_> = MARKERS.iter().map(|m| marker_outline(*m, 4)).collect();
        for (i, outline) in outlines.iter().enumerate() {
            assert!(outline.len() >= 3);
            assert!(outline.iter().all(|(x, y)| x.abs() <= 5 && y.abs() <= 5));
            assert!(
                !outlines[..i].contains(outline),
                "{:?} looks like another",
                MARKERS[i]
            );
        }
    }
}
