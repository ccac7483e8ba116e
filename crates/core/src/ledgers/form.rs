//! Entry forms as data: which fields a record has, how a form's text values
//! become a record, and every problem with them. The UI only renders this.

use crate::base::day::Day;
use crate::base::problem::{Problem, Rule};
use crate::base::text::Text;
use std::collections::BTreeMap;

/// What the user typed, by field name (the exchange format's names).
pub type FormValues = BTreeMap<&'static str, String>;

#[derive(Clone, Copy, Debug)]
pub enum FieldKind {
    Text,
    LongText,
    Date,
    OptionalDate,
    Integer,
    OptionalInteger,
    OptionalNumber,
    /// A select of the exchange format's values; `optional` adds an empty choice.
    Choice {
        options: fn() -> Vec<(&'static str, Text)>,
        optional: bool,
    },
    /// A select of office codes; `optional` adds "none".
    OfficeRef {
        optional: bool,
    },
}

#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    pub name: &'static str,
    pub label: Text,
    pub kind: FieldKind,
}

impl FieldSpec {
    pub const fn new(name: &'static str, label: Text, kind: FieldKind) -> FieldSpec {
        FieldSpec { name, label, kind }
    }
}

/// Reads typed values out of a form, collecting a problem per unreadable field.
pub struct FormReader<'a> {
    values: &'a FormValues,
    pub problems: Vec<Problem>,
}

impl<'a> FormReader<'a> {
    pub fn new(values: &'a FormValues) -> FormReader<'a> {
        FormReader {
            values,
            problems: Vec::new(),
        }
    }

    fn raw(&self, name: &'static str) -> &str {
        self.values.get(name).map(|v| v.trim()).unwrap_or("")
    }

    pub fn text(&self, name: &'static str) -> String {
        self.raw(name).to_owned()
    }

    /// Long text keeps its inner line breaks; only the ends are trimmed.
    pub fn long_text(&self, name: &'static str) -> String {
        self.text(name)
    }

    pub fn optional_text(&self, name: &'static str) -> Option<String> {
        Some(self.text(name)).filter(|t| !t.is_empty())
    }

    pub fn day(&mut self, name: &'static str) -> Day {
        let day = self.optional_day(name);
        // Earlier than any real date, so no rule between dates blames another field.
        self.required(
            name,
            day,
            Day::from_ymd(1, 1, 1).unwrap_or(Day(time::Date::MIN)),
        )
    }

    /// `value`, or `placeholder` with a problem: "required" if nothing was typed
    /// (what was typed but not readable has its problem already).
    fn required<T>(&mut self, name: &'static str, value: Option<T>, placeholder: T) -> T {
        value.unwrap_or_else(|| {
            if self.raw(name).is_empty() {
                self.problems.push(Problem::required(name));
            }
            placeholder
        })
    }

    pub fn optional_day(&mut self, name: &'static str) -> Option<Day> {
        let raw = self.raw(name);
        if raw.is_empty() {
            return None;
        }
        let day = Day::parse(raw);
        if day.is_none() {
            self.problems.push(Problem::new(name, Rule::NotADate));
        }
        day
    }

    pub fn integer(&mut self, name: &'static str) -> u32 {
        let n = self.optional_integer(name);
        self.required(name, n, 0)
    }

    pub fn optional_integer(&mut self, name: &'static str) -> Option<u32> {
        let raw = self.raw(name);
        if raw.is_empty() {
            return None;
        }
        let n = raw.parse::<u32>().ok();
        if n.is_none() {
            self.problems
                .push(Problem::new(name, Rule::NotAWholeNumber));
        }
        n
    }

    pub fn optional_number(&mut self, name: &'static str) -> Option<f64> {
        let raw = self.raw(name);
        if raw.is_empty() {
            return None;
        }
        let n = raw.parse::<f64>().ok().filter(|n| n.is_finite());
        if n.is_none() {
            self.problems.push(Problem::new(name, Rule::NotANumber));
        }
        n
    }

    pub fn choice<E: Copy>(
        &mut self,
        name: &'static str,
        from_code: fn(&str) -> Option<E>,
        fallback: E,
    ) -> E {
        let value = self.optional_choice(name, from_code);
        self.required(name, value, fallback)
    }

    pub fn optional_choice<E>(
        &mut self,
        name: &'static str,
        from_code: fn(&str) -> Option<E>,
    ) -> Option<E> {
        let raw = self.raw(name);
        if raw.is_empty() {
            return None;
        }
        let value = from_code(raw);
        if value.is_none() {
            self.problems.push(Problem::new(name, Rule::NotAChoice));
        }
        value
    }

    /// One of the choices `options` gives, by its code; an empty required one or
    /// an unknown one is a problem, and then the first choice stands in.
    pub fn code(
        &mut self,
        name: &'static str,
        options: fn() -> Vec<(&'static str, Text)>,
        optional: bool,
    ) -> Option<&'static str> {
        let raw = self.raw(name).to_owned();
        let codes: Vec<&'static str> = options().into_iter().map(|(code, _)| code).collect();
        if raw.is_empty() {
            if optional {
                return None;
            }
            self.problems.push(Problem::required(name));
        } else if let Some(code) = codes.iter().find(|c| **c == raw) {
            return Some(code);
        } else {
            self.problems.push(Problem::new(name, Rule::NotAChoice));
        }
        codes.first().copied().filter(|_| !optional)
    }

    /// Problems from reading, then the record's own rules for fields that were readable.
    pub fn finish(self, rule_problems: Vec<Problem>) -> Vec<Problem> {
        let mut problems = self.problems;
        let unreadable: Vec<&str> = problems.iter().map(|p| p.field).collect();
        problems.extend(
            rule_problems
                .into_iter()
                .filter(|p| !unreadable.contains(&p.field)),
        );
        problems
    }
}
