//! What the sheet tests share: cells and rows typed as offices type them, a
//! training ledger laid out as offices keep it, a clock, and one sheet read
//! over what a copy holds.

use taizhang_core::sheet::*;
use taizhang_core::Timestamp;

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}

pub fn row(cells: &[&str]) -> Vec<Cell> {
    cells.iter().map(|c| text(c)).collect()
}

pub const TRAINING_SHEET: &str = "学习教育活动台账";
/// A training ledger's header row as offices write it (units in brackets).
pub const TRAINING_HEADERS: [&str; 10] = [
    "序号",
    "单位",
    "活动名称",
    "活动类型",
    "活动形式",
    "开始日期",
    "结束日期",
    "参加人次（人次）",
    "学时(小时)",
    "备注",
];

/// A training ledger as offices keep it: a title, a 填报单位 line, the header.
pub fn training_sheet(rows: &[&[&str]]) -> Grid {
    let mut cells = vec![
        row(&["石峰区政法队伍教育整顿学习教育活动台账"]),
        row(&[
            "填报单位：石峰区委政法委",
            "",
            "",
            "填报日期：2021年4月20日",
        ]),
        row(&TRAINING_HEADERS),
    ];
    cells.extend(rows.iter().map(|r| row(r)));
    Grid::new(TRAINING_SHEET, cells)
}

pub fn now() -> Timestamp {
    Timestamp::parse("2021-04-20T10:00:00Z").expect("time")
}

pub fn read(
    grid: &Grid,
    stored: &taizhang_core::Dataset,
) -> Result<taizhang_core::exchange::ExchangeFile, Vec<taizhang_core::exchange::ImportError>> {
    let shape = analyse(grid);
    read_sheets(
        std::slice::from_ref(grid),
        &[shape.plan],
        &[],
        stored,
        &now(),
    )
}
