//! The briefing in Chinese, in the register of the campaign's reports:
//! "截至目前，区政法各单位开展……共227场次".

use super::wording::{Headings, Wording};
use crate::{Day, Lang, Text, TrainingKind};

pub struct Chinese;

/// Headings are numbered in Chinese: 一、二、…
const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

impl Wording for Chinese {
    fn lang(&self) -> Lang {
        Lang::Zh
    }

    fn count(&self, n: u64, unit: &str) -> String {
        format!("{n}{unit}")
    }

    fn date(&self, day: Day) -> String {
        day.chinese()
    }

    fn period(&self, from: Option<Day>, to: Option<Day>, today: Day) -> String {
        match from {
            Some(f) => format!("{}至{}", self.date(f), self.date(to.unwrap_or(today))),
            None => format!("截至{}", self.date(to.unwrap_or(today))),
        }
    }

    fn list(&self, items: Vec<String>) -> String {
        items.join("，")
    }

    fn paragraph(&self, sentences: Vec<String>) -> String {
        sentences.concat()
    }

    fn numbered(&self, index: usize, heading: &str) -> String {
        format!("{}、{heading}", NUMERALS.get(index).unwrap_or(&"　"))
    }

    fn since(&self, period: &str) -> String {
        format!("{period}，")
    }

    fn title(&self, office: &str) -> String {
        format!("{office}政法队伍教育整顿工作简报")
    }

    fn own_level(&self, office: &str) -> String {
        format!("{office}（本级）")
    }

    fn subtitle(&self, period: &str) -> String {
        format!("（{period}）")
    }

    fn approved_only(&self) -> &'static str {
        "，仅计已审核确认的月份"
    }

    fn headings(&self) -> Headings {
        Headings {
            workforce: "队伍基本情况",
            training: "学习教育",
            models: "英模典型",
            cases: "问题线索核查办理",
            phases: "各阶段推进情况",
            ranking: "各单位办结率排名",
        }
    }

    fn workforce(&self, office: &str, officers: u64, offices_under: usize) -> String {
        match offices_under {
            0 => format!("{office}共有政法干警{}。", self.count(officers, "名")),
            u => format!(
                "{office}及所属{}单位共有政法干警{}。",
                self.count(u as u64, "个"),
                self.count(officers, "名")
            ),
        }
    }

    fn training(&self, since: &str, office: &str, sessions: u64, participants: u64) -> String {
        format!(
            "{since}{office}及所属单位开展政治理论和党史教育集中学习教育共{}，参学{}。",
            self.count(sessions, "场次"),
            self.count(participants, "人次")
        )
    }

    fn training_kind(&self, kind: TrainingKind, sessions: u64, participants: u64) -> String {
        let name = kind.label().zh;
        match kind {
            // Rotation training is counted in terms (期) with its trainees.
            TrainingKind::PoliticalRotation => format!(
                "{name}{}（{}）",
                self.count(sessions, "期"),
                self.count(participants, "人次")
            ),
            _ => format!("{name}{}", self.count(sessions, "次")),
        }
    }

    fn among(&self, kinds: String) -> String {
        format!("其中，{kinds}。")
    }

    fn individuals(&self, n: u64) -> String {
        format!("先进典型共{}", self.count(n, "人"))
    }

    fn collectives(&self, n: u64) -> String {
        format!("先进单位共{}", self.count(n, "个"))
    }

    fn honoured(&self, parts: String) -> String {
        format!("选树{parts}。")
    }

    fn cases(&self, since: &str, received: u64, resolved: u64, rate: &str) -> String {
        format!(
            "{since}共受理问题线索{}，已办结{}，办结率{rate}。",
            self.count(received, "件"),
            self.count(resolved, "件")
        )
    }

    fn overdue(&self, n: u64) -> String {
        format!("，其中超期未办结{}", self.count(n, "件"))
    }

    fn still_open(&self, open: u64, overdue: &str) -> String {
        format!("正在核查办理{}{overdue}。", self.count(open, "件"))
    }

    fn broken_down(&self, lead: Text, items: Vec<(Text, u64)>, unit: &str) -> String {
        let items: Vec<String> = items
            .into_iter()
            .map(|(label, n)| format!("{}{}", label.zh, self.count(n, unit)))
            .collect();
        format!("{}，{}。", lead.zh, self.list(items))
    }

    fn span(&self, from: Day, to: Day) -> String {
        format!("{}至{}", self.date(from), self.date(to))
    }

    fn phase_training(&self, sessions: u64, participants: u64) -> String {
        format!(
            "开展学习教育{}、{}",
            self.count(sessions, "场次"),
            self.count(participants, "人次")
        )
    }

    fn phase_cases(&self, received: u64, resolved: u64) -> String {
        format!(
            "受理问题线索{}、办结{}",
            self.count(received, "件"),
            self.count(resolved, "件")
        )
    }

    fn phase(&self, name: &str, span: &str, parts: String) -> String {
        format!("{name}阶段（{span}），{parts}。")
    }

    fn ranking(&self, ranked: &[(String, String, String)]) -> String {
        let places: Vec<String> = ranked
            .iter()
            .enumerate()
            .map(|(i, (name, rate, detail))| format!("{}.{name}{rate}（{detail}）", i + 1))
            .collect();
        format!("{}。", places.join("；"))
    }

    fn table_row(&self, label: Text, n: u64, unit: &str) -> (String, String) {
        (label.zh.to_owned(), self.count(n, unit))
    }
}
