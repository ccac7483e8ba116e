//! What a briefing says, subject by subject, as one template per language:
//! `draft` decides what is said (which subjects, which sentences, none for a
//! zero), a `Wording` says it. A third language is a file with one more
//! `Wording`.

use crate::{Day, Lang, Text, TrainingKind};

/// One language's templates for every sentence of a briefing.
pub trait Wording {
    fn lang(&self) -> Lang;

    // The small words.
    /// A count with its unit (`227场次`; English leaves the unit to the sentence).
    fn count(&self, n: u64, unit: &str) -> String;
    fn date(&self, day: Day) -> String;
    /// The period as a briefing names it (an open end is today).
    fn period(&self, from: Option<Day>, to: Option<Day>, today: Day) -> String;
    /// A list joined as the language joins it.
    fn list(&self, items: Vec<String>) -> String;
    /// The sentences of one subject, joined.
    fn paragraph(&self, sentences: Vec<String>) -> String;
    /// The heading of subject number `index` (from 0).
    fn numbered(&self, index: usize, heading: &str) -> String;
    /// How a sentence opens with the period ("截至…，" / "Up to …, ").
    fn since(&self, period: &str) -> String;
    fn title(&self, office: &str) -> String;
    /// An office's own records beside those under it: `X（本级）`.
    fn own_level(&self, office: &str) -> String;
    fn subtitle(&self, period: &str) -> String;
    /// Added to the period when only approved months count.
    fn approved_only(&self) -> &'static str;

    // The subjects' headings.
    fn headings(&self) -> Headings;

    // The workforce.
    fn workforce(&self, office: &str, officers: u64, offices_under: usize) -> String;

    // Training.
    fn training(&self, since: &str, office: &str, sessions: u64, participants: u64) -> String;
    fn training_kind(&self, kind: TrainingKind, sessions: u64, participants: u64) -> String;
    fn among(&self, kinds: String) -> String;

    // Honoured models.
    fn individuals(&self, n: u64) -> String;
    fn collectives(&self, n: u64) -> String;
    fn honoured(&self, parts: String) -> String;

    // Cases.
    fn cases(&self, since: &str, received: u64, resolved: u64, rate: &str) -> String;
    fn overdue(&self, n: u64) -> String;
    fn still_open(&self, open: u64, overdue: &str) -> String;

    /// A figure broken down (`lead` and each label with its count), one sentence.
    fn broken_down(&self, lead: Text, items: Vec<(Text, u64)>, unit: &str) -> String;
    fn by_level(&self) -> Text {
        Text::new("按表彰级别", "By level")
    }
    fn by_source(&self) -> Text {
        Text::new("从来源看", "By source")
    }
    fn by_category(&self) -> Text {
        Text::new("从类别看", "By category")
    }

    // The campaign's phases.
    fn span(&self, from: Day, to: Day) -> String;
    fn phase_training(&self, sessions: u64, participants: u64) -> String;
    fn phase_cases(&self, received: u64, resolved: u64) -> String;
    fn phase(&self, name: &str, span: &str, parts: String) -> String;

    // The offices ranked.
    /// The offices in order: name, rate, `resolved/received`, each with its place.
    fn ranking(&self, ranked: &[(String, String, String)]) -> String;

    /// A row of the table of figures: its label and its value with the unit.
    fn table_row(&self, label: Text, n: u64, unit: &str) -> (String, String);
    fn resolution_rate(&self) -> Text {
        Text::new("办结率", "Resolution rate")
    }
}

/// The subjects' headings, in the order they come.
pub struct Headings {
    pub workforce: &'static str,
    pub training: &'static str,
    pub models: &'static str,
    pub cases: &'static str,
    pub phases: &'static str,
    pub ranking: &'static str,
}

/// A rate as a percentage with two decimals (`66.67%`), in every language.
pub fn percent(rate: f64) -> String {
    format!("{:.2}%", rate * 100.0)
}
