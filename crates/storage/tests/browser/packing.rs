//! What the app lock seals is packed first (a zero byte, the lengths, LZ4's
//! block format, zero padding: `support::unpacked_by_hand`), marked
//! `packed` beside `as`: a
//! block opened here by hand unpacks to the ledger's records; a block
//! sealed before packing (no mark) still opens; a mark added or taken away
//! by hand never yields data.

use super::support::{
    block, locked_copy, opened_by_hand, put_named, raw_read, raw_swap, sealed_before_packing,
    sealed_by_hand, unmarked, unpacked_by_hand,
};
use js_sys::Reflect;
use taizhang_core::ledgers::chunks::{chunk_slice, decode};
use taizhang_core::ledgers::model::Case;
use taizhang_storage::{use_data_key, Store};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn a_locked_block_is_packed_lz4_and_unpacks_to_its_records() {
    const NAME: &str = "packing-by-hand";
    let (store, data, _, key) = locked_copy(NAME).await;
    store.close();
    let at = block("cases", 0);
    let value = raw_read(NAME, "chunks", &at).await;
    assert_eq!(
        Reflect::get(&value, &"packed".into()).expect("get"),
        JsValue::TRUE
    );
    let plain = opened_by_hand(&key, "chunks", &at, &value).await;
    let unpacked = unpacked_by_hand(&plain);
    assert!(
        plain.len() < unpacked.len(),
        "{} packed of {}",
        plain.len(),
        unpacked.len()
    );
    let cases: Vec<Case> = decode(&unpacked).expect("the block's records");
    assert_eq!(cases, chunk_slice(&data.cases, 0));
    use_data_key(None);
}

#[wasm_bindgen_test]
async fn a_block_sealed_before_packing_still_opens() {
    const NAME: &str = "packing-older-block";
    let (store, _, _, key) = locked_copy(NAME).await;
    let edited = super::support::edit(
        &store,
        &store.load().await.expect("load").dataset,
        "打包之前",
    )
    .await;
    store.close();
    sealed_before_packing(NAME, &key, &block("cases", 0)).await;
    let store = Store::open(NAME).await.expect("open");
    let loaded = store.load().await.expect("an unpacked block opens");
    assert_eq!(loaded.dataset.cases, edited.cases);
    store.close();
    use_data_key(None);
}

#[wasm_bindgen_test]
async fn a_packed_mark_added_or_taken_away_yields_no_data() {
    const NAME: &str = "packing-relabelled";
    let (store, _, _, key) = locked_copy(NAME).await;
    store.close();
    let at = block("cases", 0);
    let value = raw_read(NAME, "chunks", &at).await;
    let plain = opened_by_hand(&key, "chunks", &at, &value).await;

    // Taken away: the packed bytes read as a block.
    raw_swap(NAME, "chunks", &at, Some(&unmarked(&value))).await;
    let store = Store::open(NAME).await.expect("open");
    let loaded = store.load().await;
    assert!(loaded.is_err(), "unmarked packed bytes read as a block");
    store.close();

    // Added: a block sealed unpacked, marked packed.
    let unpacked = unpacked_by_hand(&plain);
    let (marked, nonce) = sealed_by_hand(&key, "chunks", &at, (&unpacked, "bytes", true)).await;
    put_named(NAME, &key, "chunks", &at, &marked, &nonce).await;
    let store = Store::open(NAME).await.expect("open");
    let loaded = store.load().await;
    assert!(
        matches!(loaded, Err(taizhang_storage::StorageError::Tampered(_))),
        "an unpacked block marked packed: {:?}",
        loaded.map(|_| ())
    );
    store.close();
    use_data_key(None);
}
