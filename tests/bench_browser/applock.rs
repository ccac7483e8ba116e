//! What the app lock costs at 100k records, step by step beside a plain copy.

use crate::support::{figure, now_ms};
use taizhang_core::figures::dashboard::{kpis, Scope};
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::{ledgers::generate, Day};
use taizhang_storage::{delete_database, Change, Store};
use wasm_bindgen_test::*;

/// The app lock at 100k records: each step on a plain and on a sealed copy
/// of the same data, side by side (five rounds, which copy goes first
/// alternating; medians, and the median of each round's ratio), and the
/// unlock's own time (PBKDF2-SHA-256, 600,000 rounds, and the unwrap).
#[wasm_bindgen_test]
async fn app_lock_at_scale() {
    use taizhang_core::base::settings::Settings;
    use taizhang_core::exchange::{self, ExportScope};
    use taizhang_core::ledgers::chunks::{chunk_slice, encode, CHUNK_LEN};
    use taizhang_core::ledgers::history::{self, FileNamed, How};
    use taizhang_core::reporting::{FileFacts, LogEntry};
    use taizhang_core::{Kind, PerKind, Timestamp};
    use taizhang_storage::{new_app_lock, unlock, use_data_key, ImportCounts, Secret};
    const PASSPHRASE: &str = "政法队伍教育整顿";
    let n = 100_000;
    let today = Day::parse("2022-01-15").expect("day");
    let at = Timestamp::parse("2022-01-15T00:00:00Z").expect("time");
    let data = generate::province(n, 7);
    // As the exchange engine does: a preview's load kept for the apply.
    taizhang_storage::keep_blocks_for_undo();
    let mut stores = Vec::new();
    for name in ["bench-unlocked", "bench-locked"] {
        delete_database(name).await.expect("delete");
        let store = Store::open(name).await.expect("open");
        store
            .save(&data, &Change::everything(&data))
            .await
            .expect("save");
        stores.push(store);
    }
    let t0 = now_ms();
    let (lock, _, key) = new_app_lock(PASSPHRASE).await.expect("lock");
    let new_ms = now_ms() - t0;
    let t0 = now_ms();
    stores[1].turn_lock_on(&lock, &key).await.expect("on");
    let on_ms = now_ms() - t0;
    let mut unlock_ms = 0.0;
    for _ in 0..3 {
        let t0 = now_ms();
        unlock(&lock, &Secret::Passphrase(PASSPHRASE))
            .await
            .expect("unlock");
        unlock_ms += now_ms() - t0;
    }
    figure(format!(
        "bench applock.{n}: unlock (PBKDF2-SHA-256 600,000 rounds + unwrap) {:.0} ms; lock made {new_ms:.0} ms; turned on over 100k records {on_ms:.0} ms",
        unlock_ms / 3.0
    ));

    // An import that changes 10k cases, as a file would bring them.
    let mut next = data.clone();
    let changed: Vec<usize> = (0..10_000).map(|i| i * (n / 2) / 10_000).collect();
    for &i in &changed {
        next.cases[i].notes = "督导组复核意见".into();
        next.cases[i].revision += 1;
    }
    let mut change = Change::default();
    change.touch(Kind::Cases, changed.iter().copied());
    let touched = PerKind::<Vec<usize>> {
        cases: changed.clone(),
        ..PerKind::default()
    };
    let how = How::Import(FileNamed {
        file: "台账.json".into(),
        sha256: "ab".repeat(32),
        sender: None,
    });
    let revisions = history::of_import(&data, &next, &touched, &at, &how);
    let logged = LogEntry {
        id: "bench".into(),
        file: FileFacts {
            file_name: "台账.json".into(),
            sha256: "ab".repeat(32),
            source_office: None,
            exported_at: Some(at.clone()),
            signed_by: None,
        },
        applied_at: at.clone(),
        counts: [0, 10_000, 0, 0, 0, 0],
    };
    let tree = OfficeTree::new(&data.offices);
    let office = data.offices[0].code.clone();
    const SAVES: usize = 25;
    let steps = ["first figures", "preview", "apply", "save one", "export"];
    let mut per_round = Vec::new();
    for round in 0..5 {
        let mut totals = [[0.0f64; 5]; 2];
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for which in order {
            let store = &stores[which];
            use_data_key((which == 1).then(|| key.clone()));
            let t = &mut totals[which];
            // Start to the first figures: load everything, count the tiles.
            let t0 = now_ms();
            let loaded = store.load().await.expect("load");
            let scope = Scope::new(&loaded.dataset, &tree, &office, None, None, today);
            let _ = kpis(&loaded.dataset, &scope);
            t[0] = now_ms() - t0;
            drop(loaded);
            // Preview: load the stored data, compare the file with it.
            let t0 = now_ms();
            let loaded = store.load().await.expect("load");
            let plan = exchange::plan(&loaded.dataset, &next);
            t[1] = now_ms() - t0;
            assert!(plan.changes_something());
            // Apply, with its undo copy (undone after, untimed).
            let t0 = now_ms();
            store
                .save_undoable(
                    &loaded.dataset,
                    &Settings::default(),
                    &next,
                    &change,
                    "bench".into(),
                    ImportCounts::default(),
                    &logged,
                    &revisions,
                )
                .await
                .expect("apply");
            t[2] = now_ms() - t0;
            store.undo(&at).await.expect("undo");
            // One record saved (its block), 25 times: one takes a few
            // milliseconds, and five of them were within the timer's noise.
            let block = n / 2 / CHUNK_LEN;
            let bytes = encode(chunk_slice(&data.cases, block)).expect("block");
            let t0 = now_ms();
            for _ in 0..SAVES {
                let blocks = vec![(Kind::Cases, block, bytes.clone())];
                store.save_blocks(blocks, None, &[]).await.expect("save");
            }
            t[3] = (now_ms() - t0) / SAVES as f64;
            // Export: load, build the exchange file, write its JSON.
            let t0 = now_ms();
            let loaded = store.load().await.expect("load");
            let file = exchange::export(&loaded.dataset, &ExportScope::default(), at.clone(), None);
            let json = exchange::to_json(&file);
            t[4] = now_ms() - t0;
            assert!(json.len() > 1_000_000);
        }
        per_round.push(totals);
    }
    use_data_key(None);
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    for (i, step) in steps.iter().enumerate() {
        let plain = median(per_round.iter().map(|r| r[0][i]).collect());
        let sealed = median(per_round.iter().map(|r| r[1][i]).collect());
        let ratios: Vec<f64> = per_round.iter().map(|r| r[1][i] / r[0][i]).collect();
        let spread = ratios
            .iter()
            .map(|r| format!("{r:.2}"))
            .collect::<Vec<_>>()
            .join(" ");
        figure(format!(
            "bench applock.{n}: {step}: unlocked {plain:.0} ms, locked {sealed:.0} ms (median ratio {:.2}×; rounds {spread})",
            median(ratios.clone())
        ));
    }
    for (store, name) in stores.iter().zip(["bench-unlocked", "bench-locked"]) {
        store.close();
        delete_database(name).await.expect("delete");
    }
}
