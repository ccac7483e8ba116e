//! What the app lock seals is packed first (LZ4 block format, its length
//! before it as 4 bytes little-endian), marked `packed` beside `as`: a
//! block opened here by hand unpacks to the ledger's records; a block
//! sealed before packing (no mark) still opens; a mark added or taken away
//! by hand never yields data.

use super::support::{
    block, locked_copy, opened_by_hand, raw_read, raw_swap, sealed_by_hand, unpacked_by_hand,
};
use js_sys::{Object, Reflect};
use taizhang_core::ledgers::chunks::{chunk_slice, decode};
use taizhang_core::ledgers::model::Case;
use taizhang_storage::{use_data_key, Store};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::CryptoKey;

/// Puts `value` at the first cases block, and names `nonce` for it in the
/// manifest (opened and sealed again here): as the app would have stored it.
pub(super) async fn put_first_cases_block(
    name: &str,
    key: &CryptoKey,
    value: &JsValue,
    nonce: &str,
) {
    let at = JsValue::from_str("manifest");
    let manifest = raw_read(name, "meta", &at).await;
    let text = super::support::opened_text(key, "meta", "manifest", &manifest).await;
    let mut manifest: serde_json::Value = serde_json::from_str(&text).expect("manifest");
    let place = "chunks\n[\"cases\",0]";
    assert!(
        manifest["places"][place].is_string(),
        "the manifest names the block"
    );
    manifest["places"][place] = nonce.into();
    let text = serde_json::to_string(&manifest).expect("json");
    let resealed = super::support::sealed_text(key, "meta", "manifest", &text).await;
    raw_swap(name, "meta", &at, Some(&resealed)).await;
    raw_swap(name, "chunks", &block("cases", 0), Some(value)).await;
}

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
    let at = block("cases", 0);
    let value = raw_read(NAME, "chunks", &at).await;
    let plain = unpacked_by_hand(&opened_by_hand(&key, "chunks", &at, &value).await);
    let (unpacked, nonce) = sealed_by_hand(&key, "chunks", &at, (&plain, "bytes", false)).await;
    put_first_cases_block(NAME, &key, &unpacked, &nonce).await;
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
    let bare = Object::assign(&Object::new(), value.unchecked_ref());
    Reflect::delete_property(&bare, &"packed".into()).expect("delete");
    raw_swap(NAME, "chunks", &at, Some(&bare.into())).await;
    let store = Store::open(NAME).await.expect("open");
    let loaded = store.load().await;
    assert!(loaded.is_err(), "unmarked packed bytes read as a block");
    store.close();

    // Added: a block sealed unpacked, marked packed.
    let unpacked = unpacked_by_hand(&plain);
    let (marked, nonce) = sealed_by_hand(&key, "chunks", &at, (&unpacked, "bytes", true)).await;
    put_first_cases_block(NAME, &key, &marked, &nonce).await;
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
