//! The lock's marks bound to the wrapping of its data key. The marks are
//! plain in the lock's record; lowered by hand with the manifest deleted,
//! they made the next unlock take the values as they lay (a lock from an
//! earlier version), an older block put back with them. Now a wrapping made
//! by this version opens only with the additional data that states every
//! mark, so such a record is refused at unlock, before anything is read.
//! The legacy record here is made by the test's own WebCrypto calls.

use crate::legacy_lock::*;
use crate::support::closed_locked_copy;
use crate::support::{
    block, locked_copy, locked_with_an_older_block, lower_mark, raw_read, raw_swap,
};
use js_sys::{Reflect, Uint8Array};
use taizhang_storage::{unlock, use_data_key, Secret, StorageError, Store, Unlocked};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

/// The additional data docs/app-lock.md states, spelled here, not taken from the code.
const STATED: &[u8] = b"taizhang app lock: bound, manifest, names";

fn refused(unlocked: &Result<Unlocked, StorageError>) -> bool {
    matches!(unlocked, Err(StorageError::Tampered(_)))
}

/// An older block put back, the manifest deleted and the marks lowered: the
/// unlock is refused as tampered (before, it opened and the next unlock's
/// steps named the older block), and nothing stored is changed by it.
#[wasm_bindgen_test]
async fn marks_lowered_with_the_manifest_deleted_are_refused_at_unlock() {
    const NAME: &str = "marks-lowered-refused";
    let older_block = older_block_back_marks_lowered(NAME).await;
    let lowered = stored_lock(NAME).await;

    let store = Store::open(NAME).await.expect("reopen");
    let lock = store.app_lock().expect("the lock is on");
    let unlocked = unlock(&lock, &Secret::Passphrase(PASSPHRASE)).await;
    store.close();
    assert!(
        refused(&unlocked),
        "marks lowered by hand with the manifest gone: the unlock gave {:?}",
        unlocked.as_ref().err()
    );
    assert_eq!(
        stored_lock(NAME).await,
        lowered,
        "the record is left as it lies"
    );
    let block_now = raw_read(NAME, "chunks", &block("cases", 0)).await;
    assert_eq!(
        sealed_bytes(&block_now),
        sealed_bytes(&older_block),
        "the block is left as it lies"
    );
}

/// The same refused when the recovery key unlocks, and a passphrase or a
/// new recovery key cannot be made from such a record either.
#[wasm_bindgen_test]
async fn marks_lowered_are_refused_whichever_secret_unlocks() {
    const NAME: &str = "marks-lowered-recovery";
    let recovery = closed_locked_copy(NAME, true).await;
    lower_mark(NAME, "names").await;
    let lowered = stored_lock(NAME).await;

    let by_recovery = unlock(&lowered, &Secret::Recovery(&recovery)).await;
    let rewrapped = taizhang_storage::rewrapped(&lowered, PASSPHRASE, "另一个口令另一个").await;
    let renewed = taizhang_storage::new_recovery(&lowered, PASSPHRASE).await;
    assert!(
        refused(&by_recovery),
        "by the recovery key: {:?}",
        by_recovery.err()
    );
    assert!(
        matches!(rewrapped, Err(StorageError::Tampered(_))),
        "{rewrapped:?}"
    );
    assert!(
        matches!(renewed, Err(StorageError::Tampered(_))),
        "{:?}",
        renewed.err()
    );
}

/// The bytes of a sealed value (its `s` member) or of bytes as stored.
fn sealed_bytes(value: &JsValue) -> Vec<u8> {
    let inner = Reflect::get(value, &"sealed".into()).unwrap_or(JsValue::UNDEFINED);
    let bytes = if inner.is_undefined() {
        value.clone()
    } else {
        inner
    };
    bytes
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .unwrap_or_default()
}

// ---- a lock from before wrappings were bound, made by the test's own calls

/// Unlocks as the page does: the key, the first unlock's steps, then the
/// wrapping bound.
async fn unlock_as_the_page(name: &str, secret: &Secret<'_>) -> Result<(), StorageError> {
    let store = Store::open(name).await.expect("open");
    let lock = store.app_lock().expect("locked");
    let result = async {
        let unlocked = unlock(&lock, secret).await?;
        use_data_key(Some(unlocked.key.clone()));
        store.bind_values(&unlocked.key).await?;
        if let Some(rebinding) = &unlocked.rebinding {
            store.bind_wrapping(rebinding).await?;
        }
        Ok(())
    }
    .await;
    store.close();
    use_data_key(None);
    result
}

/// A lock from before: its wrappings open without additional data (so its
/// marks cannot be told from lowered ones). Each wrapping is bound to the
/// stated additional data the first time its secret unlocks; from then on,
/// marks lowered are refused for that secret. The test opens the new
/// wrapping with its own key and the stated bytes.
#[wasm_bindgen_test]
async fn a_lock_from_before_binds_each_wrapping_as_its_secret_unlocks() {
    const NAME: &str = "marks-legacy-rebound";
    let (raw, recovery, kek) = legacy_locked(NAME).await;
    let before = stored_lock(NAME).await;

    unlock_as_the_page(NAME, &Secret::Passphrase(PASSPHRASE))
        .await
        .expect("the first unlock");
    let after = stored_lock(NAME).await;
    assert_ne!(
        after.by_passphrase, before.by_passphrase,
        "the passphrase's wrapping made anew"
    );
    assert_eq!(
        after.by_recovery, before.by_recovery,
        "the recovery key's not yet"
    );
    assert_eq!(
        opens(&kek, &after.by_passphrase, Some(STATED)).await,
        Some(raw.clone())
    );
    assert_eq!(
        opens(&kek, &after.by_passphrase, None).await,
        None,
        "bound, it needs the bytes"
    );

    lower_mark(NAME, "manifest").await;
    let lowered = stored_lock(NAME).await;
    let by_passphrase = unlock(&lowered, &Secret::Passphrase(PASSPHRASE)).await;
    assert!(refused(&by_passphrase), "{:?}", by_passphrase.err());
    // The limit docs/app-lock.md states: the recovery key's wrapping, still
    // as the earlier version made it, cannot tell.
    let by_recovery = unlock(&lowered, &Secret::Recovery(&recovery)).await;
    assert!(by_recovery.is_ok(), "{:?}", by_recovery.err());

    // Marks as they were; the recovery key unlocks once and binds its wrapping.
    raw_swap(
        NAME,
        "meta",
        &"applock".into(),
        Some(&JsValue::from_str(
            &serde_json::to_string(&after).expect("json"),
        )),
    )
    .await;
    unlock_as_the_page(NAME, &Secret::Recovery(&recovery))
        .await
        .expect("unlocked by the recovery key");
    let rebound = stored_lock(NAME).await;
    assert_ne!(rebound.by_recovery, before.by_recovery);
    assert_eq!(
        opens(&aes(&recovery).await, &rebound.by_recovery, Some(STATED)).await,
        Some(raw)
    );
    lower_mark(NAME, "bound").await;
    let lowered = stored_lock(NAME).await;
    let by_recovery = unlock(&lowered, &Secret::Recovery(&recovery)).await;
    assert!(refused(&by_recovery), "{:?}", by_recovery.err());
}

/// A lock this version turns on is bound from the start: the test opens its
/// wrapping with its own derivation and the stated bytes, and not without.
#[wasm_bindgen_test]
async fn a_new_lock_is_bound_from_the_start() {
    const NAME: &str = "marks-bound-from-start";
    let (store, _, _, _) = locked_copy(NAME).await;
    store.close();
    use_data_key(None);
    let lock = stored_lock(NAME).await;
    let salt = from_base64url(&lock.salt);
    let kek = derived(PASSPHRASE, &salt, lock.iterations).await;
    assert_eq!(
        opens(&kek, &lock.by_passphrase, Some(STATED))
            .await
            .map(|r| r.len()),
        Some(32)
    );
    assert_eq!(opens(&kek, &lock.by_passphrase, None).await, None);
}

/// A tab already unlocked, while someone rewrites the lock's record by hand
/// to look made anew (another salt and recovery wrapping) with its marks
/// lowered, deletes the manifest and puts an older block back: the tab
/// keeps the marks it knew, so its next load still wants the manifest and
/// refuses (or, its key's lock looking changed, asks to unlock, which the
/// forged record cannot), never showing the older block. (Before, a record with another
/// salt and recovery wrapping was taken whole, marks and all.)
#[wasm_bindgen_test]
async fn an_unlocked_tab_keeps_its_marks_when_the_record_looks_made_anew() {
    const NAME: &str = "marks-unlocked-tab-made-anew";
    let (store, key, older_block) = locked_with_an_older_block(NAME).await;

    let mut forged = stored_lock(NAME).await;
    let (other, _, _) = taizhang_storage::new_app_lock("别人的口令别人的口令")
        .await
        .expect("another lock");
    forged.salt = other.salt;
    forged.by_recovery = other.by_recovery;
    forged.manifest = false;
    forged.names = false;
    put_lock(NAME, &forged).await;
    raw_swap(NAME, "meta", &"manifest".into(), None).await;
    raw_swap(NAME, "chunks", &block("cases", 0), Some(&older_block)).await;

    use_data_key(Some(key));
    let loaded = store.load().await;
    store.close();
    use_data_key(None);
    assert!(
        matches!(
            loaded,
            Err(StorageError::Tampered(_) | StorageError::Locked)
        ),
        "the unlocked tab loaded {:?}",
        loaded.map(|l| l.dataset.cases[0].notes.clone())
    );
    // Asked to unlock: the record, made by hand, opens with nothing (its
    // salt is another), so nothing of it is read.
    let unlocked = unlock(&stored_lock(NAME).await, &Secret::Passphrase(PASSPHRASE)).await;
    assert!(unlocked.is_err(), "the forged record opened");
}
