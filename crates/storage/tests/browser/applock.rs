//! The app lock in the browser: sealing, the manifest, a label flipped by hand.

use crate::support::{fresh, lock_on, locked_copy, now, raw_keys, raw_swap, KID, OFFICE};
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::sample;
use taizhang_storage::{Change, StorageError, Store};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn the_app_lock_seals_everything_and_opens_with_either_secret_only() {
    use taizhang_storage::{new_app_lock, rewrapped, unlock, use_data_key, Secret};
    const NAME: &str = "test-applock";
    let store = fresh(NAME).await;
    let data = sample::dataset(&now());
    let settings = Settings {
        own_office: Some(sample::DISTRICT.into()),
        ..Settings::default()
    };
    let change = Change {
        settings: Some(settings.clone()),
        ..Change::everything(&data)
    };
    store.save(&data, &change).await.expect("save");
    let (lock, recovery, key) = new_app_lock("第一个口令第一个").await.expect("lock");
    store.turn_lock_on(&lock, &key).await.expect("on");
    // Written under the lock, without the key: refused, nothing stored plain.
    let mut next = data.clone();
    next.cases[0].notes = "锁定后保存".into();
    use_data_key(None);
    assert_eq!(
        store.save(&next, &Change::everything(&next)).await,
        Err(StorageError::Locked)
    );
    use_data_key(Some(key));
    store
        .save(&next, &Change::everything(&next))
        .await
        .expect("save sealed");
    store.close();
    use_data_key(None);

    let reopened = Store::open(NAME).await.expect("reopen");
    assert_eq!(reopened.app_lock(), Some(lock.clone()));
    assert_eq!(reopened.load().await.err(), Some(StorageError::Locked));
    assert_eq!(
        unlock(&lock, &Secret::Passphrase("第二个口令第二个"))
            .await
            .err(),
        Some(StorageError::WrongSecret)
    );
    let mut wrong_recovery = recovery;
    wrong_recovery[0] ^= 1;
    assert_eq!(
        unlock(&lock, &Secret::Recovery(&wrong_recovery))
            .await
            .err(),
        Some(StorageError::WrongSecret)
    );
    use_data_key(Some(
        unlock(&lock, &Secret::Recovery(&recovery))
            .await
            .expect("recovery")
            .key,
    ));
    let loaded = reopened.load().await.expect("load unlocked");
    assert_eq!(loaded.dataset, next);
    assert_eq!(loaded.settings, settings);

    // A new passphrase: the old one no longer opens, the new one and the recovery key do.
    let changed = rewrapped(&lock, "第一个口令第一个", "第二个口令第二个")
        .await
        .expect("rewrap");
    reopened.change_app_lock(&changed).await.expect("change");
    assert_eq!(
        unlock(&changed, &Secret::Passphrase("第一个口令第一个"))
            .await
            .err(),
        Some(StorageError::WrongSecret)
    );
    let key = unlock(&changed, &Secret::Passphrase("第二个口令第二个"))
        .await
        .expect("new passphrase")
        .key;
    unlock(&changed, &Secret::Recovery(&recovery))
        .await
        .expect("the recovery key still");

    // Off: plain again, read without any key.
    reopened.turn_lock_off(&key).await.expect("off");
    reopened.close();
    use_data_key(None);
    let plain = Store::open(NAME).await.expect("reopen plain");
    assert_eq!(plain.app_lock(), None);
    assert_eq!(plain.load().await.expect("load plain").dataset, next);
}

/// A lock turned on by a build before the manifest (its record without the
/// mark, no manifest stored) opens as before; its first unlock starts the
/// manifest, and from then on an older sealed block put back is refused.
#[wasm_bindgen_test]
async fn a_lock_from_before_the_manifest_gets_one_on_its_first_unlock() {
    use taizhang_storage::use_data_key;
    use wasm_bindgen::JsValue;
    const NAME: &str = "test-manifest-legacy";
    let (store, data, lock, key) = locked_copy(NAME).await;
    store.close();
    // As the build before left it: no manifest, the lock's record unmarked.
    let mut older_lock = lock.clone();
    older_lock.manifest = false;
    let record = JsValue::from_str(&serde_json::to_string(&older_lock).expect("json"));
    raw_swap(NAME, "meta", &"applock".into(), Some(&record)).await;
    raw_swap(NAME, "meta", &"manifest".into(), None).await;

    let store = Store::open(NAME).await.expect("open");
    assert!(!store.app_lock().expect("locked").manifest);
    assert_eq!(store.load().await.expect("loads as before").dataset, data);
    store.bind_values(&key).await.expect("first unlock");
    assert!(store.app_lock().expect("locked").manifest, "marked");
    let block: JsValue = js_sys::Array::of2(&"cases".into(), &0.into()).into();
    let older = raw_swap(NAME, "chunks", &block, None).await;
    raw_swap(NAME, "chunks", &block, Some(&older)).await;
    let mut next = data.clone();
    next.cases[0].notes = "清单之后改过".into();
    store
        .save(&next, &Change::everything(&next))
        .await
        .expect("saved");
    assert_eq!(store.load().await.expect("load").dataset, next);
    store.close();

    raw_swap(NAME, "chunks", &block, Some(&older)).await;
    let store = Store::open(NAME).await.expect("open");
    assert!(matches!(store.load().await, Err(StorageError::Tampered(_))));
    store.close();
    use_data_key(None);
}

/// Two tabs writing at once while the lock is on (two connections, one
/// page): each write read the same manifest, so the second to commit finds
/// another inside its transaction, is aborted and made again; both land and
/// the manifest names both (none is refused as tampered afterwards).
#[wasm_bindgen_test]
async fn two_tabs_writing_at_once_under_the_lock_both_land() {
    use taizhang_core::ledgers::chunks::{chunk_slice, encode};
    use taizhang_core::Kind;
    use taizhang_storage::use_data_key;
    const NAME: &str = "test-manifest-race";
    let (first, data, _, _) = locked_copy(NAME).await;
    let second = Store::open(NAME).await.expect("another tab");
    let mut next = data.clone();
    next.cases[0].notes = "第一个标签页".into();
    next.training_sessions[0].notes = "第二个标签页".into();
    for _ in 0..3 {
        let cases = vec![(
            Kind::Cases,
            0,
            encode(chunk_slice(&next.cases, 0)).expect("block"),
        )];
        let sessions = vec![(
            Kind::TrainingSessions,
            0,
            encode(chunk_slice(&next.training_sessions, 0)).expect("block"),
        )];
        let (a, b) = futures::join!(
            first.save_blocks(cases, None, &[]),
            second.save_blocks(sessions, None, &[])
        );
        // Each lands; one may be told its write was lost when the other
        // tab's commit token is read back first (the token says only that
        // the last write landed).
        for written in [a, b] {
            assert!(
                matches!(written, Ok(()) | Err(StorageError::WriteLost)),
                "{written:?}"
            );
        }
    }
    first.close();
    second.close();
    let reopened = Store::open(NAME).await.expect("open");
    assert_eq!(reopened.load().await.expect("not tampered").dataset, next);
    reopened.close();
    use_data_key(None);
}

/// The label that says what a sealed value holds is not sealed: flipped by
/// hand from text to bytes, a withdrawn key's entry or the settings must be
/// refused as tampered, never read as nothing (the key trusted again, the
/// settings back to their defaults).
#[wasm_bindgen_test]
async fn a_sealed_text_labelled_bytes_is_refused() {
    use taizhang_storage::use_data_key;
    use wasm_bindgen::JsValue;
    const NAME: &str = "test-kind-flip";
    let store = fresh(NAME).await;
    let data = sample::dataset(&now());
    let change = Change {
        settings: Some(Settings {
            own_office: Some(sample::DISTRICT.into()),
            ..Settings::default()
        }),
        ..Change::everything(&data)
    };
    store.save(&data, &change).await.expect("save");
    store.withdraw_key(OFFICE, KID).await.expect("withdraw");
    lock_on(&store).await;
    store.close();
    let flip = |value: &JsValue| {
        js_sys::Reflect::set(value, &"as".into(), &"bytes".into()).expect("set");
    };
    let entry = raw_keys(NAME, "keys").await;
    assert_eq!(entry.len(), 1, "the withdrawal alone");
    let at: JsValue = js_sys::JSON::parse(&entry[0]).expect("key");
    let value = raw_swap(NAME, "keys", &at, None).await;
    flip(&value);
    raw_swap(NAME, "keys", &at, Some(&value)).await;
    let store = Store::open(NAME).await.expect("open");
    assert!(matches!(
        store.withdrawn_keys().await,
        Err(StorageError::Tampered(_))
    ));
    store.close();

    let settings = raw_swap(NAME, "meta", &"settings".into(), None).await;
    flip(&settings);
    raw_swap(NAME, "meta", &"settings".into(), Some(&settings)).await;
    let store = Store::open(NAME).await.expect("open");
    assert!(matches!(store.load().await, Err(StorageError::Tampered(_))));
    store.close();
    use_data_key(None);
}
