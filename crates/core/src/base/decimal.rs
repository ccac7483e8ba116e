//! Numbers written with a fixed count of decimals, as `format!("{v:.2}")`
//! writes them, without core's float formatting: the page's first screen
//! writes every figure through here, so the grisu and dragon code of `f64`'s
//! `Display` (10 KB of wasm) stays out of its first download.
//!
//! Exact: the value's binary fraction times 10^decimals, rounded half to
//! even as Rust rounds, in a small big integer.

/// `value` with `decimals` digits after the point, the same text as
/// `format!("{value:.decimals$}")`.
pub fn fixed(value: f64, decimals: usize) -> String {
    let sign = if value.is_sign_negative() && !value.is_nan() {
        "-"
    } else {
        ""
    };
    if value.is_nan() {
        return "NaN".into();
    }
    if value.is_infinite() {
        return format!("{sign}inf");
    }
    let bits = value.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // |value| = mantissa · 2^power
    let (mantissa, power) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), exponent - 1075)
    };
    let mut n = Big::from(mantissa);
    for _ in 0..decimals {
        n.mul_small(10);
    }
    if power >= 0 {
        n.shl(power as u32);
    } else {
        n.shr_round_even(power.unsigned_abs());
    }
    let digits = n.decimal();
    let mut text = String::with_capacity(digits.len() + 3);
    text.push_str(sign);
    if decimals == 0 {
        text.push_str(&digits);
        return text;
    }
    let padded = format!(
        "{}{digits}",
        "0".repeat((decimals + 1).saturating_sub(digits.len()))
    );
    let (whole, part) = padded.split_at(padded.len() - decimals);
    text.push_str(whole);
    text.push('.');
    text.push_str(part);
    text
}

/// `value` with at most `decimals` digits after the point, trailing zeros
/// (and a bare point) left out: 12, 12.5, 0.25.
pub fn plain(value: f64, decimals: usize) -> String {
    let text = fixed(value, decimals);
    if !text.contains('.') {
        return text;
    }
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A non-negative integer, its 32-bit limbs least significant first.
struct Big(Vec<u32>);

impl Big {
    fn from(value: u64) -> Big {
        Big(vec![value as u32, (value >> 32) as u32])
    }

    fn mul_small(&mut self, by: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(by) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn bit(&self, at: u32) -> bool {
        self.0
            .get((at / 32) as usize)
            .is_some_and(|limb| limb >> (at % 32) & 1 == 1)
    }

    /// Whether any bit below `at` is set.
    fn any_below(&self, at: u32) -> bool {
        (0..at).any(|i| self.bit(i))
    }

    fn shl(&mut self, by: u32) {
        let (limbs, bits) = ((by / 32) as usize, by % 32);
        let mut shifted = vec![0u32; limbs];
        let mut carry = 0u32;
        for &limb in &self.0 {
            shifted.push(if bits == 0 {
                limb
            } else {
                (limb << bits) | carry
            });
            carry = if bits == 0 { 0 } else { limb >> (32 - bits) };
        }
        shifted.push(carry);
        self.0 = shifted;
    }

    /// Divides by 2^by, rounding half to even.
    fn shr_round_even(&mut self, by: u32) {
        let half = by > 0 && self.bit(by - 1);
        let rest = by > 1 && self.any_below(by - 1);
        let (limbs, bits) = ((by / 32) as usize, by % 32);
        let kept: Vec<u32> = (limbs..self.0.len())
            .map(|i| {
                let low = self.0[i] >> bits;
                let high = match (bits, self.0.get(i + 1)) {
                    (0, _) | (_, None) => 0,
                    (_, Some(next)) => next << (32 - bits),
                };
                low | high
            })
            .collect();
        self.0 = kept;
        if half && (rest || self.bit(0)) {
            self.add_one();
        }
    }

    fn add_one(&mut self) {
        for limb in &mut self.0 {
            let (sum, over) = limb.overflowing_add(1);
            *limb = sum;
            if !over {
                return;
            }
        }
        self.0.push(1);
    }

    /// Its decimal digits (at least one).
    fn decimal(mut self) -> String {
        let mut groups = Vec::new();
        while self.0.iter().any(|&l| l != 0) {
            let mut rest = 0u64;
            for limb in self.0.iter_mut().rev() {
                let current = (rest << 32) | u64::from(*limb);
                *limb = (current / 1_000_000_000) as u32;
                rest = current % 1_000_000_000;
            }
            groups.push(rest as u32);
        }
        let Some((last, lower)) = groups.split_last() else {
            return "0".into();
        };
        let mut text = digits(*last, false);
        for group in lower.iter().rev() {
            text.push_str(&digits(*group, true));
        }
        text
    }
}

/// A group of at most nine digits (zero-padded to nine when `full`).
fn digits(mut group: u32, full: bool) -> String {
    let mut out = [b'0'; 9];
    let mut at = 9;
    while group > 0 || (at == 9) {
        at -= 1;
        out[at] = b'0' + (group % 10) as u8;
        group /= 10;
    }
    let from = if full { 0 } else { at };
    out[from..].iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::{fixed, plain};

    #[test]
    fn writes_what_rust_writes() {
        let values = [
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            0.125,
            0.375,
            1.125,
            2.675,
            -0.001,
            0.005,
            1e22,
            1e23,
            123456789.125,
            0.1,
            0.2,
            0.3,
            1.0 / 3.0,
            2.0 / 3.0,
            99.995,
            99.994999,
            1e-300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            4503599627370497.5,
            9007199254740993.0,
            0.285,
            1.005,
            12.0,
            1234567.0,
            0.999,
            0.9999,
            7.0 / 9.0,
        ];
        for v in values {
            for d in 0..6 {
                assert_eq!(fixed(v, d), format!("{v:.d$}"), "{v:e} to {d}");
            }
        }
        // A spread of values, integral and not, large and small.
        let mut x = 0.000_123_456_789f64;
        while x < 1e25 {
            for v in [x, -x, x.floor(), x + 0.5, x * 0.1] {
                for d in [0, 1, 2, 3, 17] {
                    assert_eq!(fixed(v, d), format!("{v:.d$}"), "{v:e} to {d}");
                }
            }
            x *= 1.737;
        }
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(fixed(v, 2), format!("{v:.2}"));
        }
    }

    #[test]
    fn plain_leaves_out_trailing_zeros() {
        assert_eq!(plain(12.0, 4), "12");
        assert_eq!(plain(16.25, 4), "16.25");
        assert_eq!(plain(0.1 + 0.2, 4), "0.3");
        assert_eq!(plain(120.0, 0), "120");
    }
}
