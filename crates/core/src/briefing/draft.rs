//! The briefing's draft: a title, a paragraph per subject, the table of
//! figures, and the offices ranked. What is said is decided here once, for
//! every language; how it is said is the language's `Wording` (`zh`, `en`).
//! A sentence whose figure is zero is left out rather than saying 0.

use super::figures::Figures;
use super::table::table;
use super::wording;
use super::wording::{percent, Wording};
use crate::{Day, Lang, Text};

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub heading: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Briefing {
    pub title: String,
    /// The office and the period.
    pub subtitle: String,
    pub sections: Vec<Section>,
    /// The table of figures: label, value with its unit.
    pub table: Vec<(String, String)>,
    /// The offices by resolution rate: name, rate, `resolved/received`.
    pub ranking: Vec<(String, String, String)>,
}

impl Briefing {
    /// The text a user edits: the title and every paragraph, a blank line apart.
    pub fn text(&self) -> String {
        let mut out = vec![self.title.clone(), self.subtitle.clone()];
        for section in &self.sections {
            out.push(format!("{}\n{}", section.heading, section.text));
        }
        out.join("\n\n")
    }
}

/// The draft of the briefing of `office` (its name), from its figures.
pub fn draft(
    f: &Figures,
    office: &str,
    from: Option<Day>,
    to: Option<Day>,
    today: Day,
    lang: Lang,
) -> Briefing {
    let w = wording(lang);
    let k = &f.kpis;
    let when = w.period(from, to, today);
    let since = w.since(&when);
    let headings = w.headings();
    let mut sections = Vec::new();
    // Headings are numbered as they come: a subject left out leaves no gap.
    let mut push = |heading: &str, sentences: Vec<String>| {
        let sentences: Vec<String> = sentences.into_iter().filter(|s| !s.is_empty()).collect();
        if !sentences.is_empty() {
            sections.push(Section {
                heading: w.numbered(sections.len(), heading),
                text: w.paragraph(sentences),
            });
        }
    };

    let workforce = (k.headcount > 0).then(|| w.workforce(office, k.headcount, f.offices_under));
    push(headings.workforce, workforce.into_iter().collect());
    push(headings.training, training(w, f, &since, office));
    push(headings.models, models(w, f));
    push(headings.cases, cases(w, f, &since));
    push(headings.phases, phases(w, f));

    let ranking: Vec<(String, String, String)> = f
        .ranking
        .iter()
        .map(|r| {
            (
                match r.own_level {
                    true => w.own_level(&r.name),
                    false => r.name.clone(),
                },
                percent(r.rate),
                r.detail.clone(),
            )
        })
        .collect();
    if !ranking.is_empty() {
        push(headings.ranking, vec![w.ranking(&ranking)]);
    }

    Briefing {
        title: w.title(office),
        subtitle: if f.approved_only {
            w.subtitle(&format!("{when}{}", w.approved_only()))
        } else {
            w.subtitle(&when)
        },
        sections,
        table: table(f, w),
        ranking,
    }
}

fn training(w: &dyn Wording, f: &Figures, since: &str, office: &str) -> Vec<String> {
    let k = &f.kpis;
    if k.sessions == 0 {
        return Vec::new();
    }
    let mut said = vec![w.training(since, office, k.sessions, k.participants)];
    let kinds: Vec<String> = f
        .by_kind
        .iter()
        .map(|(kind, n, people)| w.training_kind(*kind, *n, *people))
        .collect();
    if !kinds.is_empty() {
        said.push(w.among(w.list(kinds)));
    }
    said
}

fn models(w: &dyn Wording, f: &Figures) -> Vec<String> {
    let k = &f.kpis;
    if k.individuals + k.collectives == 0 {
        return Vec::new();
    }
    let parts: Vec<String> = [
        (k.individuals, w.individuals(k.individuals)),
        (k.collectives, w.collectives(k.collectives)),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(_, s)| s)
    .collect();
    let levels = f.models_by_level.iter().map(|(l, i, c)| (l.label(), i + c));
    vec![
        w.honoured(w.list(parts)),
        broken_down(w, w.by_level(), levels, "个"),
    ]
}

fn cases(w: &dyn Wording, f: &Figures, since: &str) -> Vec<String> {
    let k = &f.kpis;
    if k.received == 0 {
        return Vec::new();
    }
    let rate = k.resolution_rate().map(percent).unwrap_or_default();
    let mut said = vec![w.cases(since, k.received, k.resolved, &rate)];
    if k.open > 0 {
        let overdue = if k.overdue > 0 {
            w.overdue(k.overdue)
        } else {
            String::new()
        };
        said.push(w.still_open(k.open, &overdue));
    }
    let sources = f.by_source.iter().map(|(s, n)| (s.label(), *n));
    said.push(broken_down(w, w.by_source(), sources, "件"));
    let categories = f.by_category.iter().map(|(c, n)| (c.label(), *n));
    said.push(broken_down(w, w.by_category(), categories, "件"));
    said
}

fn phases(w: &dyn Wording, f: &Figures) -> Vec<String> {
    f.phases
        .iter()
        .filter(|(_, pk)| pk.sessions + pk.received > 0)
        .map(|(p, pk)| {
            let mut parts = Vec::new();
            if pk.sessions > 0 {
                parts.push(w.phase_training(pk.sessions, pk.participants));
            }
            if pk.received > 0 {
                parts.push(w.phase_cases(pk.received, pk.resolved));
            }
            let name = p.phase.label().get(w.lang());
            w.phase(name, &w.span(p.from, p.to), w.list(parts))
        })
        .collect()
}

/// A figure broken down, as one sentence; nothing when there is nothing.
fn broken_down(
    w: &dyn Wording,
    lead: Text,
    items: impl Iterator<Item = (Text, u64)>,
    unit: &str,
) -> String {
    let items: Vec<(Text, u64)> = items.collect();
    if items.is_empty() {
        return String::new();
    }
    w.broken_down(lead, items, unit)
}
