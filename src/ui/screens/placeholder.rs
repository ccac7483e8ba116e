//! Screens not built yet say what will be there; none pretends to work.

use crate::ui::i18n::tr;

use leptos::prelude::*;

pub fn dashboard() -> impl IntoView {
    view! {
        <section data-screen="dashboard">
            <h1>{tr("总览", "Dashboard")}</h1>
            <p class="muted">{tr(
                "这里将按单位和时段汇总三本台账：学习教育场次与人次、英模个人与集体、问题线索的受理、办结、办结率与超期，并绘制图表。",
                "Here the three ledgers will be summed up by office and period: sessions and participants, honoured individuals and collectives, cases received, resolved, resolution rate and overdue, with charts.")}</p>
        </section>
    }
}

pub fn exchange() -> impl IntoView {
    view! {
        <section data-screen="exchange">
            <h1>{tr("导入导出", "Exchange")}</h1>
            <p class="muted">{tr(
                "这里将导出本单位的台账（JSON 交换文件、CSV），并导入下级单位的文件：先校验、预览，再一次性写入。",
                "Here you will export this office's ledgers (JSON exchange file, CSV) and import files from other offices: validated and previewed first, then written all at once.")}</p>
        </section>
    }
}
