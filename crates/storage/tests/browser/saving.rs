//! Saving and loading: a dataset back equal, a failed write leaving nothing,
//! an empty database, and settings saved alone.

use crate::support::{fresh, now, sample_copy};
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::sample;
use taizhang_storage::{Change, StorageError, Store};
use wasm_bindgen_test::*;

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
    let (store, before) = sample_copy("test-atomic").await;

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

#[wasm_bindgen_test]
async fn an_empty_database_loads_as_an_empty_dataset() {
    let store = fresh("test-empty").await;
    let loaded = store.load().await.expect("load");
    assert!(loaded.dataset.is_empty());
    assert_eq!(loaded.settings, Settings::default());
}

#[wasm_bindgen_test]
async fn saving_settings_alone_leaves_the_ledgers_as_they_are() {
    let (store, data) = sample_copy("test-settings").await;
    let settings = Settings {
        own_office: Some("430204-court".into()),
        ..Settings::default()
    };
    store.save_settings(&settings).await.expect("settings");
    let loaded = store.load().await.expect("load");
    assert_eq!(loaded.dataset, data, "no block written or removed");
    assert_eq!(loaded.settings, settings);
}

/// Two tabs saving at once: each save that landed says so. A save used to
/// check that it landed by the commit token a later read found; another
/// tab's save landing right after it left another token there, which was
/// taken for this save lost ("did not reach the database").
#[wasm_bindgen_test]
async fn two_tabs_saving_at_once_each_say_saved() {
    let mut seen = Vec::new();
    for delay in [0u32, 1, 2, 4, 8] {
        let name = format!("saving-two-tabs-{delay}");
        let (first, data) = sample_copy(&name).await;
        let second = Store::open(&name).await.expect("another tab");
        let mut one = data.clone();
        one.cases[0].notes = "第一个标签页".into();
        let settings = Settings::default();
        let later = async {
            gloo_timers::future::TimeoutFuture::new(delay).await;
            second.save_settings(&settings).await
        };
        let everything = Change::everything(&one);
        let (saved, other) = futures::join!(first.save(&one, &everything), later);
        first.close();
        second.close();
        seen.push(format!("{delay} ms: {saved:?}, other tab {other:?}"));
        assert!(saved.is_ok() && other.is_ok(), "{}", seen.join("\n"));
    }
}
