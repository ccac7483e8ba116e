//! A review of 228c02f (the lock's rewrites expect what they were made
//! from; the manifest says which stores it names whole; a tab that missed
//! a change of the lock reads and writes as the lock is now) that tried to
//! break it, as someone at the PC with the browser's tools, or a second
//! tab, would. Every test here failed on 228c02f and passes since (three
//! more, a manifest deleted by hand with the marks lowered, are still open:
//! docs/app-lock.md).
//!
//! Tried and held (run as tests, not kept): a deaf tab turning the lock
//! on over another tab's lock (refused: its own-key read goes through the
//! new manifest, Locked without a key); the commit token deleted by hand,
//! then a write racing the lock going off (the rewrite is made again);
//! two tabs running the first unlock at once with a third writing, over a
//! manifest without `whole` (each step made anew, the copy whole after).

use crate::support::{block, edit, import, lower_mark, raw_read};
use crate::support::{fresh, locked_copy, now, raw_swap};
use taizhang_core::Kind;
use taizhang_storage::{new_app_lock, use_data_key, StorageError, Store};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

/// Tab B turns the lock off; tab A (unlocked before, has not heard) is
/// asked to turn it off too: its rewrite reads every value, finds them
/// plain, and fails as `Tampered` ("the stored data was changed outside
/// the app") instead of reading the lock again as the guide says a tab
/// that has not heard does. The user is told someone tampered with the
/// data, when only another tab of theirs turned the lock off.
#[wasm_bindgen_test]
async fn a_deaf_tab_turning_the_lock_off_finds_it_off() {
    const NAME: &str = "review-rw-deaf-lock-off";
    let (first, _, _, key) = locked_copy(NAME).await;
    let deaf = Store::open(NAME).await.expect("another tab, unlocked");
    first
        .turn_lock_off(&key)
        .await
        .expect("off in the first tab");
    first.close();
    use_data_key(Some(key.clone()));
    let turned = deaf.turn_lock_off(&key).await;
    let loaded = deaf.load().await.map(|l| l.dataset.cases.len());
    deaf.close();
    use_data_key(None);
    assert!(
        !matches!(turned, Err(StorageError::Tampered(_))),
        "the deaf tab's turn_lock_off: {turned:?} (load then: {loaded:?})"
    );
}

/// A locked copy whose first case has one revision in its history (a
/// form edit): the store, the case's id, the key.
async fn locked_with_history(name: &str) -> (Store, String, web_sys::CryptoKey) {
    use taizhang_core::ledgers::chunks::{chunk_slice, encode};
    use taizhang_core::ledgers::history::{self, How};
    let (store, data, _, key) = locked_copy(name).await;
    let mut edited = data.clone();
    edited.cases[0].notes = "表单改过".into();
    edited.cases[0].revision += 1;
    let form = history::revision(Some(&data.cases[0]), &edited.cases[0], &now(), &How::Form)
        .expect("a change");
    let blocks = vec![(
        Kind::Cases,
        0,
        encode(chunk_slice(&edited.cases, 0)).expect("block"),
    )];
    store
        .save_blocks(blocks, None, std::slice::from_ref(&form))
        .await
        .expect("saved");
    let id = data.cases[0].id.to_string();
    assert_eq!(store.history_of(&id).await.expect("history").len(), 1);
    (store, id, key)
}

/// Tab B turns the lock off; tab A (unlocked, has not heard) shows a
/// record's history: `history_of` opens the pages as this tab knows the
/// lock (on, key held), finds them plain and refuses them as `Tampered`;
/// unlike `load`, `read_value` and `read_every`, it does not read the lock
/// again. The user is told the data was changed outside the app.
#[wasm_bindgen_test]
async fn a_deaf_tab_reads_history_after_the_lock_went_off() {
    const NAME: &str = "review-rw-deaf-history-off";
    let (first, id, key) = locked_with_history(NAME).await;
    let deaf = Store::open(NAME).await.expect("another tab, unlocked");
    first
        .turn_lock_off(&key)
        .await
        .expect("off in the first tab");
    first.close();
    use_data_key(Some(key));
    let read = deaf.history_of(&id).await.map(|h| h.len());
    deaf.close();
    use_data_key(None);
    assert_eq!(read, Ok(1), "the deaf tab's history of the case");
}

/// Tab B turns the lock off and on again (a new key); tab A (unlocked with
/// the old key, has not heard) shows a record's history: refused as
/// `Tampered`, not `Locked` ("unlock it first") as every other read of a
/// tab holding a stale key is.
#[wasm_bindgen_test]
async fn a_deaf_tab_reading_history_after_the_lock_made_anew_is_asked_to_unlock() {
    const NAME: &str = "review-rw-deaf-history-anew";
    let (first, id, old) = locked_with_history(NAME).await;
    let deaf = Store::open(NAME).await.expect("another tab, unlocked");
    first
        .turn_lock_off(&old)
        .await
        .expect("off in the first tab");
    let (_, new) = crate::support::lock_on(&first).await;
    first.close();
    use_data_key(Some(old));
    let read = deaf.history_of(&id).await.map(|h| h.len());
    deaf.close();
    use_data_key(Some(new));
    let fine = Store::open(NAME).await.expect("reopen");
    let with_new = fine.history_of(&id).await.map(|h| h.len());
    fine.close();
    use_data_key(None);
    assert!(
        matches!(read, Err(StorageError::Locked)),
        "the deaf tab's history of the case: {read:?} (with the new key: {with_new:?})"
    );
}

/// A copy locked under afeb211, whose manifest named the undo's places
/// (but has no `whole` set: 228c02f reads it as not answering for the
/// undo). Before its first unlock under 228c02f, the undo kept by the
/// first of two imports is put back by hand. afeb211 refused it (its
/// manifest names the undo's places with other nonces); 228c02f's
/// `check_all` skips the undo (not answered for) although the manifest
/// names those places, and `name_whole` names the older undo as it lies.
/// Undoing then takes the first case back to before the FIRST import:
/// the second import's change is silently lost.
#[wasm_bindgen_test]
async fn an_afeb211_manifest_naming_the_undo_refuses_an_older_undo() {
    use crate::support::{opened_text, sealed_text};
    const NAME: &str = "review-rw-afeb211-undo";
    let (store, data, _, key) = locked_copy(NAME).await;
    let first = import(&store, &data, "第一次导入", "one").await;
    let kept_block = raw_read(NAME, "undo", &block("cases", 0)).await;
    let kept_info = raw_read(NAME, "undo", &"info".into()).await;
    let second = import(&store, &first, "第二次导入", "two").await;
    store.close();
    // The manifest as afeb211 kept it: the undo's places named, no `whole`
    // (and neither the import log nor the files sent named).
    let at = JsValue::from_str("manifest");
    let sealed = raw_read(NAME, "meta", &at).await;
    let text = opened_text(&key, "meta", "manifest", &sealed).await;
    let mut manifest: serde_json::Value = serde_json::from_str(&text).expect("manifest");
    assert!(text.contains("undo\\n"), "the undo is named: {text}");
    manifest["places"]
        .as_object_mut()
        .expect("places")
        .retain(|place, _| !place.starts_with("imports\n") && !place.starts_with("sent\n"));
    manifest.as_object_mut().expect("object").remove("whole");
    let text = serde_json::to_string(&manifest).expect("json");
    let resealed = sealed_text(&key, "meta", "manifest", &text).await;
    raw_swap(NAME, "meta", &at, Some(&resealed)).await;
    // The older undo put back by hand.
    raw_swap(NAME, "undo", &block("cases", 0), Some(&kept_block)).await;
    raw_swap(NAME, "undo", &"info".into(), Some(&kept_info)).await;
    let store = Store::open(NAME).await.expect("reopen");
    use_data_key(Some(key.clone()));
    let unlocked = store.bind_values(&key).await;
    let undone = store.undo(&now()).await;
    let notes = store.load().await.map(|l| l.dataset.cases[0].notes.clone());
    store.close();
    use_data_key(None);
    assert!(
        matches!(unlocked, Err(StorageError::Tampered(_))),
        "the unlock named an older undo put back by hand over a manifest that named \
         the undo: unlock {unlocked:?}; undo {undone:?}; the first case's notes are now \
         {notes:?} (after the second import they were {:?})",
        second.cases[0].notes
    );
}

/// Tab A's user changes the passphrase: the new record is wrapped from
/// the record A knows (a PBKDF2 of 600,000 rounds, twice: a second or
/// two). Meanwhile the user makes a new recovery key in tab B (not
/// announced to other tabs), and tab A makes an ordinary write (an
/// autosave, a file sent): that write is raced, reads the lock's record
/// again, and so A now "knows" B's record. `change_app_lock` compares the
/// record with what A knows *now*, not with the record its new one was
/// made from: it goes through and writes the older recovery wrapping back.
/// The new recovery key the user just printed no longer opens the lock;
/// the old one (perhaps lost or seen by someone: why a new one was made)
/// opens it again.
#[wasm_bindgen_test]
async fn a_passphrase_change_made_from_an_older_record_keeps_the_new_recovery_key() {
    use crate::support::{sent, SHA};
    use taizhang_storage::{new_recovery, rewrapped, unlock, Secret};
    const NAME: &str = "review-rw-stale-wrap";
    const PASSPHRASE: &str = "第一个口令第一个";
    let a = fresh(NAME).await;
    let (lock, old_recovery, key) = new_app_lock(PASSPHRASE).await.expect("lock");
    use_data_key(Some(key.clone()));
    a.turn_lock_on(&lock, &key).await.expect("on");
    let b = Store::open(NAME).await.expect("another tab");
    // Tab A wraps the data key for the new passphrase, from the record it knows.
    let changed = rewrapped(&a.app_lock().expect("on"), PASSPHRASE, "第二个口令第二个")
        .await
        .expect("rewrapped");
    // Meanwhile: a new recovery key in tab B.
    let (renewed, new_recovery_key) = new_recovery(&b.app_lock().expect("on"), PASSPHRASE)
        .await
        .expect("a new recovery key");
    b.change_app_lock(&renewed).await.expect("kept in tab b");
    // Meanwhile: an ordinary write in tab A.
    a.record_sent(&sent(SHA)).await.expect("a write in tab a");
    let kept = a.change_app_lock(&changed).await;
    a.close();
    b.close();
    let store = Store::open(NAME).await.expect("reopen");
    let stored = store.app_lock().expect("on");
    store.close();
    use_data_key(None);
    let new_opens = unlock(&stored, &Secret::Recovery(&new_recovery_key))
        .await
        .is_ok();
    let old_opens = unlock(&stored, &Secret::Recovery(&old_recovery))
        .await
        .is_ok();
    assert!(
        new_opens && !old_opens,
        "tab A's passphrase change gave {kept:?}; the new recovery key made in tab B \
         opens the lock: {new_opens}; the old one, which should have stopped working: \
         {old_opens}"
    );
}

/// The one key of `store` in `after` and not in `before` (raw_keys' JSON).
fn new_key(before: &[String], after: &[String]) -> JsValue {
    let json = after
        .iter()
        .find(|k| !before.contains(k))
        .expect("a new entry");
    JsValue::from_str(&serde_json::from_str::<String>(json).expect("a text key"))
}

/// New in 228c02f: a read refused as `Tampered` is made again when the
/// lock's record changed meanwhile, "as the lock is now". Someone at the
/// PC while a tab is unlocked puts back an older sealed block AND lowers
/// the plain `manifest` mark (the manifest itself left as it is): the
/// tab's load finds the older block, is refused, sees the record changed,
/// reads it again (the key still opens the manifest: `held_key_opens`
/// asks nothing when the mark says there is no manifest) and loads again
/// without the manifest: the older block is shown as the ledger (and
/// exported, reported, signed) in place of the user's newer one. On
/// afeb211 the same load was refused.
#[wasm_bindgen_test]
async fn an_unlocked_tab_refuses_an_older_block_with_the_manifest_mark_lowered() {
    const NAME: &str = "review-rw-unlocked-lowered-load";
    let (store, data, _, _) = locked_copy(NAME).await;
    let older = edit(&store, &data, "较早的内容").await;
    let older_block = raw_read(NAME, "chunks", &block("cases", 0)).await;
    let newer = edit(&store, &older, "较新的内容").await;
    // The tab stays open and unlocked; by hand, meanwhile:
    raw_swap(NAME, "chunks", &block("cases", 0), Some(&older_block)).await;
    lower_mark(NAME, "manifest").await;
    let loaded = store.load().await.map(|l| l.dataset.cases[0].notes.clone());
    store.close();
    use_data_key(None);
    assert!(
        matches!(loaded, Err(StorageError::Tampered(_))),
        "the unlocked tab loads the first case's notes as {loaded:?}; the user's were {:?}",
        newer.cases[0].notes
    );
}

/// The same on the keys trusted: while a tab is unlocked, a withdrawn
/// key's older "trusted" entry is put back under its hidden name, its
/// "withdrawn" entry deleted, and the `manifest` mark lowered: the tab's
/// read of the keys is refused, made again without the manifest, and the
/// withdrawn key is trusted again (a file signed with it verifies).
#[wasm_bindgen_test]
async fn an_unlocked_tab_keeps_a_withdrawn_key_withdrawn_with_the_manifest_mark_lowered() {
    use crate::support::{raw_keys, trusted, KID, OFFICE};
    const NAME: &str = "review-rw-unlocked-lowered-keys";
    let (store, _, _, _) = locked_copy(NAME).await;
    let before = raw_keys(NAME, "keys").await;
    store
        .trust_keys(&[trusted(OFFICE, KID)])
        .await
        .expect("trust");
    let after_trust = raw_keys(NAME, "keys").await;
    let trusted_at = new_key(&before, &after_trust);
    let entry = raw_read(NAME, "keys", &trusted_at).await;
    store.withdraw_key(OFFICE, KID).await.expect("withdraw");
    let withdrawn_at = new_key(&after_trust, &raw_keys(NAME, "keys").await);
    assert_eq!(store.trusted_keys().await.expect("keys"), []);
    // The tab stays open and unlocked; by hand, meanwhile:
    raw_swap(NAME, "keys", &trusted_at, Some(&entry)).await;
    raw_swap(NAME, "keys", &withdrawn_at, None).await;
    lower_mark(NAME, "manifest").await;
    let trusted_now = store.trusted_keys().await.map(|k| k.len());
    store.close();
    use_data_key(None);
    assert!(
        matches!(trusted_now, Err(StorageError::Tampered(_))),
        "the unlocked tab's keys trusted: {trusted_now:?} (the key was withdrawn)"
    );
}

/// While a tab is unlocked, someone at the PC lowers the plain `names`
/// mark. The tab's next write (a key trusted) is raced by the changed
/// record and reads it again; the write after that stores its entry
/// under its PLAIN name (`entry_key`: the lock "has no names"): the
/// office's code and the key's fingerprint are readable in IndexedDB
/// while the lock is on (trust-format §5, turn 4: names that say nothing),
/// until the next unlock hides them again.
#[wasm_bindgen_test]
async fn an_unlocked_tab_hides_names_with_the_names_mark_lowered() {
    use crate::support::{raw_keys, trusted, KID, OFFICE};
    const NAME: &str = "review-rw-unlocked-lowered-names";
    let (store, _, _, _) = locked_copy(NAME).await;
    lower_mark(NAME, "names").await;
    // The first write after hears the record changed; the next is named
    // as the record now says.
    let first = store.trust_keys(&[trusted("430100-committee", KID)]).await;
    let trusted_now = store.trust_keys(&[trusted(OFFICE, KID)]).await;
    store.close();
    use_data_key(None);
    let names = raw_keys(NAME, "keys").await;
    assert!(
        !names.iter().any(|k| k.contains(OFFICE)),
        "trusted: {first:?}, {trusted_now:?}; the keys store's names while the lock is on: {names:?}"
    );
}

/// Turning the lock off opens every value where it lies and stores it
/// plain, without checking any against the manifest: an older sealed
/// block put back by hand while the lock is on (which every read refuses)
/// is taken as the ledger by the turning off, silently, and from then on
/// it is the plain, unchecked truth. (Not new in 228c02f, which made the
/// rewrite expect the commit token and the record, but still nothing it
/// read against the manifest.)
#[wasm_bindgen_test]
async fn turning_the_lock_off_refuses_an_older_block_put_back() {
    const NAME: &str = "review-rw-off-older-block";
    let (store, data, _, key) = locked_copy(NAME).await;
    let older = edit(&store, &data, "较早的内容").await;
    let older_block = raw_read(NAME, "chunks", &block("cases", 0)).await;
    let newer = edit(&store, &older, "较新的内容").await;
    raw_swap(NAME, "chunks", &block("cases", 0), Some(&older_block)).await;
    let refused_before = store.load().await.map(|_| ());
    let off = store.turn_lock_off(&key).await;
    use_data_key(None);
    let notes = store.load().await.map(|l| l.dataset.cases[0].notes.clone());
    store.close();
    assert!(
        matches!(off, Err(StorageError::Tampered(_))),
        "while the lock was on the load gave {refused_before:?}; turning it off gave \
         {off:?}; the first case's notes now load as {notes:?}, the user's were {:?}",
        newer.cases[0].notes
    );
}
