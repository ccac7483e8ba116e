//! How a written workbook is named and what period its title states.

use crate::Day;

/// `台账-<office code>-<YYYYMMDD>.xlsx`
pub fn workbook_name(office: Option<&str>, today: Day) -> String {
    format!("台账-{}-{}.xlsx", office.unwrap_or("all"), today.compact())
}

/// The period as the title says it: `2021年3月1日至2021年6月30日`, or 全部.
pub fn period_text(from: Option<Day>, to: Option<Day>) -> String {
    match (from, to) {
        (None, None) => "全部时段".to_owned(),
        (Some(f), None) => format!("{}起", f.chinese()),
        (None, Some(t)) => format!("截至{}", t.chinese()),
        (Some(f), Some(t)) => format!("{}至{}", f.chinese(), t.chinese()),
    }
}
