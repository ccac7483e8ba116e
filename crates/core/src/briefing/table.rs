//! The briefing's table of figures.

use super::figures::Figures;
use super::wording::{percent, Wording};
use crate::Text;

/// The table of figures: every figure the briefing states, zero or not.
pub fn table(f: &Figures, w: &dyn Wording) -> Vec<(String, String)> {
    let k = &f.kpis;
    let row = |zh: &'static str, en: &'static str, n: u64, unit: &str| {
        w.table_row(Text::new(zh, en), n, unit)
    };
    let mut rows = vec![
        row("政法干警", "Officers", k.headcount, "名"),
        row("学习教育", "Training sessions", k.sessions, "场次"),
        row("参学", "Participants", k.participants, "人次"),
        row("先进个人", "Honoured individuals", k.individuals, "人"),
        row("先进集体", "Honoured collectives", k.collectives, "个"),
        row("受理问题线索", "Cases received", k.received, "件"),
        row("已办结", "Cases resolved", k.resolved, "件"),
    ];
    rows.push((
        w.resolution_rate().get(w.lang()).to_owned(),
        k.resolution_rate()
            .map(percent)
            .unwrap_or_else(|| "—".into()),
    ));
    rows.push(row("超期未办结", "Overdue", k.overdue, "件"));
    rows
}
