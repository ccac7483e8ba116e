//! Screens not built yet say what will be there; none pretends to work.

use crate::ui::i18n::tr;

use leptos::prelude::*;

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
