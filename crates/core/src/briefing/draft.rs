//! The briefing's words: a title, a paragraph per subject in the register of
//! the campaign's reports ("截至目前，区政法各单位开展……共227场次"), the table
//! of figures, and the offices ranked. A sentence whose figure is zero is
//! left out rather than saying 0.

use super::figures::Figures;
use super::table::table;
use super::words::{broken_down, counted, date, listed, percent, period, NUMERALS};
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
    let zh = lang == Lang::Zh;
    let k = &f.kpis;
    let when = period(from, to, today, lang);
    let mut sections = Vec::new();
    // Headings are numbered as they come: a subject left out leaves no gap.
    let mut push = |heading: &str, sentences: Vec<String>| {
        let sentences: Vec<String> = sentences.into_iter().filter(|s| !s.is_empty()).collect();
        if !sentences.is_empty() {
            let number = sections.len();
            let heading = if zh {
                format!("{}、{heading}", NUMERALS.get(number).unwrap_or(&"　"))
            } else {
                format!("{}. {heading}", number + 1)
            };
            sections.push(Section {
                heading,
                text: sentences.join(if zh { "" } else { " " }),
            });
        }
    };
    let since = if zh {
        format!("{when}，")
    } else {
        // The period opens the sentence: "Up to …, " / "2021-03-01 to …, ".
        let mut first = when.chars();
        first
            .next()
            .map(|c| format!("{}{}, ", c.to_uppercase(), first.as_str()))
            .unwrap_or_default()
    };

    // The workforce.
    let workforce = match (zh, k.headcount, f.offices_under) {
        (_, 0, _) => String::new(),
        (true, n, 0) => format!("{office}共有政法干警{}。", counted(n, "名")),
        (true, n, u) => format!(
            "{office}及所属{}单位共有政法干警{}。",
            counted(u as u64, "个"),
            counted(n, "名")
        ),
        (false, n, 0) => format!("{office} has {n} officers."),
        (false, n, u) => format!("{office} and the {u} offices under it have {n} officers."),
    };
    push(
        if zh {
            "队伍基本情况"
        } else {
            "The workforce"
        },
        vec![workforce],
    );

    // Training.
    let mut training = Vec::new();
    if k.sessions > 0 {
        training.push(if zh {
            format!(
                "{since}{office}及所属单位开展政治理论和党史教育集中学习教育共{}，参学{}。",
                counted(k.sessions, "场次"),
                counted(k.participants, "人次")
            )
        } else {
            format!(
                "{since}{office} and its offices held {} training sessions with {} participants.",
                k.sessions, k.participants
            )
        });
        let kinds: Vec<String> = f
            .by_kind
            .iter()
            .map(|(kind, n, people)| {
                let name = kind.label().get(lang);
                match (zh, kind.code()) {
                    (true, "political_rotation") => format!(
                        "{name}{}（{}）",
                        counted(*n, "期"),
                        counted(*people, "人次")
                    ),
                    (true, _) => format!("{name}{}", counted(*n, "次")),
                    (false, _) => format!("{name}: {n}"),
                }
            })
            .collect();
        if !kinds.is_empty() {
            training.push(if zh {
                format!("其中，{}。", listed(kinds, lang))
            } else {
                format!("Among them: {}.", listed(kinds, lang))
            });
        }
    }
    push(if zh { "学习教育" } else { "Training" }, training);

    // Honoured models.
    let mut models = Vec::new();
    if k.individuals + k.collectives > 0 {
        let parts: Vec<String> = [
            (
                k.individuals,
                if zh {
                    format!("先进典型共{}", counted(k.individuals, "人"))
                } else {
                    format!("{} individuals", k.individuals)
                },
            ),
            (
                k.collectives,
                if zh {
                    format!("先进单位共{}", counted(k.collectives, "个"))
                } else {
                    format!("{} collectives", k.collectives)
                },
            ),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, s)| s)
        .collect();
        models.push(if zh {
            format!("选树{}。", listed(parts, lang))
        } else {
            format!("Honoured: {}.", listed(parts, lang))
        });
        let levels = f.models_by_level.iter().map(|(l, i, c)| (l.label(), i + c));
        models.push(broken_down(
            Text::new("按表彰级别", "By level"),
            levels,
            "个",
            lang,
        ));
    }
    push(
        if zh {
            "英模典型"
        } else {
            "Honoured models"
        },
        models,
    );

    // Cases.
    let mut cases = Vec::new();
    if k.received > 0 {
        let rate = k.resolution_rate().map(percent).unwrap_or_default();
        cases.push(if zh {
            format!(
                "{since}共受理问题线索{}，已办结{}，办结率{rate}。",
                counted(k.received, "件"),
                counted(k.resolved, "件")
            )
        } else {
            format!(
                "{since}{} cases were received and {} resolved, a resolution rate of {rate}.",
                k.received, k.resolved
            )
        });
        if k.open > 0 {
            let overdue = if k.overdue > 0 {
                if zh {
                    format!("，其中超期未办结{}", counted(k.overdue, "件"))
                } else {
                    format!(", {} of them overdue", k.overdue)
                }
            } else {
                String::new()
            };
            cases.push(if zh {
                format!("正在核查办理{}{overdue}。", counted(k.open, "件"))
            } else {
                format!("{} are still being handled{overdue}.", k.open)
            });
        }
        let sources = f.by_source.iter().map(|(s, n)| (s.label(), *n));
        cases.push(broken_down(
            Text::new("从来源看", "By source"),
            sources,
            "件",
            lang,
        ));
        let categories = f.by_category.iter().map(|(c, n)| (c.label(), *n));
        cases.push(broken_down(
            Text::new("从类别看", "By category"),
            categories,
            "件",
            lang,
        ));
    }
    push(
        if zh {
            "问题线索核查办理"
        } else {
            "Cases"
        },
        cases,
    );

    // The campaign's phases.
    let phases: Vec<String> = f
        .phases
        .iter()
        .filter(|(_, pk)| pk.sessions + pk.received > 0)
        .map(|(p, pk)| {
            let span = if zh {
                format!("{}至{}", date(p.from, lang), date(p.to, lang))
            } else {
                format!("{} to {}", date(p.from, lang), date(p.to, lang))
            };
            let mut parts = Vec::new();
            if pk.sessions > 0 {
                parts.push(if zh {
                    format!(
                        "开展学习教育{}、{}",
                        counted(pk.sessions, "场次"),
                        counted(pk.participants, "人次")
                    )
                } else {
                    format!(
                        "{} sessions with {} participants",
                        pk.sessions, pk.participants
                    )
                });
            }
            if pk.received > 0 {
                parts.push(if zh {
                    format!(
                        "受理问题线索{}、办结{}",
                        counted(pk.received, "件"),
                        counted(pk.resolved, "件")
                    )
                } else {
                    format!("{} cases received, {} resolved", pk.received, pk.resolved)
                });
            }
            if zh {
                format!(
                    "{}阶段（{span}），{}。",
                    p.phase.label().get(lang),
                    listed(parts, lang)
                )
            } else {
                format!(
                    "{} ({span}): {}.",
                    p.phase.label().get(lang),
                    listed(parts, lang)
                )
            }
        })
        .collect();
    push(
        if zh {
            "各阶段推进情况"
        } else {
            "The campaign's phases"
        },
        phases,
    );

    // The offices ranked.
    let ranking: Vec<(String, String, String)> = f
        .ranking
        .iter()
        .map(|r| {
            (
                r.name.get(lang).to_owned(),
                percent(r.rate),
                r.detail.clone(),
            )
        })
        .collect();
    if !ranking.is_empty() {
        let listed_ranks: Vec<String> = ranking
            .iter()
            .enumerate()
            .map(|(i, (name, rate, detail))| {
                if zh {
                    format!("{}.{name}{rate}（{detail}）", i + 1)
                } else {
                    format!("{}. {name} {rate} ({detail})", i + 1)
                }
            })
            .collect();
        push(
            if zh {
                "各单位办结率排名"
            } else {
                "Offices by resolution rate"
            },
            vec![if zh {
                format!("{}。", listed_ranks.join("；"))
            } else {
                format!("{}.", listed_ranks.join("; "))
            }],
        );
    }

    let table = table(f, lang);
    Briefing {
        title: if zh {
            format!("{office}政法队伍教育整顿工作简报")
        } else {
            format!("{office}: campaign briefing")
        },
        subtitle: if zh {
            format!("（{when}）")
        } else {
            format!("({when})")
        },
        sections,
        table,
        ranking,
    }
}
