//! An import's undo copies while the lock is on: the block as stored,
//! opened and sealed again at the undo's place, when it is the one the
//! last load read (kept, as the exchange engine asks, by `support::fresh`);
//! else encoded anew. Either way the undo
//! puts the ledgers back.

use super::support::{
    block, import, locked_copy, now, opened_by_hand, raw_read, sealed_before_packing,
    unpacked_by_hand,
};
use js_sys::Reflect;
use taizhang_storage::{new_app_lock, use_data_key, Store};
use wasm_bindgen_test::wasm_bindgen_test;

/// Undoes the last import of `store` and finds `before`'s cases; closes it.
async fn undone_to(store: &Store, before: &taizhang_core::Dataset) {
    store.undo(&now()).await.expect("undo");
    let cases = store.load().await.expect("load").dataset.cases;
    assert_eq!(cases, before.cases);
    store.close();
    use_data_key(None);
}

/// Failed with the copies always encoded anew: a block the app sealed
/// before packing (no mark) is, as its undo copy, sealed again as it was —
/// not packed — opens by hand at the undo's place to the same bytes, and
/// the undo puts it back.
#[wasm_bindgen_test]
async fn an_undo_copy_is_the_stored_block_sealed_again_at_the_undos_place() {
    const NAME: &str = "undo-copy-resealed";
    let (store, _, _, key) = locked_copy(NAME).await;
    store.close();
    let at = block("cases", 0);
    let plain = sealed_before_packing(NAME, &key, &at).await;

    let store = Store::open(NAME).await.expect("open");
    let before = store.load().await.expect("load").dataset;
    let after = import(&store, &before, "导入的内容", "one").await;
    let copy = raw_read(NAME, "undo", &at).await;
    assert!(
        Reflect::get(&copy, &"packed".into())
            .expect("get")
            .is_undefined(),
        "sealed again as it was stored, not packed anew"
    );
    assert_eq!(opened_by_hand(&key, "undo", &at, &copy).await, plain);
    assert_eq!(store.load().await.expect("load").dataset.cases, after.cases);
    undone_to(&store, &before).await;
}

/// The lock turned off and on again (a new data key) after the load: the
/// blocks kept from it no longer open, so the copies are encoded anew, and
/// the undo puts the ledgers back.
#[wasm_bindgen_test]
async fn blocks_kept_under_an_earlier_lock_are_not_used() {
    const NAME: &str = "undo-copy-new-lock";
    let (store, _, _, old) = locked_copy(NAME).await;
    let before = store.load().await.expect("load").dataset;
    store.turn_lock_off(&old).await.expect("off");
    let (lock, _, key) = new_app_lock("第二个口令第二个").await.expect("lock");
    use_data_key(Some(key.clone()));
    store.turn_lock_on(&lock, &key).await.expect("on");
    import(&store, &before, "导入的内容", "one").await;
    let at = block("cases", 0);
    let copy = raw_read(NAME, "undo", &at).await;
    assert_eq!(Reflect::get(&copy, &"packed".into()).expect("get"), true);
    let packed = opened_by_hand(&key, "undo", &at, &copy).await;
    assert!(!unpacked_by_hand(&packed).is_empty());
    undone_to(&store, &before).await;
}
