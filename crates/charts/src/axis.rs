//! A value axis: plotters' own `f64` axis, but with no label formatting of
//! its own. Every chart names its labels' formatter; plotters' default one
//! (`f64`'s `Display`, whose float formatting would be in the page's first
//! download for labels it never writes) is not linked.

use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use std::ops::Range;
use taizhang_core::base::decimal::plain;

#[derive(Clone)]
pub struct Axis(RangedCoordf64);

impl From<Range<f64>> for Axis {
    fn from(range: Range<f64>) -> Axis {
        Axis(range.into())
    }
}

impl Ranged for Axis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.0.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        self.0.key_points(hint)
    }

    fn range(&self) -> Range<f64> {
        self.0.range()
    }

    fn axis_pixel_range(&self, limit: (i32, i32)) -> Range<i32> {
        self.0.axis_pixel_range(limit)
    }
}

/// Not used by the charts, which name their labels' formatter; a label
/// without one would read as plain digits.
impl ValueFormatter<f64> for Axis {
    fn format(value: &f64) -> String {
        plain(*value, 6)
    }
}
