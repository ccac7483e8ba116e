//! A tab that has not heard another turn the lock off and on again with a
//! new key (kept from hearing: here a second Store of the page, holding the
//! old data key) writes nothing under the old key: its write is refused as
//! locked, and every value stays one the new key opens.

use crate::support::{lock_on, locked_copy, sent, SHA};
use taizhang_storage::{use_data_key, StorageError, Store};
use wasm_bindgen_test::*;

/// The two tabs, the old key the deaf one holds and the new one.
async fn lock_made_anew(name: &str) -> (Store, Store, web_sys::CryptoKey, web_sys::CryptoKey) {
    let (first, _, _, old) = locked_copy(name).await;
    let deaf = Store::open(name).await.expect("another tab, unlocked");
    first.turn_lock_off(&old).await.expect("off");
    let (_, new) = lock_on(&first).await;
    // The deaf tab still holds the key it was unlocked with.
    use_data_key(Some(old.clone()));
    (first, deaf, old, new)
}

#[wasm_bindgen_test]
async fn a_tab_that_has_not_heard_the_lock_made_anew_writes_nothing_under_the_old_key() {
    const NAME: &str = "deaf-tab-lock-anew-sent";
    let (first, deaf, _, new) = lock_made_anew(NAME).await;
    // A file sent: a write the manifest does not name.
    let wrote = deaf.record_sent(&sent(SHA)).await;
    deaf.close();
    use_data_key(Some(new));
    let read = first.sent_files().await;
    let loaded = first.load().await;
    first.close();
    use_data_key(None);
    assert!(
        matches!(wrote, Err(StorageError::Locked)),
        "the deaf tab's write: {wrote:?}"
    );
    assert!(read.is_ok_and(|files| files.is_empty()));
    assert!(loaded.is_ok(), "{:?}", loaded.err());
}

#[wasm_bindgen_test]
async fn a_tab_that_has_not_heard_the_lock_made_anew_asks_to_unlock_before_saving() {
    const NAME: &str = "deaf-tab-lock-anew-settings";
    let (first, deaf, _, new) = lock_made_anew(NAME).await;
    // The settings: a write the manifest names.
    let wrote = deaf.save_settings(&Default::default()).await;
    deaf.close();
    use_data_key(Some(new));
    let loaded = first.load().await;
    first.close();
    use_data_key(None);
    assert!(
        matches!(wrote, Err(StorageError::Locked)),
        "the deaf tab's write: {wrote:?}"
    );
    assert!(loaded.is_ok(), "{:?}", loaded.err());
}
