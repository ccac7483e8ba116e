//! The load of a copy without the lock, which decodes each page of blocks as
//! it arrives: many pages back equal, and a block missing, garbled or not
//! bytes (changed with plain IndexedDB calls) refused, never a short ledger.

use crate::support::{block, fresh, raw_swap};
use taizhang_core::ledgers::generate;
use taizhang_storage::{Change, StorageError, Store};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

/// 30,000 records: 9 blocks of training sessions, 3 of honoured models, 18 of
/// cases, so several pages of blocks, each kind across a page's edge.
async fn many_blocks(name: &str) -> taizhang_core::Dataset {
    let store = fresh(name).await;
    let data = generate::province(30_000, 7);
    store
        .save(&data, &Change::everything(&data))
        .await
        .expect("save");
    store.close();
    data
}

async fn load(name: &str) -> Result<taizhang_core::Dataset, StorageError> {
    let store = Store::open(name).await.expect("open");
    let loaded = store.load().await.map(|l| l.dataset);
    store.close();
    loaded
}

#[wasm_bindgen_test]
async fn many_pages_of_blocks_load_back_equal() {
    let data = many_blocks("test-load-pages").await;
    assert_eq!(data.cases.len(), 18_000);
    assert_eq!(load("test-load-pages").await.expect("load"), data);
}

#[wasm_bindgen_test]
async fn a_block_taken_out_of_the_middle_is_refused() {
    let name = "test-load-gap";
    many_blocks(name).await;
    raw_swap(name, "chunks", &block("cases", 9), None).await;
    match load(name).await {
        Err(StorageError::Corrupt(why)) => assert!(why.contains("out of order"), "{why}"),
        other => panic!(
            "a gap in the cases loaded: {:?}",
            other.map(|d| d.cases.len())
        ),
    }
}

#[wasm_bindgen_test]
async fn a_garbled_block_is_refused() {
    let name = "test-load-garbled";
    many_blocks(name).await;
    let garbled = js_sys::Uint8Array::from(&[1u8, 0xff, 0xff, 0xff, 0xff, 0x0f, 3, 4][..]);
    raw_swap(
        name,
        "chunks",
        &block("training_sessions", 8),
        Some(&garbled),
    )
    .await;
    assert!(
        matches!(load(name).await, Err(StorageError::Corrupt(_))),
        "a garbled block was read"
    );
}

#[wasm_bindgen_test]
async fn a_block_that_is_not_bytes_is_refused() {
    let name = "test-load-text";
    many_blocks(name).await;
    let text = JsValue::from_str("not a block");
    raw_swap(name, "chunks", &block("honoured_models", 1), Some(&text)).await;
    assert!(
        matches!(load(name).await, Err(StorageError::Corrupt(_))),
        "a text was read as a block"
    );
}
