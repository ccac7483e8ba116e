//! The dashboard computed and drawn, and every block written and loaded,
//! at 10k and 100k records.

use crate::support::{canvases, figure, now_ms};
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use taizhang_charts as charts;
use taizhang_core::figures::charts as chart_data;
use taizhang_core::figures::dashboard::{kpis, Scope};
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::{ledgers::generate, Day, Lang};
use taizhang_storage::{delete_database, Change, Store};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn dashboard_and_storage_at_scale() {
    let today = Day::parse("2022-01-15").expect("day");
    let surfaces = canvases(7);
    for n in [10_000usize, 100_000] {
        let data = generate::province(n, 7);
        let tree = OfficeTree::new(&data.offices);
        let dashboard = |office: &str| {
            let t0 = now_ms();
            let scope = Scope::new(&data, &tree, office, None, None, today);
            let figures = kpis(&data, &scope);
            let all = chart_data::all(&data, &tree, office, &scope, &[]);
            let t1 = now_ms();
            for (chart, canvas) in all.iter().zip(&surfaces) {
                let backend = CanvasBackend::with_canvas_object(canvas.clone()).expect("backend");
                charts::draw(
                    &backend.into_drawing_area(),
                    chart,
                    Lang::Zh,
                    "暂无数据",
                    1.0,
                )
                .expect("draw");
            }
            let t2 = now_ms();
            assert!(figures.received > 0);
            (t1 - t0, t2 - t1)
        };
        let (compute, draw) = dashboard("");
        figure(format!("bench dashboard n={n}: first full compute {compute:.0} ms + draw {draw:.0} ms = {:.0} ms", compute + draw));
        let (compute, draw) = dashboard("210100-committee");
        figure(format!("bench dashboard n={n}: redraw after office-filter change {compute:.0} ms + draw {draw:.0} ms = {:.0} ms", compute + draw));

        let name = format!("bench-{n}");
        delete_database(&name).await.expect("delete");
        let store = Store::open(&name).await.expect("open");
        let t0 = now_ms();
        store
            .save(&data, &Change::everything(&data))
            .await
            .expect("save");
        let t1 = now_ms();
        store.close();
        let reopened = Store::open(&name).await.expect("reopen");
        let loaded = reopened.load().await.expect("load");
        let t2 = now_ms();
        assert_eq!(loaded.dataset.record_count(), n);
        figure(format!(
            "bench storage n={n}: write all blocks {:.0} ms; open + load all {:.0} ms",
            t1 - t0,
            t2 - t1
        ));
        reopened.close();
        delete_database(&name).await.expect("delete");
    }
}
