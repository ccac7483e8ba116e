//! The briefing in English, for readers beside the Chinese original.

use super::wording::{Headings, Wording};
use crate::{Day, Lang, Text, TrainingKind};

pub struct English;

impl Wording for English {
    fn lang(&self) -> Lang {
        Lang::En
    }

    fn count(&self, n: u64, _unit: &str) -> String {
        n.to_string()
    }

    fn date(&self, day: Day) -> String {
        day.to_string()
    }

    fn period(&self, from: Option<Day>, to: Option<Day>, today: Day) -> String {
        let to = self.date(to.unwrap_or(today));
        match from {
            Some(f) => format!("{} to {to}", self.date(f)),
            None => format!("up to {to}"),
        }
    }

    fn list(&self, items: Vec<String>) -> String {
        items.join(", ")
    }

    fn paragraph(&self, sentences: Vec<String>) -> String {
        sentences.join(" ")
    }

    fn numbered(&self, index: usize, heading: &str) -> String {
        format!("{}. {heading}", index + 1)
    }

    fn since(&self, period: &str) -> String {
        // The period opens the sentence: "Up to …, " / "2021-03-01 to …, ".
        let mut first = period.chars();
        first
            .next()
            .map(|c| format!("{}{}, ", c.to_uppercase(), first.as_str()))
            .unwrap_or_default()
    }

    fn title(&self, office: &str) -> String {
        format!("{office}: campaign briefing")
    }

    fn own_level(&self, office: &str) -> String {
        format!("{office} (own)")
    }

    fn subtitle(&self, period: &str) -> String {
        format!("({period})")
    }

    fn approved_only(&self) -> &'static str {
        "; approved months only"
    }

    fn headings(&self) -> Headings {
        Headings {
            workforce: "The workforce",
            training: "Training",
            models: "Honoured models",
            cases: "Cases",
            phases: "The campaign's phases",
            ranking: "Offices by resolution rate",
        }
    }

    fn workforce(&self, office: &str, officers: u64, offices_under: usize) -> String {
        match offices_under {
            0 => format!("{office} has {officers} officers."),
            u => format!("{office} and the {u} offices under it have {officers} officers."),
        }
    }

    fn training(&self, since: &str, office: &str, sessions: u64, participants: u64) -> String {
        format!("{since}{office} and its offices held {sessions} training sessions with {participants} participants.")
    }

    fn training_kind(&self, kind: TrainingKind, sessions: u64, _participants: u64) -> String {
        format!("{}: {sessions}", kind.label().en)
    }

    fn among(&self, kinds: String) -> String {
        format!("Among them: {kinds}.")
    }

    fn individuals(&self, n: u64) -> String {
        format!("{n} individuals")
    }

    fn collectives(&self, n: u64) -> String {
        format!("{n} collectives")
    }

    fn honoured(&self, parts: String) -> String {
        format!("Honoured: {parts}.")
    }

    fn cases(&self, since: &str, received: u64, resolved: u64, rate: &str) -> String {
        format!("{since}{received} cases were received and {resolved} resolved, a resolution rate of {rate}.")
    }

    fn overdue(&self, n: u64) -> String {
        format!(", {n} of them overdue")
    }

    fn still_open(&self, open: u64, overdue: &str) -> String {
        format!("{open} are still being handled{overdue}.")
    }

    fn broken_down(&self, lead: Text, items: Vec<(Text, u64)>, _unit: &str) -> String {
        let items: Vec<String> = items
            .into_iter()
            .map(|(label, n)| format!("{}: {n}", label.en))
            .collect();
        format!("{}: {}.", lead.en, self.list(items))
    }

    fn span(&self, from: Day, to: Day) -> String {
        format!("{} to {}", self.date(from), self.date(to))
    }

    fn phase_training(&self, sessions: u64, participants: u64) -> String {
        format!("{sessions} sessions with {participants} participants")
    }

    fn phase_cases(&self, received: u64, resolved: u64) -> String {
        format!("{received} cases received, {resolved} resolved")
    }

    fn phase(&self, name: &str, span: &str, parts: String) -> String {
        format!("{name} ({span}): {parts}.")
    }

    fn ranking(&self, ranked: &[(String, String, String)]) -> String {
        let places: Vec<String> = ranked
            .iter()
            .enumerate()
            .map(|(i, (name, rate, detail))| format!("{}. {name} {rate} ({detail})", i + 1))
            .collect();
        format!("{}.", places.join("; "))
    }

    fn table_row(&self, label: Text, n: u64, _unit: &str) -> (String, String) {
        (label.en.to_owned(), n.to_string())
    }
}
