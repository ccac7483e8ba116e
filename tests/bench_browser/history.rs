//! What the record history (留痕) costs at 100k stored records.

use crate::support::{figure, now_ms, pages_bytes};
use taizhang_core::ledgers::generate;
use taizhang_storage::{delete_database, Change, Store};
use wasm_bindgen_test::*;

/// What the history (留痕) adds at 100k stored records: to saving one record
/// and to an import that changes 10k, in bytes and time, each measured beside
/// the same write without it.
#[wasm_bindgen_test]
async fn history_at_scale() {
    use taizhang_core::base::settings::Settings;
    use taizhang_core::ledgers::chunks::{chunk_slice, encode, CHUNK_LEN};
    use taizhang_core::ledgers::history::{self, FileNamed, How};
    use taizhang_core::reporting::{FileFacts, LogEntry};
    use taizhang_core::{Dataset, Kind, PerKind, Timestamp};
    use taizhang_storage::ImportCounts;
    let n = 100_000;
    let data = generate::province(n, 7);
    let name = "bench-history";
    delete_database(name).await.expect("delete");
    let store = Store::open(name).await.expect("open");
    store
        .save(&data, &Change::everything(&data))
        .await
        .expect("save");
    let at = Timestamp::parse("2022-01-15T00:00:00Z").expect("time");

    // One record saved by its form, 20 times each way, alternating.
    let position = data.cases.len() / 2;
    let (mut plain_ms, mut kept_ms, mut bytes) = (0.0, 0.0, 0);
    let rounds = 20;
    let mut current = data.cases.clone();
    for round in 0..rounds {
        let before = current[position].clone();
        current[position].notes = format!("第 {round} 次修改");
        current[position].revision += 1;
        let revision = history::revision(Some(&before), &current[position], &at, &How::Form)
            .expect("a change");
        let block = position / CHUNK_LEN;
        let t0 = now_ms();
        let bytes_of_block = encode(chunk_slice(&current, block)).expect("block");
        let blocks = vec![(Kind::Cases, block, bytes_of_block)];
        if round % 2 == 0 {
            store.save_blocks(blocks, None, &[]).await.expect("save");
            plain_ms += now_ms() - t0;
        } else {
            let kept = [revision];
            store.save_blocks(blocks, None, &kept).await.expect("save");
            kept_ms += now_ms() - t0;
            bytes += pages_bytes(&kept);
        }
    }
    let half = f64::from(rounds / 2);
    figure(format!(
        "bench history.{n}: save one record {:.1} ms without history, {:.1} ms with it; {} bytes of history per save",
        plain_ms / half,
        kept_ms / half,
        bytes / (rounds as usize / 2)
    ));

    // An import that changes 10k cases, with and without their history.
    let mut next = data.clone();
    next.cases = current;
    let changed: Vec<usize> = (0..10_000)
        .map(|i| i * (n / 2) / 10_000)
        .filter(|&i| i < next.cases.len())
        .collect();
    for &i in &changed {
        next.cases[i].notes = "督导组复核意见".into();
        next.cases[i].revision += 1;
    }
    let touched = PerKind::<Vec<usize>> {
        cases: changed.clone(),
        ..PerKind::default()
    };
    let mut change = Change::default();
    change.touch(Kind::Cases, changed.iter().copied());
    let file = FileNamed {
        file: "台账-210000.json".into(),
        sha256: "ab".repeat(32),
        sender: Some("210000-committee".into()),
    };
    let t0 = now_ms();
    let revisions = history::of_import(&data, &next, &touched, &at, &How::Import(file.clone()));
    let diff_ms = now_ms() - t0;
    assert_eq!(revisions.changed.len(), changed.len());
    let logged = |id: &str| LogEntry {
        id: id.into(),
        file: FileFacts {
            file_name: file.file.clone(),
            sha256: file.sha256.clone(),
            source_office: file.sender.clone(),
            exported_at: Some(at.clone()),
            signed_by: None,
        },
        applied_at: at.clone(),
        counts: [0, 10_000, 0, 0, 0, 0],
    };
    let import = |kept: &'static str, revisions: history::ImportHistory| {
        let (store, data, next, change, logged) = (&store, &data, &next, &change, logged(kept));
        async move {
            let t0 = now_ms();
            store
                .save_undoable(
                    data,
                    &Settings::default(),
                    next,
                    change,
                    "bench".into(),
                    ImportCounts::default(),
                    &logged,
                    &revisions,
                )
                .await
                .expect("import");
            let ms = now_ms() - t0;
            store.undo(&at_later()).await.expect("undo");
            ms
        }
    };
    fn at_later() -> Timestamp {
        Timestamp::parse("2022-01-16T00:00:00Z").expect("time")
    }
    let bytes = pages_bytes(&revisions.changed);
    let none = history::ImportHistory::none(at.clone(), How::Form);
    let plain = import("plain", none.clone()).await;
    let kept = import("kept", revisions).await;
    figure(format!(
        "bench history.{n}: import changing 10,000 records {plain:.0} ms without history, {kept:.0} ms with it (+ {diff_ms:.0} ms to find the changes); {:.0} KiB of history",
        bytes as f64 / 1024.0
    ));
    store.close();
    delete_database(name).await.expect("delete");

    // A province's file into an empty copy: every record new, the history a
    // line each. Alternating, three rounds each way, each into a fresh database.
    let empty = Dataset::default();
    let touched = PerKind::<Vec<usize>>::from_fn(|kind| (0..data.len_of(kind)).collect());
    let how = How::Import(file.clone());
    let t0 = now_ms();
    let revisions = history::of_import(&empty, &data, &touched, &at, &how);
    let found_ms = now_ms() - t0;
    let t0 = now_ms();
    let written = history::import_pages(&revisions).expect("pages");
    let pages_ms = now_ms() - t0;
    let page_bytes: usize = written.iter().map(|(_, text)| text.len()).sum();
    let (mut plain_ms, mut kept_ms) = (0.0, 0.0);
    for round in 0..6 {
        let name = "bench-history-new";
        delete_database(name).await.expect("delete");
        let store = Store::open(name).await.expect("open");
        let kept = if round % 2 == 0 { &none } else { &revisions };
        let t0 = now_ms();
        store
            .save_undoable(
                &empty,
                &Settings::default(),
                &data,
                &Change::everything(&data),
                "bench".into(),
                ImportCounts::default(),
                &logged("new"),
                kept,
            )
            .await
            .expect("import");
        let ms = now_ms() - t0;
        if round % 2 == 0 {
            plain_ms += ms / 3.0;
        } else {
            kept_ms += ms / 3.0;
        }
        store.close();
        delete_database(name).await.expect("delete");
    }
    figure(format!(
        "bench history.{n}: import of {} new records {plain_ms:.0} ms without history, {kept_ms:.0} ms with it ({:.2}×; + {found_ms:.0} ms to list them, {pages_ms:.0} ms to write {} pages, {:.0} KiB)",
        revisions.created.len(),
        kept_ms / plain_ms,
        written.len(),
        page_bytes as f64 / 1024.0
    ));
}
