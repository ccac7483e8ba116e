//! Schema upgrades from every earlier version keep what was stored and add
//! the stores of the versions after it.

use crate::support::{add_raw, now, trusted};
use taizhang_core::{ledgers::sample, Timestamp};
use taizhang_storage::{delete_database, Change, Store};
use wasm_bindgen_test::*;

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
    let name = "test-upgrade-4";
    delete_database(name).await.expect("delete");
    let v4 = Store::open_at(name, 4).await.expect("open v4");
    assert!(!v4.store_names().contains(&"history".to_owned()));
    let data = sample::dataset(&now());
    v4.save(&data, &Change::everything(&data))
        .await
        .expect("save in v4");
    let key = trusted("430200-committee", "a-fingerprint");
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
