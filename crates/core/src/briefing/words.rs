//! The small words of a briefing: counts with units, rates, dates and
//! periods, lists, and a figure broken down into one sentence.

use crate::{Day, Lang, Text};

/// A count with its unit, as the reports write it (`227场次`).
pub fn counted(n: u64, unit: &str) -> String {
    format!("{n}{unit}")
}

/// A rate as a percentage with two decimals (`66.67%`).
pub fn percent(rate: f64) -> String {
    format!("{:.2}%", rate * 100.0)
}

/// Headings are numbered in Chinese: 一、二、…
pub const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

pub fn date(day: Day, lang: Lang) -> String {
    match lang {
        Lang::Zh => day.chinese(),
        Lang::En => day.to_string(),
    }
}

/// The period as a briefing names it.
pub fn period(from: Option<Day>, to: Option<Day>, today: Day, lang: Lang) -> String {
    match (lang, from, to) {
        (Lang::Zh, Some(f), Some(t)) => format!("{}至{}", date(f, lang), date(t, lang)),
        (Lang::Zh, Some(f), None) => format!("{}至{}", date(f, lang), date(today, lang)),
        (Lang::Zh, None, t) => format!("截至{}", date(t.unwrap_or(today), lang)),
        (Lang::En, Some(f), t) => {
            format!("{} to {}", date(f, lang), date(t.unwrap_or(today), lang))
        }
        (Lang::En, None, t) => format!("up to {}", date(t.unwrap_or(today), lang)),
    }
}

/// A list joined as the language joins it (`、` or `, `).
pub fn listed(items: Vec<String>, lang: Lang) -> String {
    items.join(if lang == Lang::Zh { "，" } else { ", " })
}

/// A figure broken down, as one sentence: "从来源看，督导组交办4件，上级交办248件。"
/// / "By source: Supervision group: 4, Referred from above: 248." (none: nothing said).
pub fn broken_down(
    lead: Text,
    items: impl Iterator<Item = (Text, u64)>,
    unit: &str,
    lang: Lang,
) -> String {
    let zh = lang == Lang::Zh;
    let items: Vec<String> = items
        .map(|(label, n)| {
            let label = label.get(lang);
            if zh {
                format!("{label}{}", counted(n, unit))
            } else {
                format!("{label}: {n}")
            }
        })
        .collect();
    match (items.is_empty(), zh) {
        (true, _) => String::new(),
        (false, true) => format!("{}，{}。", lead.zh, listed(items, lang)),
        (false, false) => format!("{}: {}.", lead.en, listed(items, lang)),
    }
}
