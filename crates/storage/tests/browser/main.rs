//! In-browser tests (wasm-bindgen-test in headless Chromium): IndexedDB and components.
#![cfg(target_arch = "wasm32")]

use taizhang_core::base::settings::Settings;
use taizhang_core::reporting::{FileFacts, LogEntry};
use taizhang_core::{ledgers::sample, Timestamp};
use taizhang_storage::{delete_database, Change, ImportCounts, StorageError, Store};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod applock;
mod support;

use support::{add_raw, fresh, now};

#[wasm_bindgen_test]
async fn saved_dataset_loads_back_equal() {
    let store = fresh("test-roundtrip").await;
    let data = sample::dataset(&now());
    let settings = Settings {
        own_office: Some(sample::DISTRICT.into()),
        phases: sample::phases(),
        ..Settings::default()
    };
    let change = Change {
        settings: Some(settings.clone()),
        ..Change::everything(&data)
    };
    store.save(&data, &change).await.expect("save");
    store.close();
    let reopened = Store::open("test-roundtrip").await.expect("reopen");
    let loaded = reopened.load().await.expect("load");
    assert_eq!(loaded.dataset, data);
    assert_eq!(loaded.settings, settings);
    assert!(loaded.dataset.cases.len() > 250);
}

#[wasm_bindgen_test]
async fn a_failed_write_leaves_the_data_as_it_was() {
    let store = fresh("test-atomic").await;
    let before = sample::dataset(&now());
    store
        .save(&before, &Change::everything(&before))
        .await
        .expect("save");

    let mut after = before.clone();
    after.offices[0].name = "改过的名字".into();
    after.cases[0].reference = "改过".into();
    after.training_sessions.clear();
    let change = Change::everything(&after);
    assert!(change.blocks.len() >= 3, "the change spans several blocks");
    taizhang_storage::fail_next_write_after(2);
    assert_eq!(
        store.save(&after, &change).await,
        Err(StorageError::InjectedFault)
    );

    let loaded = store.load().await.expect("load");
    assert_eq!(
        loaded.dataset, before,
        "nothing of the failed write remains"
    );
    // And the same change goes through when nothing interrupts it.
    store.save(&after, &change).await.expect("save");
    assert_eq!(store.load().await.expect("load").dataset, after);
}

/// Version 2 is the schema before the import log: an upgrade to the current
/// one keeps every record and the undo, and adds the log and the files sent.
#[wasm_bindgen_test]
async fn upgrading_from_version_2_keeps_every_record_and_adds_the_log() {
    let name = "test-upgrade-2";
    delete_database(name).await.expect("delete");
    let v2 = Store::open_at(name, 2).await.expect("open v2");
    assert!(!v2.store_names().contains(&"imports".to_owned()));
    let data = sample::dataset(&now());
    v2.save(&data, &Change::everything(&data))
        .await
        .expect("save in v2");
    v2.close();
    let current = Store::open(name).await.expect("open current");
    assert_eq!(current.version(), 6);
    for store in [
        "meta",
        "chunks",
        "undo",
        "imports",
        "sent",
        "keys",
        "history",
        "history_pages",
    ] {
        assert!(current.store_names().contains(&store.to_owned()), "{store}");
    }
    assert_eq!(current.load().await.expect("load").dataset, data);
    assert_eq!(current.import_log().await.expect("log"), []);
    assert_eq!(current.sent_files().await.expect("sent"), []);
    assert_eq!(current.trusted_keys().await.expect("keys"), []);
    let id = data.cases[0].id.to_string();
    assert_eq!(current.history_of(&id).await.expect("history"), []);
}

/// Version 4 is the schema before the history: the upgrade keeps every
/// record, the import log and the keys trusted, and adds the history.
#[wasm_bindgen_test]
async fn upgrading_from_version_4_keeps_everything_and_adds_the_history() {
    use taizhang_core::trust::{PublicJwk, TrustedKey};
    let name = "test-upgrade-4";
    delete_database(name).await.expect("delete");
    let v4 = Store::open_at(name, 4).await.expect("open v4");
    assert!(!v4.store_names().contains(&"history".to_owned()));
    let data = sample::dataset(&now());
    v4.save(&data, &Change::everything(&data))
        .await
        .expect("save in v4");
    let key = TrustedKey {
        kid: "a-fingerprint".into(),
        office: "430200-committee".into(),
        jwk: PublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: "x".into(),
            y: "y".into(),
        },
        from: None,
        since: None,
        vouched_by: None,
    };
    v4.trust_keys(std::slice::from_ref(&key))
        .await
        .expect("trust in v4");
    v4.close();
    let current = Store::open(name).await.expect("open current");
    assert_eq!(current.version(), taizhang_storage::VERSION);
    assert!(current.store_names().contains(&"history".to_owned()));
    assert_eq!(current.load().await.expect("load").dataset, data);
    assert_eq!(current.trusted_keys().await.expect("keys"), [key]);
    let id = data.cases[0].id.to_string();
    assert_eq!(current.history_of(&id).await.expect("history"), []);
}

/// A record's history lands with its change or not at all, keeps its order
/// under a clock that stands still, and an undone import's entries give way
/// to the undo's.
#[wasm_bindgen_test]
async fn history_lands_with_its_change_and_an_undo_turns_it_around() {
    use taizhang_core::ledgers::chunks::{chunk_slice, encode};
    use taizhang_core::ledgers::history::{self, FileNamed, How};
    use taizhang_core::Kind;
    let store = fresh("test-history").await;
    let before = sample::dataset(&now());
    store
        .save(&before, &Change::everything(&before))
        .await
        .expect("save");
    let at = Timestamp::parse("2021-04-20T08:00:00Z").expect("time");
    let id = before.cases[0].id.to_string();

    // The form changes a case's notes: block and history in one write.
    let mut edited = before.clone();
    edited.cases[0].notes = "表单改过".into();
    edited.cases[0].revision += 1;
    let form = history::revision(Some(&before.cases[0]), &edited.cases[0], &at, &How::Form)
        .expect("a change");
    let block = || {
        vec![(
            Kind::Cases,
            0,
            encode(chunk_slice(&edited.cases, 0)).expect("block"),
        )]
    };
    taizhang_storage::fail_next_write_after(1);
    assert_eq!(
        store
            .save_blocks(block(), None, std::slice::from_ref(&form))
            .await,
        Err(StorageError::InjectedFault)
    );
    assert_eq!(store.load().await.expect("load").dataset, before);
    assert_eq!(
        store.history_of(&id).await.expect("history"),
        [],
        "nor its history"
    );
    store
        .save_blocks(block(), None, std::slice::from_ref(&form))
        .await
        .expect("saved");
    assert_eq!(
        store.history_of(&id).await.expect("history"),
        std::slice::from_ref(&form)
    );

    // An import changes it again, at the same instant.
    let mut imported = edited.clone();
    imported.cases[0].notes = "文件里的".into();
    imported.cases[0].revision += 1;
    let file = FileNamed {
        file: "台账-430200.json".into(),
        sha256: "cd".repeat(32),
        sender: Some("430200-committee".into()),
    };
    let mut touched = taizhang_core::PerKind::<Vec<usize>>::default();
    touched.get_mut(Kind::Cases).push(0);
    let revisions = history::of_import(
        &edited,
        &imported,
        &touched,
        &at,
        &How::Import(file.clone()),
    );
    assert_eq!(revisions.changed.len(), 1);
    let mut change = Change::default();
    change.touch(Kind::Cases, [0]);
    let logged = LogEntry {
        id: "entry-h".into(),
        file: FileFacts {
            file_name: file.file.clone(),
            sha256: file.sha256.clone(),
            source_office: file.sender.clone(),
            exported_at: Some(at.clone()),
            signed_by: None,
        },
        applied_at: at.clone(),
        counts: [0, 1, 0, 0, 0, 0],
    };
    store
        .save_undoable(
            &edited,
            &Settings::default(),
            &imported,
            &change,
            file.file.clone(),
            ImportCounts::default(),
            &logged,
            &revisions,
        )
        .await
        .expect("import");
    assert_eq!(
        store.history_of(&id).await.expect("history"),
        [form.clone(), revisions.changed[0].clone()]
    );

    store.undo(&at, &Default::default()).await.expect("undo");
    let after_undo = store.history_of(&id).await.expect("history");
    assert_eq!(after_undo.len(), 2, "{after_undo:?}");
    assert_eq!(after_undo[0], form);
    assert_eq!(after_undo[1].how, How::Undo(file));
    assert_eq!(after_undo[1].changes.len(), 1);
    assert_eq!(after_undo[1].changes[0].field, "notes");
    assert_eq!(after_undo[1].changes[0].old, Some("文件里的".into()));
    assert_eq!(after_undo[1].changes[0].new, Some("表单改过".into()));
    assert_eq!(store.load().await.expect("load").dataset, edited);
}

/// Version 5 kept a value per change: after the upgrade to pages, a
/// record's entries from before come first, then the pages' ones.
#[wasm_bindgen_test]
async fn history_kept_before_pages_is_still_read_first() {
    use taizhang_core::ledgers::chunks::{chunk_slice, encode};
    use taizhang_core::ledgers::history::{self, How};
    use taizhang_core::Kind;
    let name = "test-history-v5";
    delete_database(name).await.expect("delete");
    let v5 = Store::open_at(name, 5).await.expect("open v5");
    let data = sample::dataset(&now());
    v5.save(&data, &Change::everything(&data))
        .await
        .expect("save in v5");
    v5.close();
    let at = Timestamp::parse("2021-04-20T08:00:00Z").expect("time");
    let mut first = data.cases[0].clone();
    first.notes = "第一次".into();
    first.revision += 1;
    let old = history::revision(Some(&data.cases[0]), &first, &at, &How::Form).expect("a change");
    // As version 5 stored it: the record's id beside the revision's JSON.
    let entry = js_sys::Object::new();
    let id = data.cases[0].id.to_string();
    js_sys::Reflect::set(&entry, &"record".into(), &id.clone().into()).expect("set");
    let text = serde_json::to_string(&old).expect("json");
    js_sys::Reflect::set(&entry, &"text".into(), &text.into()).expect("set");
    add_raw(name, "history", &entry).await;

    let current = Store::open(name).await.expect("open current");
    let mut second = first.clone();
    second.notes = "第二次".into();
    second.revision += 1;
    let new = history::revision(Some(&first), &second, &at, &How::Form).expect("a change");
    let mut cases = data.cases.clone();
    cases[0] = second;
    let block = vec![(
        Kind::Cases,
        0,
        encode(chunk_slice(&cases, 0)).expect("block"),
    )];
    current
        .save_blocks(block, None, std::slice::from_ref(&new))
        .await
        .expect("saved");
    assert_eq!(current.history_of(&id).await.expect("history"), [old, new]);
    current.close();
}

#[wasm_bindgen_test]
async fn upgrading_from_version_1_keeps_the_data() {
    let name = "test-upgrade";
    delete_database(name).await.expect("delete");
    let v1 = Store::open_at(name, 1).await.expect("open v1");
    assert_eq!(v1.version(), 1);
    assert!(!v1.store_names().contains(&"undo".to_owned()));
    let data = sample::dataset(&now());
    v1.save(&data, &Change::everything(&data))
        .await
        .expect("save in v1");
    v1.close();

    let current = Store::open(name).await.expect("open current");
    assert_eq!(current.version(), taizhang_storage::VERSION);
    assert!(current.store_names().contains(&"undo".to_owned()));
    assert_eq!(current.load().await.expect("load").dataset, data);
}

#[wasm_bindgen_test]
async fn an_empty_database_loads_as_an_empty_dataset() {
    let store = fresh("test-empty").await;
    let loaded = store.load().await.expect("load");
    assert!(loaded.dataset.is_empty());
    assert_eq!(loaded.settings, Settings::default());
}

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
    store.undo(&now(), &settings).await.expect("undo");
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

#[wasm_bindgen_test]
async fn saving_settings_alone_leaves_the_ledgers_as_they_are() {
    let store = fresh("test-settings").await;
    let data = sample::dataset(&now());
    store
        .save(&data, &Change::everything(&data))
        .await
        .expect("save");
    let settings = Settings {
        own_office: Some("430204-court".into()),
        ..Settings::default()
    };
    store.save_settings(&settings).await.expect("settings");
    let loaded = store.load().await.expect("load");
    assert_eq!(loaded.dataset, data, "no block written or removed");
    assert_eq!(loaded.settings, settings);
}
