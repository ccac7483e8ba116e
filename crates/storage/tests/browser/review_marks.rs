//! A review of 66b37e2 (the lock's marks bound to the wrapping of its data
//! key; an undo planned from one moment) that tried to break it, as someone
//! at the PC with the browser's tools (reading and writing IndexedDB, not
//! knowing the passphrase or the recovery key), or as a second tab racing
//! the first. Each test states its attack and whether it HELD (the test
//! passed against 66b37e2) or BROKE the change (the test failed there; each
//! holds since: turning the lock off refuses a manifest deleted, the undo
//! leaves the settings as stored, and an edit forgets the import's undo).

use crate::legacy_lock::*;
use crate::support::closed_locked_copy;
use crate::support::raw_swap;
use crate::support::{
    block, first_case, fresh, import, locked_with_an_older_block, now, sample_copy,
};
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::sample;
use taizhang_core::trust::applock::AppLock;
use taizhang_storage::{
    new_app_lock, new_recovery, rewrapped, unlock, use_data_key, Change, Secret, StorageError,
    Store, Unlocked,
};
use wasm_bindgen_test::*;

const NEW_PASSPHRASE: &str = "另一个口令另一个";

// ---- helpers (plain IndexedDB and WebCrypto, as someone at the PC would)

fn opened(unlocked: &Result<Unlocked, StorageError>) -> bool {
    unlocked.is_ok()
}

fn err_of(unlocked: &Result<Unlocked, StorageError>) -> String {
    match unlocked {
        Ok(u) => format!("Ok (rebinding: {})", u.rebinding.is_some()),
        Err(e) => format!("{e:?}"),
    }
}

/// After the marks of `lock` are lowered (as by hand), whether `secret`
/// still opens it: a bound wrapping must be refused as tampered.
async fn lowered_opens(lock: &AppLock, secret: &Secret<'_>) -> Result<Unlocked, StorageError> {
    let mut lowered = lock.clone();
    lowered.bound = false;
    lowered.manifest = false;
    lowered.names = false;
    unlock(&lowered, secret).await
}

// ---- the wrapping bound to the marks

/// HELD. The two wrappings swapped (`by_passphrase` <-> `by_recovery`),
/// the marks lowered and the manifest deleted, an older block put back:
/// neither secret opens the record (the passphrase's key does not open the
/// recovery key's wrapping and the other way round), so nothing is read.
#[wasm_bindgen_test]
async fn swapped_wrappings_with_marks_lowered_do_not_open() {
    const NAME: &str = "review-marks-swapped";
    let recovery = closed_locked_copy(NAME, true).await;
    marks_lowered_manifest_gone(NAME).await;
    let mut swapped = stored_lock(NAME).await;
    std::mem::swap(&mut swapped.by_passphrase, &mut swapped.by_recovery);
    put_lock(NAME, &swapped).await;

    let store = Store::open(NAME).await.expect("reopen");
    let lock = store.app_lock().expect("on");
    store.close();
    let by_passphrase = unlock(&lock, &Secret::Passphrase(PASSPHRASE)).await;
    let by_recovery = unlock(&lock, &Secret::Recovery(&recovery)).await;
    assert!(
        !opened(&by_passphrase) && !opened(&by_recovery),
        "swapped wrappings with marks lowered opened: passphrase {}, recovery {}",
        err_of(&by_passphrase),
        err_of(&by_recovery)
    );
}

/// HELD. Salt or rounds changed by hand (with the marks lowered), hoping
/// the bound path fails and the unbound one succeeds: both paths use the
/// same key-encryption key, so neither opens (WrongSecret, or the record
/// refused as corrupt), and the recovery key is still refused as tampered.
#[wasm_bindgen_test]
async fn salt_or_rounds_changed_with_marks_lowered_do_not_open_unbound() {
    const NAME: &str = "review-marks-salt";
    let recovery = closed_locked_copy(NAME, false).await;
    let mut salted = stored_lock(NAME).await;
    salted.salt = base64url(&random(16));
    let mut rounds = stored_lock(NAME).await;
    rounds.iterations += 1;
    for changed in [salted, rounds] {
        let by_passphrase = lowered_opens(&changed, &Secret::Passphrase(PASSPHRASE)).await;
        let by_recovery = lowered_opens(&changed, &Secret::Recovery(&recovery)).await;
        assert!(
            !opened(&by_passphrase),
            "passphrase: {}",
            err_of(&by_passphrase)
        );
        assert!(
            matches!(by_recovery, Err(StorageError::Tampered(_))),
            "recovery: {}",
            err_of(&by_recovery)
        );
    }
}

/// Tab A unlocks a lock from before (its passphrase's wrapping unbound);
/// before A's first-unlock steps and `bind_wrapping` run, tab B changes the
/// passphrase. A's rebinding must not put the old passphrase's wrapping
/// back over B's: afterwards the new passphrase opens, the old one does
/// not, and the wrapping in the record is bound. HELD.
#[wasm_bindgen_test]
async fn a_passphrase_change_in_another_tab_before_the_rebinding_stays() {
    const NAME: &str = "review-marks-rebind-vs-change";
    let (_, recovery, _) = legacy_locked(NAME).await;
    let a = Store::open(NAME).await.expect("tab A");
    let lock = a.app_lock().expect("on");
    let unlocked = unlock(&lock, &Secret::Passphrase(PASSPHRASE))
        .await
        .expect("A unlocks");
    let rebinding = unlocked.rebinding.expect("an unbound wrapping to bind");
    use_data_key(Some(unlocked.key.clone()));

    let b = Store::open(NAME).await.expect("tab B");
    let next = rewrapped(&b.app_lock().expect("on"), PASSPHRASE, NEW_PASSPHRASE)
        .await
        .expect("rewrapped");
    b.change_app_lock(&next).await.expect("B changes it");
    b.close();

    a.bind_values(&unlocked.key).await.expect("first unlock");
    a.bind_wrapping(&rebinding).await.expect("bind");
    a.close();
    use_data_key(None);

    let stored = stored_lock(NAME).await;
    let old = unlock(&stored, &Secret::Passphrase(PASSPHRASE)).await;
    let new = unlock(&stored, &Secret::Passphrase(NEW_PASSPHRASE)).await;
    assert!(
        !opened(&old),
        "the old passphrase opens again: {}",
        err_of(&old)
    );
    assert!(
        opened(&new),
        "the new passphrase does not open: {}",
        err_of(&new)
    );
    let lowered = lowered_opens(&stored, &Secret::Passphrase(NEW_PASSPHRASE)).await;
    assert!(
        matches!(lowered, Err(StorageError::Tampered(_))),
        "the new passphrase's wrapping is not bound: {}",
        err_of(&lowered)
    );
    // The recovery key still opens (unbound: the stated limit).
    assert!(opened(&unlock(&stored, &Secret::Recovery(&recovery)).await));
}

/// Tab A unlocks a lock from before with the passphrase; tab B makes a new
/// recovery key meanwhile. A's rebinding of the passphrase's wrapping must
/// keep B's new recovery wrapping: the withdrawn recovery key must not
/// open afterwards, the new one must. HELD.
#[wasm_bindgen_test]
async fn a_new_recovery_key_in_another_tab_before_the_rebinding_stays() {
    rebinding_raced_by_a_new_recovery_key("review-marks-rebind-vs-recovery", false).await;
}

/// Tab A unlocks a lock from before with the recovery key (its wrapping
/// unbound); tab B makes a new recovery key before A's rebinding lands.
/// A must not write the old recovery key's wrapping (bound anew) back: the
/// withdrawn recovery key must not open afterwards. HELD.
#[wasm_bindgen_test]
async fn a_recovery_rebinding_does_not_bring_a_withdrawn_recovery_key_back() {
    rebinding_raced_by_a_new_recovery_key("review-marks-recovery-rebind-vs-recovery", true).await;
}

/// Tab A unlocks a lock from before (by the recovery key if `by_recovery`,
/// else by the passphrase); tab B makes a new recovery key before A's
/// rebinding lands. The withdrawn recovery key must not open afterwards,
/// the new one must; unlocked by the passphrase, its wrapping is bound.
async fn rebinding_raced_by_a_new_recovery_key(name: &str, by_recovery: bool) {
    let (_, old_recovery, _) = legacy_locked(name).await;
    let a = Store::open(name).await.expect("tab A");
    let secret = match by_recovery {
        true => Secret::Recovery(&old_recovery),
        false => Secret::Passphrase(PASSPHRASE),
    };
    let unlocked = unlock(&a.app_lock().expect("on"), &secret)
        .await
        .expect("A unlocks");
    let rebinding = unlocked.rebinding.expect("an unbound wrapping to bind");
    use_data_key(Some(unlocked.key.clone()));

    let b = Store::open(name).await.expect("tab B");
    let (next, new_key) = new_recovery(&b.app_lock().expect("on"), PASSPHRASE)
        .await
        .expect("new recovery");
    b.change_app_lock(&next)
        .await
        .expect("B makes a new recovery key");
    b.close();

    a.bind_values(&unlocked.key).await.expect("first unlock");
    a.bind_wrapping(&rebinding).await.expect("bind");
    a.close();
    use_data_key(None);

    let stored = stored_lock(name).await;
    let old = unlock(&stored, &Secret::Recovery(&old_recovery)).await;
    let new = unlock(&stored, &Secret::Recovery(&new_key)).await;
    assert!(
        !opened(&old),
        "the withdrawn recovery key opens again: {}",
        err_of(&old)
    );
    assert!(
        opened(&new),
        "the new recovery key does not open: {}",
        err_of(&new)
    );
    if !by_recovery {
        let lowered = lowered_opens(&stored, &Secret::Passphrase(PASSPHRASE)).await;
        assert!(
            matches!(lowered, Err(StorageError::Tampered(_))),
            "the passphrase's wrapping was not bound: {}",
            err_of(&lowered)
        );
    }
}

/// Tab B read the lock (both wrappings unbound) before tab A's first
/// unlock bound the passphrase's wrapping; B then makes a new recovery key
/// from what it read, which carries the old, unbound passphrase wrapping.
/// Either B's change is refused, or the passphrase's wrapping stays bound:
/// the unbound one must not come back (it would let lowered marks through
/// the passphrase again). HELD.
#[wasm_bindgen_test]
async fn a_change_made_from_a_record_read_before_the_rebinding_does_not_unbind() {
    const NAME: &str = "review-marks-stale-change";
    legacy_locked(NAME).await;
    let b = Store::open(NAME).await.expect("tab B");
    let b_read = b.app_lock().expect("on");

    let a = Store::open(NAME).await.expect("tab A");
    let unlocked = unlock(&a.app_lock().expect("on"), &Secret::Passphrase(PASSPHRASE))
        .await
        .expect("A unlocks");
    use_data_key(Some(unlocked.key.clone()));
    a.bind_values(&unlocked.key).await.expect("first unlock");
    a.bind_wrapping(unlocked.rebinding.as_ref().expect("rebinding"))
        .await
        .expect("bind");
    a.close();

    let (next, _) = new_recovery(&b_read, PASSPHRASE)
        .await
        .expect("new recovery");
    let changed = b.change_app_lock(&next).await;
    b.close();
    use_data_key(None);

    let stored = stored_lock(NAME).await;
    let lowered = lowered_opens(&stored, &Secret::Passphrase(PASSPHRASE)).await;
    assert!(
        matches!(lowered, Err(StorageError::Tampered(_))),
        "B's change ({changed:?}) put the unbound passphrase wrapping back: lowered marks {}",
        err_of(&lowered)
    );
}

/// HELD. A page opened while the lock was on keeps the record it read.
/// Someone at the PC then rewrites the stored record with every mark
/// lowered, a salt and a recovery wrapping of their own (so that a tab
/// which knows the record takes the lowered marks instead of keeping its
/// own), deletes the manifest and puts an older block back. The user
/// unlocks that page (with the record it read: its wrapping opens, bound,
/// fully marked). The first-unlock steps and the load must not show the
/// older block.
#[wasm_bindgen_test]
async fn a_page_opened_before_the_record_was_changed_does_not_show_an_older_block() {
    const NAME: &str = "review-marks-stale-page";
    let (store, _key, older_block) = locked_with_an_older_block(NAME).await;
    store.close();
    use_data_key(None);
    let page = Store::open(NAME).await.expect("the locked page");

    let mut record = stored_lock(NAME).await;
    record.salt = base64url(&random(16));
    record.by_recovery = record.by_passphrase.clone();
    put_lock(NAME, &record).await;
    raw_swap(NAME, "chunks", &block("cases", 0), Some(&older_block)).await;
    marks_lowered_manifest_gone(NAME).await;

    let lock = page.app_lock().expect("on");
    let unlocked = unlock(&lock, &Secret::Passphrase(PASSPHRASE)).await;
    let shown = match unlocked {
        Err(_) => None,
        Ok(unlocked) => {
            use_data_key(Some(unlocked.key.clone()));
            let steps = page.bind_values(&unlocked.key).await;
            let loaded = match steps {
                Ok(()) => page.load().await.ok(),
                Err(_) => None,
            };
            loaded.map(|l| l.dataset.cases[0].notes.clone())
        }
    };
    page.close();
    use_data_key(None);
    assert_ne!(
        shown.as_deref(),
        Some("较早的内容"),
        "the older block was shown"
    );
}

/// BROKE (narrow: needs a tab unlocked while the store is changed by hand).
/// The lock is on, fully marked, its tab unlocked. Someone at the PC
/// deletes the sealed manifest and puts an older copy of a block back (no
/// mark lowered). The tab's own reads refuse this (the manifest is gone);
/// but turning the lock off takes every value plain without a manifest to
/// check them against (`manifest_opened` gives none, and nothing asks
/// whether the record says there must be one), so the older block becomes
/// the plain data. Contract (§5): an older copy put back is refused as
/// tampered; `turn_lock_off` says "nothing is taken plain that the manifest
/// would refuse".
#[wasm_bindgen_test]
async fn turning_the_lock_off_with_the_manifest_deleted_takes_no_older_block() {
    const NAME: &str = "review-marks-off-no-manifest";
    let (store, key, older_block) = locked_with_an_older_block(NAME).await;
    raw_swap(NAME, "chunks", &block("cases", 0), Some(&older_block)).await;
    raw_swap(NAME, "meta", &"manifest".into(), None).await;
    let read = store.load().await.map(|l| l.dataset.cases[0].notes.clone());
    let off = store.turn_lock_off(&key).await;
    store.close();
    use_data_key(None);
    let store = Store::open(NAME).await.expect("reopen");
    let notes = store.load().await.map(|l| l.dataset.cases[0].notes.clone());
    store.close();
    assert!(
        !(off.is_ok() && notes.as_deref() == Ok("较早的内容")),
        "turned off ({off:?}) with the manifest deleted: the older block is now the data \
         ({notes:?}); the tab's own load said {read:?}"
    );
}

/// HELD (for a lock made by this version). A record whose marks are
/// lowered, the manifest deleted: `turn_lock_off`, `rewrapped` and
/// `new_recovery` on a fresh page (which takes the record as it lies) are
/// all refused, since each needs the data key unwrapped first.
#[wasm_bindgen_test]
async fn a_lowered_record_is_refused_by_every_rewrite_of_the_lock() {
    const NAME: &str = "review-marks-lowered-rewrites";
    older_block_back_marks_lowered(NAME).await;
    let page = Store::open(NAME).await.expect("a page");
    let lock = page.app_lock().expect("on");
    page.close();
    let unlocked = unlock(&lock, &Secret::Passphrase(PASSPHRASE)).await;
    let re = rewrapped(&lock, PASSPHRASE, NEW_PASSPHRASE).await;
    let renewed = new_recovery(&lock, PASSPHRASE).await;
    assert!(
        matches!(unlocked, Err(StorageError::Tampered(_))),
        "unlock (as turn_off does): {}",
        err_of(&unlocked)
    );
    assert!(matches!(re, Err(StorageError::Tampered(_))), "{re:?}");
    assert!(
        matches!(renewed, Err(StorageError::Tampered(_))),
        "{:?}",
        renewed.err()
    );
}

// ---- the undo planned from one moment

const FIRST: &str = "第一次导入的说明";

/// BROKE. Tab A undoes the last import while tab B, started `delay` ms
/// later, saves a setting (here the expiry days; an approval taken is
/// saved the same way). The undo is raced and "planned anew from what is
/// stored then" — but the settings it writes are still the `current` its
/// caller passed before, so B's setting, which landed first, is written
/// over and lost. Contract (docs/trust.md): "An undo keeps the approvals
/// taken after the import it undoes, and every other setting as it is now."
#[wasm_bindgen_test]
async fn an_undo_keeps_a_setting_saved_in_another_tab_meanwhile() {
    let mut lost = Vec::new();
    for delay in [0u32, 1, 4, 16] {
        let name = format!("review-undo-settings-{delay}");
        let (store, data) = sample_copy(&name).await;
        import(&store, &data, FIRST, "one").await;
        let other = Store::open(&name).await.expect("tab B");
        let approved = Settings {
            expiry_days: Some(9),
            ..Settings::default()
        };
        let later = async {
            gloo_timers::future::TimeoutFuture::new(delay).await;
            other.save_settings(&approved).await
        };
        let at = now();
        let (undone, saved) = futures::join!(store.undo(&at), later);
        store.close();
        other.close();
        let store = Store::open(&name).await.expect("reopen");
        let settings = store.load().await.expect("load").settings;
        store.close();
        if saved.is_ok() && settings.expiry_days != Some(9) {
            lost.push(format!("{delay} ms: undo {undone:?}, B's save {saved:?}"));
        }
    }
    assert!(
        lost.is_empty(),
        "a setting saved in another tab during the undo was lost: {lost:?}"
    );
}

/// BROKE (also without a race: the undo puts whole blocks back). Tab A
/// undoes the last import (it changed the first case) while tab B saves an
/// edit of the second case, which lies in the same block. The undo is
/// raced and planned anew, and still puts back the block as it was before
/// the import, so B's edit is lost while its save reported success.
#[wasm_bindgen_test]
async fn an_undo_keeps_an_edit_saved_in_another_tab_meanwhile() {
    let mut lost = Vec::new();
    for delay in [0u32, 4, 16] {
        let name = format!("review-undo-edit-{delay}");
        let store = fresh(&name).await;
        let data = sample::dataset(&now());
        assert!(data.cases.len() >= 2, "two cases in the sample");
        store
            .save(&data, &Change::everything(&data))
            .await
            .expect("save");
        let after = import(&store, &data, FIRST, "one").await;
        let other = Store::open(&name).await.expect("tab B");
        let mut edited = after.clone();
        edited.cases[1].notes = "另一个标签页的修改".into();
        let later = async {
            gloo_timers::future::TimeoutFuture::new(delay).await;
            other.save(&edited, &first_case()).await
        };
        let at = now();
        let (undone, saved) = futures::join!(store.undo(&at), later);
        store.close();
        other.close();
        let store = Store::open(&name).await.expect("reopen");
        let cases = store.load().await.expect("load").dataset.cases;
        store.close();
        if saved.is_ok() && cases[1].notes != "另一个标签页的修改" {
            lost.push(format!(
                "{delay} ms: undo {undone:?}, B's save {saved:?}, second case {:?}",
                cases[1].notes
            ));
        }
    }
    assert!(
        lost.is_empty(),
        "an edit saved in another tab was lost: {lost:?}"
    );
}

/// HELD. Tab A undoes the last import while tab B clears the copy's data:
/// whichever lands first, nothing of the import is left half undone (no
/// log entry without its change, no undo kept), and the undo reports no
/// error other than a lost write.
#[wasm_bindgen_test]
async fn an_undo_while_another_tab_clears_leaves_nothing_half_undone() {
    for delay in [0u32, 2, 8, 32] {
        let name = format!("review-undo-clear-{delay}");
        let (store, data) = sample_copy(&name).await;
        import(&store, &data, FIRST, "one").await;
        let other = Store::open(&name).await.expect("tab B");
        let later = async {
            gloo_timers::future::TimeoutFuture::new(delay).await;
            other.clear_all().await
        };
        let at = now();
        let (undone, cleared) = futures::join!(store.undo(&at), later);
        store.close();
        other.close();
        let store = Store::open(&name).await.expect("reopen");
        let log = store.import_log().await.expect("log");
        let undo = store.undo_info().await.expect("undo");
        store.close();
        assert!(cleared.is_ok(), "{delay} ms: clear {cleared:?}");
        assert!(
            matches!(undone, Ok(()) | Err(StorageError::UndoGone)),
            "{delay} ms: undo {undone:?}"
        );
        assert!(
            log.is_empty() && undo.is_none(),
            "{delay} ms: log {} entries, undo kept {}",
            log.len(),
            undo.is_some()
        );
    }
}

/// HELD. Tab A undoes the last import while tab B turns the lock on: the
/// copy ends either undone or not, never half (the ledger's first case and
/// the import log agree), and whatever is stored opens under the lock.
#[wasm_bindgen_test]
async fn an_undo_while_another_tab_turns_the_lock_on_is_whole() {
    for delay in [0u32, 2, 8, 32] {
        let name = format!("review-undo-lock-on-{delay}");
        let (store, data) = sample_copy(&name).await;
        import(&store, &data, FIRST, "one").await;
        let other = Store::open(&name).await.expect("tab B");
        let (lock, _, key) = new_app_lock(PASSPHRASE).await.expect("lock");
        let later = async {
            gloo_timers::future::TimeoutFuture::new(delay).await;
            use_data_key(Some(key.clone()));
            other.turn_lock_on(&lock, &key).await
        };
        let at = now();
        let (undone, on) = futures::join!(store.undo(&at), later);
        store.close();
        other.close();
        let store = Store::open(&name).await.expect("reopen");
        let notes = store.load().await.map(|l| l.dataset.cases[0].notes.clone());
        let log = store.import_log().await.map(|l| l.len());
        store.close();
        use_data_key(None);
        assert!(on.is_ok(), "{delay} ms: lock on {on:?}");
        let imported = notes.as_deref() == Ok(FIRST);
        assert!(
            matches!(
                undone,
                Ok(()) | Err(StorageError::UndoGone | StorageError::Locked)
            ) && log.as_ref().is_ok_and(|n| (*n == 1) == imported),
            "{delay} ms: undo {undone:?}, notes {notes:?}, log {log:?}"
        );
    }
}

/// BROKE, and not a race (control for the test above): in ONE tab, an
/// import changes the first case, the user then edits the second case
/// (same block) and saves, then undoes the import. The undo puts back the
/// block as it was before the import, so the later edit of the second case
/// is lost (its history entry stays). Shows that the loss above is the
/// undo's design (whole blocks put back), which 66b37e2's replanning does
/// not change; "nothing lost" does not hold for records sharing a block
/// with the import's.
#[wasm_bindgen_test]
async fn an_undo_keeps_an_edit_saved_after_the_import_in_the_same_tab() {
    const NAME: &str = "review-undo-edit-sequential";
    let (store, data) = sample_copy(NAME).await;
    let after = import(&store, &data, FIRST, "one").await;
    let mut edited = after.clone();
    edited.cases[1].notes = "导入之后的修改".into();
    store.save(&edited, &first_case()).await.expect("edit");
    let undone = store.undo(&now()).await;
    let cases = store.load().await.expect("load").dataset.cases;
    let kept = store.undo_info().await.expect("undo");
    store.close();
    assert!(
        matches!(undone, Err(StorageError::UndoGone)) && kept.is_none(),
        "the edit forgets the import's undo: undo {undone:?}, still kept {}",
        kept.is_some()
    );
    assert_eq!(
        cases[1].notes, "导入之后的修改",
        "an edit made after the import, of a record the import did not touch, was undone"
    );
}
