//! The import log and the files sent are named by the manifest while the
//! lock is on: an entry taken away, or an older copy of one put back, is
//! refused when they are read.

use crate::support::{import, locked_copy, raw_keys, raw_swap, sent, SHA};
use taizhang_core::reporting::SentFile;
use taizhang_storage::{use_data_key, StorageError};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

/// The one key of `store`, as stored (read with plain IndexedDB calls).
async fn only_key(name: &str, store: &str) -> JsValue {
    let keys = raw_keys(name, store).await;
    assert_eq!(keys.len(), 1, "{keys:?}");
    js_sys::JSON::parse(&keys[0]).expect("key")
}

#[wasm_bindgen_test]
async fn an_import_logged_then_taken_away_by_hand_is_refused() {
    const NAME: &str = "manifest-logs-import-gone";
    let (store, data, _, _) = locked_copy(NAME).await;
    import(&store, &data, "导入的内容", "one").await;
    assert_eq!(store.import_log().await.expect("log").len(), 1);
    // Taken away: the reporting matrix would count the import as not made.
    let at = only_key(NAME, "imports").await;
    raw_swap(NAME, "imports", &at, None).await;
    let log = store.import_log().await;
    store.close();
    use_data_key(None);
    assert!(matches!(log, Err(StorageError::Tampered(_))), "{log:?}");
}

#[wasm_bindgen_test]
async fn an_older_copy_of_a_file_sent_put_back_is_refused() {
    const NAME: &str = "manifest-logs-sent-older";
    let (store, _, _, _) = locked_copy(NAME).await;
    store.record_sent(&sent(SHA)).await.expect("sent");
    let at = only_key(NAME, "sent").await;
    let before_receipt = raw_swap(NAME, "sent", &at, None).await;
    raw_swap(NAME, "sent", &at, Some(&before_receipt)).await;
    // The receipt comes back: the entry is written anew.
    let answered = SentFile {
        records: Some(3),
        ..sent(SHA)
    };
    store.record_sent(&answered).await.expect("answered");
    raw_swap(NAME, "sent", &at, Some(&before_receipt)).await;
    let files = store.sent_files().await;
    store.close();
    use_data_key(None);
    assert!(matches!(files, Err(StorageError::Tampered(_))), "{files:?}");
}
