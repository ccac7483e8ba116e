//! What is kept to undo the last import is named by the manifest while the
//! lock is on: a kept block put back older, emptied or taken away is
//! refused, never undone into the ledger; a lock whose manifest did not
//! name it names it on its next unlock.

use crate::support::{block, entry, import, lower_mark, raw_read};
use crate::support::{locked_copy, now, opened_text, raw_swap, sealed_text};
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::history::{How, ImportHistory};

use taizhang_storage::{use_data_key, Change, ImportCounts, StorageError, Store};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

/// A locked copy after two imports of the first case's notes, with the
/// block the first import kept (from before it), and the store.
async fn two_imports(name: &str) -> (Store, JsValue, web_sys::CryptoKey) {
    let (store, data, _, key) = locked_copy(name).await;
    let first = import(&store, &data, "第一次导入", "one").await;
    let kept_by_first = raw_read(name, "undo", &block("cases", 0)).await;
    import(&store, &first, "第二次导入", "two").await;
    (store, kept_by_first, key)
}

/// What the undo and a load then give; the ledger must not be the block
/// from before the first import.
async fn undo_is_refused(store: Store) {
    let undone = store.undo(&now()).await;
    let loaded = store.load().await.expect("the ledger still opens");
    store.close();
    use_data_key(None);
    assert!(
        matches!(undone, Err(StorageError::Tampered(_))),
        "the undo took a kept block that is not the one kept: {undone:?}"
    );
    assert_eq!(loaded.dataset.cases[0].notes, "第二次导入");
}

#[wasm_bindgen_test]
async fn an_older_kept_block_put_back_is_refused_not_undone_into_the_ledger() {
    const NAME: &str = "manifest-undo-older";
    let (store, kept_by_first, _) = two_imports(NAME).await;
    raw_swap(NAME, "undo", &block("cases", 0), Some(&kept_by_first)).await;
    undo_is_refused(store).await;
}

#[wasm_bindgen_test]
async fn a_kept_block_emptied_or_taken_away_is_refused() {
    // Empty bytes say "this block did not exist": the undo would delete it.
    const EMPTIED: &str = "manifest-undo-emptied";
    let (store, _, _) = two_imports(EMPTIED).await;
    let empty = js_sys::Uint8Array::new_with_length(0);
    raw_swap(EMPTIED, "undo", &block("cases", 0), Some(&empty)).await;
    undo_is_refused(store).await;
    const GONE: &str = "manifest-undo-gone";
    let (store, _, _) = two_imports(GONE).await;
    raw_swap(GONE, "undo", &block("cases", 0), None).await;
    undo_is_refused(store).await;
}

#[wasm_bindgen_test]
async fn the_undo_of_an_import_that_added_a_block_still_removes_it() {
    // The kept "did not exist" (empty bytes, plain) is named and taken.
    const NAME: &str = "manifest-undo-added-block";
    let (store, data, _, _) = locked_copy(NAME).await;
    let mut next = data.clone();
    let more = taizhang_core::ledgers::generate::province(5_000, 1).cases;
    let one_block = taizhang_core::ledgers::chunks::CHUNK_LEN;
    assert!(more.len() > one_block);
    next.cases.extend(more.into_iter().take(one_block));
    let change = Change::everything(&next);
    store
        .save_undoable(
            &data,
            &Settings::default(),
            &next,
            &change,
            "grew".into(),
            ImportCounts::default(),
            &entry("grew"),
            &ImportHistory::none(now(), How::Form),
        )
        .await
        .expect("import");
    store.undo(&now()).await.expect("undo");
    let loaded = store.load().await.expect("loads");
    store.close();
    use_data_key(None);
    assert_eq!(loaded.dataset.cases.len(), data.cases.len());
}

/// The manifest as a copy from before it named the undo: the sealed
/// manifest opened and sealed again by this test's own WebCrypto calls,
/// without its `undo` places and not saying it names the undo whole.
async fn as_before_undo_was_named(name: &str, key: &web_sys::CryptoKey) {
    let at = JsValue::from_str("manifest");
    let sealed = raw_read(name, "meta", &at).await;
    let text = opened_text(key, "meta", "manifest", &sealed).await;
    let mut manifest: serde_json::Value = serde_json::from_str(&text).expect("manifest");
    let places = manifest["places"].as_object_mut().expect("places");
    let before = places.len();
    places.retain(|place, _| !place.starts_with("undo\n"));
    assert!(places.len() < before, "the manifest named the undo");
    let whole = manifest["whole"].as_array_mut().expect("whole");
    whole.retain(|store| store != "undo");
    let text = serde_json::to_string(&manifest).expect("json");
    let resealed = sealed_text(key, "meta", "manifest", &text).await;
    raw_swap(name, "meta", &at, Some(&resealed)).await;
}

#[wasm_bindgen_test]
async fn a_lock_whose_manifest_did_not_name_the_undo_names_it_on_unlock() {
    const NAME: &str = "manifest-undo-named-on-unlock";
    let (store, kept_by_first, key) = two_imports(NAME).await;
    store.close();
    as_before_undo_was_named(NAME, &key).await;
    let store = Store::open(NAME).await.expect("reopen");
    store
        .bind_values(&key)
        .await
        .expect("the unlock names the undo");
    // From then on an older kept block put back is refused.
    raw_swap(NAME, "undo", &block("cases", 0), Some(&kept_by_first)).await;
    undo_is_refused(store).await;
}

#[wasm_bindgen_test]
async fn a_kept_block_that_does_not_open_is_not_named_on_unlock() {
    const NAME: &str = "manifest-undo-not-named-if-changed";
    let (store, _, key) = two_imports(NAME).await;
    store.close();
    as_before_undo_was_named(NAME, &key).await;
    // One byte of the kept block's ciphertext flipped.
    let at = block("cases", 0);
    let kept = raw_read(NAME, "undo", &at).await;
    let bytes: js_sys::Uint8Array = js_sys::Reflect::get(&kept, &"sealed".into())
        .expect("sealed")
        .into();
    bytes.set_index(20, bytes.get_index(20) ^ 1);
    raw_swap(NAME, "undo", &at, Some(&kept)).await;
    let store = Store::open(NAME).await.expect("reopen");
    let unlocked = store.bind_values(&key).await;
    store.close();
    use_data_key(None);
    assert!(
        matches!(unlocked, Err(StorageError::Tampered(_))),
        "{unlocked:?}"
    );
}

#[wasm_bindgen_test]
async fn a_lowered_mark_does_not_name_an_older_kept_block() {
    // A mark lowered by hand makes the unlock name values anew; every value
    // must first be the one the manifest still stored names.
    const NAME: &str = "manifest-undo-lowered-mark";
    let (store, kept_by_first, key) = two_imports(NAME).await;
    store.close();
    raw_swap(NAME, "undo", &block("cases", 0), Some(&kept_by_first)).await;
    lower_mark(NAME, "names").await;
    let store = Store::open(NAME).await.expect("reopen");
    let unlocked = store.bind_values(&key).await;
    store.close();
    use_data_key(None);
    assert!(
        matches!(unlocked, Err(StorageError::Tampered(_))),
        "{unlocked:?}"
    );
}
