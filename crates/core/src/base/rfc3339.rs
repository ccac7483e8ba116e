//! RFC 3339 read as `time` reads it (`OffsetDateTime::parse` with
//! `well_known::Rfc3339`: a test holds the two to the same answers), in a
//! few lines of our own: every record's timestamps are read at the start,
//! and `time`'s generic parser is 4 KB of the page's first download.

use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

/// `YYYY-MM-DD`, any one byte, `hh:mm:ss`, an optional fraction of any
/// length, then `Z` (either case) or `±hh:mm`; a leap second only where
/// one can be (the last second of a month, in UTC), read as the
/// nanosecond before it.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    let mut at = Cursor(text.as_bytes());
    let year = at.digits(4)?;
    at.byte(b'-')?;
    let month = at.digits(2)?;
    at.byte(b'-')?;
    let day = at.digits(2)?;
    at.skip()?;
    let hour = at.digits(2)?;
    at.byte(b':')?;
    let minute = at.digits(2)?;
    at.byte(b':')?;
    let mut second = at.digits(2)?;
    let mut nanosecond = 0;
    if at.byte(b'.').is_some() {
        let mut multiplier = 100_000_000;
        nanosecond = at.digits(1)? * multiplier;
        while let Some(digit) = at.digits(1) {
            multiplier /= 10;
            nanosecond += digit * multiplier;
        }
    }
    let offset = if at.byte(b'Z').or_else(|| at.byte(b'z')).is_some() {
        UtcOffset::UTC
    } else {
        let negative = match at.0.first()? {
            b'-' => true,
            b'+' => false,
            _ => return None,
        };
        at.skip()?;
        let hours = at.digits(2).filter(|h| *h <= 23)? as i8;
        at.byte(b':')?;
        let minutes = at.digits(2)? as i8;
        let sign = if negative { -1 } else { 1 };
        UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()?
    };
    if !at.0.is_empty() {
        return None;
    }
    let leap = second == 60;
    if leap {
        second = 59;
        nanosecond = 999_999_999;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = Date::from_calendar_date(year as i32, month, u8::try_from(day).ok()?).ok()?;
    let time = Time::from_hms_nano(hour as u8, minute as u8, second as u8, nanosecond).ok()?;
    let parsed = OffsetDateTime::new_in_offset(date, time, offset);
    if leap && !last_second_of_a_month(parsed) {
        return None;
    }
    Some(parsed)
}

/// Whether `at` is 23:59:59.999999999 UTC on a month's last day.
fn last_second_of_a_month(at: OffsetDateTime) -> bool {
    at.checked_to_offset(UtcOffset::UTC).is_some_and(|utc| {
        utc.hour() == 23
            && utc.minute() == 59
            && utc.second() == 59
            && utc.nanosecond() == 999_999_999
            && utc.day() == utc.month().length(utc.year())
    })
}

struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    /// Exactly `n` ASCII digits, as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let taken = self.0.get(..n)?;
        if !taken.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.0 = &self.0[n..];
        Some(taken.iter().fold(0, |v, d| v * 10 + u32::from(d - b'0')))
    }

    fn byte(&mut self, wanted: u8) -> Option<()> {
        match self.0.split_first() {
            Some((first, rest)) if *first == wanted => {
                self.0 = rest;
                Some(())
            }
            _ => None,
        }
    }

    fn skip(&mut self) -> Option<()> {
        self.0 = self.0.get(1..)?;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use time::format_description::well_known::Rfc3339;
    use time::OffsetDateTime;

    fn same(text: &str) {
        let theirs = OffsetDateTime::parse(text, &Rfc3339).ok();
        assert_eq!(parse(text), theirs, "{text:?}");
    }

    #[test]
    fn reads_what_time_reads() {
        let texts = [
            "2021-04-20T10:00:00Z",
            "2021-04-20t10:00:00z",
            "2021-04-20 10:00:00Z",
            "2021-04-20X10:00:00Z",
            "2021-04-20T10:00:00.120Z",
            "2021-04-20T10:00:00.1Z",
            "2021-04-20T10:00:00.123456789Z",
            "2021-04-20T10:00:00.1234567891234Z",
            "2021-04-20T10:00:00.Z",
            "2021-04-20T10:00:00+08:00",
            "2021-04-20T10:00:00-08:30",
            "2021-04-20T10:00:00-00:00",
            "2021-04-20T10:00:00+24:00",
            "2021-04-20T10:00:00+23:60",
            "2021-04-20T10:00:00+23:59",
            "2021-04-20T10:00:00+0800",
            "2021-04-20T10:00:00",
            "2021-04-20T24:00:00Z",
            "2021-04-20T23:60:00Z",
            "2016-12-31T23:59:60Z",
            "2016-12-31T23:59:60.5Z",
            "2016-12-30T23:59:60Z",
            "2017-01-01T07:59:60+08:00",
            "2021-02-29T10:00:00Z",
            "2020-02-29T10:00:00Z",
            "2021-13-01T10:00:00Z",
            "2021-00-01T10:00:00Z",
            "2021-04-00T10:00:00Z",
            "2021-04-31T10:00:00Z",
            "0000-01-01T00:00:00Z",
            "0000-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
            "9999-12-31T23:59:60-01:00",
            "2021-04-20T10:00:00Z ",
            " 2021-04-20T10:00:00Z",
            "2021-4-20T10:00:00Z",
            "2021-04-20",
            "2021-04-20T",
            "2021-04-20T10:00Z",
            "2021-04-20T10:00:0Z",
            "2021-04-20T1a:00:00Z",
            "2021-04-20é10:00:00Z",
            "",
            "+2021-04-20T10:00:00Z",
        ];
        for text in texts {
            same(text);
        }
        // Every byte in every place of two valid texts.
        for base in ["2016-12-31T23:59:60.25+08:45", "2021-04-20T10:00:00Z"] {
            for at in 0..base.len() {
                for byte in [
                    b'0', b'1', b'2', b'5', b'6', b'9', b'+', b'-', b':', b'.', b'Z', b'T',
                ] {
                    let mut bytes = base.as_bytes().to_vec();
                    bytes[at] = byte;
                    if let Ok(text) = String::from_utf8(bytes) {
                        same(&text);
                    }
                }
                same(&base[..at]);
            }
        }
    }
}
