//! In-browser tests (wasm-bindgen-test in headless Chromium): IndexedDB and components.
#![cfg(target_arch = "wasm32")]

use taizhang::domain::{sample, Timestamp};
use taizhang::storage::{delete_database, Change, Settings, StorageError, Store};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> Timestamp {
    Timestamp::from_unix_millis(js_sys::Date::now() as i64)
}

async fn fresh(name: &str) -> Store {
    delete_database(name).await.expect("delete");
    Store::open(name).await.expect("open")
}

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
    store.fail_next_save_after(2);
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
    assert_eq!(current.version(), taizhang::storage::VERSION);
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
