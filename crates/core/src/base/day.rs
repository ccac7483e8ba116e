//! Calendar dates (`YYYY-MM-DD` in files) and RFC 3339 UTC timestamps.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::{Date, OffsetDateTime};

/// A calendar day. Written as `YYYY-MM-DD` in JSON, as a day number in the
/// compact storage encoding (which is not human-readable).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub Date);

impl Day {
    /// Parses exactly `YYYY-MM-DD` with a four-digit year. By hand: every
    /// record has dates, and the general parser was a tenth of reading a file.
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| {
            bytes[range].iter().try_fold(0u32, |n, b| {
                b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
            })
        };
        let year = i32::try_from(number(0..4)?).ok()?;
        let month = u8::try_from(number(5..7)?).ok()?;
        let day = u8::try_from(number(8..10)?).ok()?;
        Day::from_ymd(year, month, day)
    }

    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Day> {
        let month = time::Month::try_from(month).ok()?;
        Date::from_calendar_date(year, month, day).ok().map(Day)
    }

    pub fn julian(self) -> i32 {
        self.0.to_julian_day()
    }

    pub fn from_julian(julian: i32) -> Option<Day> {
        Date::from_julian_day(julian).ok().map(Day)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Day) -> i64 {
        i64::from(later.julian() - self.julian())
    }

    pub fn add_days(self, days: i32) -> Day {
        Day::from_julian(self.julian().saturating_add(days)).unwrap_or(self)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    pub fn day_of_month(self) -> u8 {
        self.0.day()
    }

    /// As Chinese documents write it: `2021年3月15日`.
    pub fn chinese(self) -> String {
        format!(
            "{}年{}月{}日",
            self.year(),
            self.month(),
            self.day_of_month()
        )
    }

    /// The date as 8 digits, for file names: `20210420`.
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.0.year(), self.month(), self.0.day())
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.month(),
            self.0.day()
        )
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_i32(self.julian())
        }
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Day, D::Error> {
        if deserializer.is_human_readable() {
            let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
            Day::parse(&text)
                .ok_or_else(|| de::Error::custom(format!("not a YYYY-MM-DD date: {text:?}")))
        } else {
            let julian = i32::deserialize(deserializer)?;
            Day::from_julian(julian).ok_or_else(|| de::Error::custom("day number out of range"))
        }
    }
}

/// An RFC 3339 timestamp in UTC, kept as written so that a file read and
/// written again is byte-for-byte the same.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    pub fn parse(text: &str) -> Option<Timestamp> {
        Self::is_utc(text).then(|| Timestamp(text.to_owned()))
    }

    fn is_utc(text: &str) -> bool {
        super::rfc3339::parse(text).is_some_and(|parsed| parsed.offset().is_utc())
    }

    /// A timestamp from milliseconds since the Unix epoch (what a clock gives).
    pub fn from_unix_millis(millis: i64) -> Timestamp {
        let nanos = i128::from(millis) * 1_000_000;
        let instant = OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
            .replace_nanosecond(0)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let text = instant
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned());
        Timestamp(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The UTC calendar day of this instant.
    pub fn day(&self) -> Option<Day> {
        super::rfc3339::parse(&self.0).map(|t| Day(t.date()))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(deserializer)?;
        // The string read is kept, not copied: every stored record has one.
        if Self::is_utc(&text) {
            Ok(Timestamp(text))
        } else {
            Err(de::Error::custom(format!(
                "not an RFC 3339 UTC timestamp: {text:?}"
            )))
        }
    }
}

/// An RFC 3339 instant with any offset and any fraction, kept as written:
/// two are compared by the moment they name, not by their text.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Instant(String);

impl Instant {
    pub fn parse(text: &str) -> Option<Instant> {
        parse_any_offset(text).map(|_| Instant(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The instant `millis` after the Unix epoch, in UTC with milliseconds
    /// (an approval and a sending back given in the same second stay apart).
    pub fn from_unix_millis(millis: i64) -> Instant {
        let nanos = i128::from(millis) * 1_000_000;
        let at =
            OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let whole = Timestamp::from_unix_millis(millis);
        let text = whole.as_str().trim_end_matches('Z');
        Instant(format!("{text}.{:03}Z", at.millisecond()))
    }

    /// Nanoseconds since the Unix epoch.
    pub fn nanos(&self) -> i128 {
        parse_any_offset(&self.0).map_or(0, |t| t.unix_timestamp_nanos())
    }

    /// Whether this instant lies more than `hours` after `now`.
    pub fn is_after(&self, now: &Timestamp, hours: i64) -> bool {
        let now = parse_any_offset(now.as_str()).map_or(0, |t| t.unix_timestamp_nanos());
        self.nanos() > now + i128::from(hours) * 3_600_000_000_000
    }
}

fn parse_any_offset(text: &str) -> Option<OffsetDateTime> {
    super::rfc3339::parse(text)
}

impl From<Timestamp> for Instant {
    fn from(at: Timestamp) -> Instant {
        Instant(at.0)
    }
}

impl PartialEq for Instant {
    fn eq(&self, other: &Instant) -> bool {
        self.nanos() == other.nanos()
    }
}

impl Eq for Instant {}

impl PartialOrd for Instant {
    fn partial_cmp(&self, other: &Instant) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Instant {
    fn cmp(&self, other: &Instant) -> std::cmp::Ordering {
        self.nanos().cmp(&other.nanos())
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Instant, D::Error> {
        let text = String::deserialize(deserializer)?;
        Instant::parse(&text)
            .ok_or_else(|| de::Error::custom(format!("not an RFC 3339 instant: {text:?}")))
    }
}

/// A string in the schema, with its format, pattern and description.
macro_rules! string_schema {
    ($type:ty, $name:literal, $format:literal, $pattern:literal, $description:literal) => {
        impl schemars::JsonSchema for $type {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "format": $format,
                    "pattern": $pattern,
                    "description": $description
                })
            }
        }
    };
}

string_schema!(
    Day,
    "Date",
    "date",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "YYYY-MM-DD"
);
string_schema!(
    Timestamp,
    "Timestamp",
    "date-time",
    "(Z|z|[+-]00:00)$",
    "RFC 3339, in UTC"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_parses_only_the_exchange_shape() {
        assert_eq!(
            Day::parse("2021-04-20").map(|d| d.to_string()),
            Some("2021-04-20".into())
        );
        assert!(Day::parse("2021-4-20").is_none());
        assert!(Day::parse("2021-02-30").is_none());
        assert!(Day::parse("20210420").is_none());
    }

    #[test]
    fn day_round_trips_through_json_and_storage_encodings() {
        let day = Day::parse("2021-03-15").expect("valid day");
        let json = serde_json::to_string(&day).expect("json");
        assert_eq!(json, "\"2021-03-15\"");
        assert_eq!(serde_json::from_str::<Day>(&json).expect("back"), day);
        let bytes = postcard::to_allocvec(&day).expect("postcard");
        assert_eq!(postcard::from_bytes::<Day>(&bytes).expect("back"), day);
    }

    #[test]
    fn timestamps_must_be_utc_and_keep_their_text() {
        assert!(Timestamp::parse("2021-04-20T10:00:00Z").is_some());
        assert_eq!(
            Timestamp::parse("2021-04-20T10:00:00.120Z").map(|t| t.as_str().to_owned()),
            Some("2021-04-20T10:00:00.120Z".into())
        );
        assert!(Timestamp::parse("2021-04-20T10:00:00+08:00").is_none());
        assert!(Timestamp::parse("2021-04-20").is_none());
        assert_eq!(
            Timestamp::from_unix_millis(0).as_str(),
            "1970-01-01T00:00:00Z"
        );
    }
}
