//! Edges of the lock's names and manifest found by a review: an office
//! code that looks like a hidden name, a table cut to fewer blocks, and a
//! tab that has not heard the lock go on or off.

use crate::support::{block, raw_read, sample_copy};
use crate::support::{fresh, lock_on, locked_copy, raw_keys, raw_swap, trusted};
use taizhang_core::ledgers::chunks::{chunk_slice, encode};
use taizhang_core::Dataset;
use taizhang_core::Kind;
use taizhang_storage::{use_data_key, Change, StorageError, Store};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn is_sealed(value: &JsValue) -> bool {
    js_sys::Reflect::get(value, &"sealed".into()).is_ok_and(|v| !v.is_undefined())
}

/// A hidden name is told by its whole form, not by its `#`: an office code
/// comes from a file, and a key trusted for office `#…` must not lie under
/// its plain name (office code and fingerprint readable while locked),
/// whether trusted while locked or before the lock went on.
#[wasm_bindgen_test]
async fn a_key_for_an_office_code_beginning_with_hash_is_hidden_while_locked() {
    const OFFICE: &str = "#430200-secret-office";
    const KID: &str = "fingerprint-written-locked";
    const NAME: &str = "review-hash-written";
    let (store, _, _, _) = locked_copy(NAME).await;
    store
        .trust_keys(&[trusted(OFFICE, KID)])
        .await
        .expect("trusted while locked");
    assert_eq!(store.trusted_keys().await.expect("read").len(), 1);
    let keys = raw_keys(NAME, "keys").await;
    store.close();
    assert!(
        keys.iter()
            .all(|k| !k.contains("430200-secret-office") && !k.contains(KID)),
        "written while locked, readable in IndexedDB: {keys:?}"
    );

    const KID_BEFORE: &str = "fingerprint-trusted-before";
    const BEFORE: &str = "review-hash-turned-on";
    let store = fresh(BEFORE).await;
    store
        .trust_keys(&[trusted(OFFICE, KID_BEFORE)])
        .await
        .expect("trusted unlocked");
    lock_on(&store).await;
    let keys = raw_keys(BEFORE, "keys").await;
    store.close();
    use_data_key(None);
    assert!(
        keys.iter()
            .all(|k| !k.contains("430200-secret-office") && !k.contains(KID_BEFORE)),
        "left plain as the lock went on: {keys:?}"
    );
}

/// `data` without its cases, saved: the cases' blocks are cut off.
async fn every_case_deleted(store: &Store, data: &Dataset) -> Dataset {
    let mut next = data.clone();
    next.cases.clear();
    store
        .save(&next, &Change::everything(&next))
        .await
        .expect("saved");
    next
}

/// A table cut to fewer blocks while locked (the last cases deleted): the
/// write removes the block with `DeleteRange [["cases",0], ["cases",[]])`,
/// and the manifest must stop naming it (it once skipped a range whose
/// upper bound it could not read, and the copy then refused itself as
/// tampered after a legitimate write).
#[wasm_bindgen_test]
async fn a_table_cut_to_fewer_blocks_under_the_lock_loads_again() {
    const NAME: &str = "review-cut-legit";
    let (store, data, _, _) = locked_copy(NAME).await;
    let next = every_case_deleted(&store, &data).await;
    let loaded = store.load().await;
    store.close();
    let reopened = Store::open(NAME).await.expect("open");
    let again = reopened.load().await;
    reopened.close();
    use_data_key(None);
    assert_eq!(loaded.expect("not tampered (this tab)").dataset, next);
    assert_eq!(again.expect("not tampered (another tab)").dataset, next);
}

/// The same as an attack: the block cut off, its older sealed copy put
/// back (it opens: bound to the same place), is refused, not taken — the
/// deleted cases must not come back.
#[wasm_bindgen_test]
async fn a_block_cut_off_under_the_lock_put_back_is_refused() {
    const NAME: &str = "review-cut-put-back";
    let (store, data, _, _) = locked_copy(NAME).await;
    let at = block("cases", 0);
    let older = raw_read(NAME, "chunks", &at).await;
    assert!(is_sealed(&older));
    every_case_deleted(&store, &data).await;
    store.close();
    assert!(raw_read(NAME, "chunks", &at).await.is_undefined(), "cut");
    raw_swap(NAME, "chunks", &at, Some(&older)).await;
    let store = Store::open(NAME).await.expect("open");
    let loaded = store.load().await;
    store.close();
    use_data_key(None);
    match loaded {
        Err(StorageError::Tampered(_)) => {}
        Ok(loaded) => panic!(
            "the older block put back is taken: {} cases deleted are back",
            loaded.dataset.cases.len()
        ),
        Err(other) => panic!("{other:?}"),
    }
}

/// A second tab (here a second Store of the same page) that read the
/// lock's record before another turned the lock on: `sealing_key` answers
/// from its own record, so its next write is made plain and without the
/// manifest — a record's text readable in IndexedDB while the lock is on
/// (trust-format §5), and the copy then refused as tampered — unless the
/// write's transaction checks the lock is as the tab knows it.
#[wasm_bindgen_test]
async fn a_tab_that_has_not_seen_the_lock_go_on_writes_nothing_plain() {
    const NAME: &str = "review-stale-tab";
    let (first, data) = sample_copy(NAME).await;
    let second = Store::open(NAME).await.expect("another tab, lock off");
    lock_on(&first).await;
    let mut next = data.clone();
    next.cases[0].notes = "锁上之后写的明文".into();
    let cases = vec![(
        Kind::Cases,
        0,
        encode(chunk_slice(&next.cases, 0)).expect("block"),
    )];
    let wrote = second.save_blocks(cases, None, &[]).await;
    second.close();
    let stored = raw_read(NAME, "chunks", &block("cases", 0)).await;
    let loaded = first.load().await;
    first.close();
    use_data_key(None);
    assert!(
        wrote.is_err() || is_sealed(&stored),
        "a plain block stored while the lock is on (the write said {wrote:?})"
    );
    if wrote.is_ok() {
        assert!(
            loaded.is_ok(),
            "the copy refuses itself: {:?}",
            loaded.err()
        );
    }
}

/// The other way round: a tab (here a second Store of the page) unlocked
/// while another turns the lock off still seals with the data key it holds
/// (its record says the lock is on); a write that touches nothing the
/// manifest names (a file sent) is sealed, under a hidden name, into a copy
/// whose lock is off — a key no longer stored anywhere, so it never opens
/// again.
#[wasm_bindgen_test]
async fn a_tab_that_has_not_seen_the_lock_go_off_seals_nothing() {
    use crate::support::{sent, SHA};
    const NAME: &str = "review-stale-unlocked-tab";
    let (first, _, _, key) = locked_copy(NAME).await;
    let second = Store::open(NAME).await.expect("another tab, unlocked");
    assert!(second.app_lock().is_some());
    first.turn_lock_off(&key).await.expect("off");
    let wrote = second.record_sent(&sent(SHA)).await;
    second.close();
    // The tab that turned the lock off holds no data key.
    use_data_key(None);
    let read = first.sent_files().await;
    let keys = raw_keys(NAME, "sent").await;
    first.close();
    if wrote.is_ok() {
        assert!(
            read.as_ref().is_ok_and(|files| files.len() == 1),
            "the file sent is lost: {read:?}, stored under {keys:?}"
        );
    }
}
