//! Calendar months, the unit of reporting.

use crate::Day;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u8,
}

impl Month {
    pub fn of(day: Day) -> Month {
        Month {
            year: day.year(),
            month: day.month(),
        }
    }

    pub fn next(self) -> Month {
        match self.month {
            12 => Month {
                year: self.year + 1,
                month: 1,
            },
            m => Month {
                year: self.year,
                month: m + 1,
            },
        }
    }

    pub fn previous(self) -> Month {
        match self.month {
            1 => Month {
                year: self.year - 1,
                month: 12,
            },
            m => Month {
                year: self.year,
                month: m - 1,
            },
        }
    }

    /// `YYYY-MM`, as the page's hooks name a month.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// A month from its key, `YYYY-MM`.
    pub fn parse(key: &str) -> Option<Month> {
        let (year, month) = key.split_once('-')?;
        let (year, month): (i32, u8) = (year.parse().ok()?, month.parse().ok()?);
        (key.len() == 7 && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    pub fn first_day(self) -> Option<Day> {
        Day::from_ymd(self.year, self.month, 1)
    }

    /// The day `day` of this month, or its last day if the month is shorter.
    pub fn day(self, day: u8) -> Option<Day> {
        let last = self.next().first_day()?.add_days(-1);
        Day::from_ymd(self.year, self.month, day.clamp(1, last.day_of_month()))
    }

    /// The month a file exported on `day` reports for: the month before.
    pub fn reported_by(day: Day) -> Month {
        Month::of(day).previous()
    }

    /// When this month's report is due: `due_day` of the next month.
    pub fn due(self, due_day: u8) -> Option<Day> {
        self.next().day(due_day)
    }
}

/// Every month that overlaps `from`..=`to`, in order.
pub fn months_between(from: Day, to: Day) -> Vec<Month> {
    let (mut month, last) = (Month::of(from), Month::of(to));
    let mut out = Vec::new();
    while month <= last && out.len() < 1200 {
        out.push(month);
        month = month.next();
    }
    out
}

/// The months a reporting view shows: those of the period, its open ends
/// filled with today and the eleven months before `to`.
pub fn months_for(from: Option<Day>, to: Option<Day>, today: Day) -> Vec<Month> {
    let to = to.unwrap_or(today);
    let from = from.unwrap_or_else(|| {
        let mut first = Month::of(to);
        for _ in 0..11 {
            first = first.previous();
        }
        first.first_day().unwrap_or(to)
    });
    months_between(from, to)
}
