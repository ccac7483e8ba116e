//! An import undone, and a failed one that leaves neither data, nor undo,
//! nor log entry behind.

use crate::support::{fresh, now};
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::sample;
use taizhang_core::reporting::{FileFacts, LogEntry};
use taizhang_storage::{Change, ImportCounts, StorageError};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn an_import_can_be_undone_and_a_failed_one_changes_nothing() {
    let store = fresh("test-undo").await;
    let before = sample::dataset(&now());
    let settings = Settings {
        own_office: Some(sample::DISTRICT.into()),
        ..Settings::default()
    };
    store
        .save(
            &before,
            &Change {
                settings: Some(settings.clone()),
                ..Change::everything(&before)
            },
        )
        .await
        .expect("save");
    assert_eq!(store.undo_info().await.expect("info"), None);

    // An import that updates a record and appends 1500 (two new blocks).
    let mut after = before.clone();
    after.cases[0].notes = "导入后".into();
    after.cases[0].revision = 2;
    let extra = taizhang_core::ledgers::generate::province(1500, 3).cases;
    let first_new = after.cases.len();
    after.cases.extend(extra);
    let mut change = Change::default();
    change.touch(
        taizhang_core::Kind::Cases,
        [0].into_iter().chain(first_new..after.cases.len()),
    );

    let logged = LogEntry {
        id: "entry-1".into(),
        file: FileFacts {
            file_name: "台账-430200.json".into(),
            sha256: "ab".repeat(32),
            source_office: Some("430200-committee".into()),
            exported_at: Some(now()),
            signed_by: Some("a-fingerprint".into()),
        },
        applied_at: now(),
        counts: [3, 1, 0, 0, 0, 0],
    };
    taizhang_storage::fail_next_write_after(1);
    let failed = store
        .save_undoable(
            &before,
            &settings,
            &after,
            &change,
            "坏文件".into(),
            ImportCounts::default(),
            &logged,
            &taizhang_core::ledgers::history::ImportHistory::none(
                now(),
                taizhang_core::ledgers::history::How::Form,
            ),
        )
        .await;
    assert_eq!(failed, Err(StorageError::InjectedFault));
    assert_eq!(
        store.load().await.expect("load").dataset,
        before,
        "a failed import leaves nothing behind"
    );
    assert_eq!(
        store.undo_info().await.expect("info"),
        None,
        "nor an undo of it"
    );
    assert_eq!(
        store.import_log().await.expect("log"),
        [],
        "nor its log entry"
    );

    store
        .save_undoable(
            &before,
            &settings,
            &after,
            &change,
            "台账-430200.json".into(),
            ImportCounts {
                added: 3,
                updated: 1,
                deleted: 0,
            },
            &logged,
            &taizhang_core::ledgers::history::ImportHistory::none(
                now(),
                taizhang_core::ledgers::history::How::Form,
            ),
        )
        .await
        .expect("import");
    assert_eq!(
        store.import_log().await.expect("log"),
        std::slice::from_ref(&logged)
    );
    assert_eq!(store.load().await.expect("load").dataset, after);
    let info = store.undo_info().await.expect("info").expect("undo kept");
    assert_eq!(info.description, "台账-430200.json");
    assert_eq!(
        info.changed,
        ImportCounts {
            added: 3,
            updated: 1,
            deleted: 0
        }
    );
    // The settings as they are now stay (an import never changes them).
    store.undo(&now()).await.expect("undo");
    let restored = store.load().await.expect("load");
    assert_eq!(restored.dataset, before);
    assert_eq!(restored.settings, settings);
    assert_eq!(
        store.undo_info().await.expect("info"),
        None,
        "an undo is done once"
    );
    assert_eq!(
        store.import_log().await.expect("log"),
        [],
        "the undo removes its log entry"
    );
}
