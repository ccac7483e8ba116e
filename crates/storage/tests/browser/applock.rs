//! The app lock in the browser: sealing, the manifest, names that say nothing.

use super::support::{fresh, now, raw_keys, raw_swap, sealed_text};
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::sample;
use taizhang_core::reporting::{FileFacts, SentFile};
use taizhang_core::trust::{PublicJwk, TrustedKey};
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
            .expect("recovery"),
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
        .expect("new passphrase");
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
    use taizhang_storage::{new_app_lock, use_data_key};
    use wasm_bindgen::JsValue;
    const NAME: &str = "test-manifest-legacy";
    let store = fresh(NAME).await;
    let data = sample::dataset(&now());
    store
        .save(&data, &Change::everything(&data))
        .await
        .expect("save");
    let (lock, _, key) = new_app_lock("第一个口令第一个").await.expect("lock");
    use_data_key(Some(key.clone()));
    store.turn_lock_on(&lock, &key).await.expect("on");
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
    use taizhang_storage::{new_app_lock, use_data_key};
    const NAME: &str = "test-manifest-race";
    let first = fresh(NAME).await;
    let data = sample::dataset(&now());
    first
        .save(&data, &Change::everything(&data))
        .await
        .expect("save");
    let (lock, _, key) = new_app_lock("第一个口令第一个").await.expect("lock");
    use_data_key(Some(key.clone()));
    first.turn_lock_on(&lock, &key).await.expect("on");
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

/// A key trusted for `office`, with a fingerprint of its own.
fn trusted(office: &str, kid: &str) -> TrustedKey {
    TrustedKey {
        office: office.into(),
        kid: kid.into(),
        jwk: PublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: "x".into(),
            y: "y".into(),
        },
        from: None,
        since: None,
        vouched_by: None,
    }
}

/// A file sent, known by its SHA-256.
fn sent(sha256: &str) -> SentFile {
    SentFile {
        file: FileFacts {
            file_name: "台账.json".into(),
            sha256: sha256.into(),
            source_office: Some(OFFICE.into()),
            exported_at: None,
            signed_by: None,
        },
        receipt: None,
        records: None,
    }
}

const OFFICE: &str = "430200-committee";
const KID: &str = "fingerprint-of-the-city-key";
const SHA: &str = "5e8c0f1c2a9d7b3e4f60718293a4b5c6d7e8f90112233445566778899aabbccd";

/// Whether any key of the keys or sent store says an office code, a
/// fingerprint or a file's hash.
async fn names_said(name: &str) -> Vec<String> {
    let mut keys = raw_keys(name, "keys").await;
    keys.extend(raw_keys(name, "sent").await);
    keys.into_iter()
        .filter(|k| k.contains("430200") || k.contains("fingerprint") || k.contains("5e8c0f"))
        .collect()
}

/// While the lock is on no key of the database says an office code, a key's
/// fingerprint or a file's hash; trusting, withdrawing and keeping a file
/// sent find their entries by the same hidden names; turned off, each entry
/// lies under its name again.
#[wasm_bindgen_test]
async fn while_locked_keys_and_files_sent_lie_under_names_that_say_nothing() {
    use taizhang_storage::{new_app_lock, use_data_key};
    const NAME: &str = "test-names";
    let store = fresh(NAME).await;
    store
        .trust_keys(&[trusted(OFFICE, KID)])
        .await
        .expect("trust");
    store.record_sent(&sent(SHA)).await.expect("sent");
    assert_eq!(
        names_said(NAME).await.len(),
        2,
        "the check sees plain names"
    );

    let (lock, _, key) = new_app_lock("第一个口令第一个").await.expect("lock");
    use_data_key(Some(key.clone()));
    store.turn_lock_on(&lock, &key).await.expect("on");
    assert_eq!(
        names_said(NAME).await,
        Vec::<String>::new(),
        "hidden as the lock goes on"
    );
    // Written while locked: the same key again (one entry), another office's, a receipt.
    store
        .trust_keys(&[
            trusted(OFFICE, KID),
            trusted("430204-committee", "fingerprint-2"),
        ])
        .await
        .expect("trust locked");
    let mut answered = sent(SHA);
    answered.records = Some(3);
    store.record_sent(&answered).await.expect("sent locked");
    assert_eq!(
        names_said(NAME).await,
        Vec::<String>::new(),
        "hidden when written locked"
    );
    assert_eq!(raw_keys(NAME, "sent").await.len(), 1, "the file kept once");
    store.close();
    use_data_key(None);

    // Another page (or worker) opens the secret from the database.
    use_data_key(Some(key.clone()));
    let store = Store::open(NAME).await.expect("open");
    let mut offices: Vec<String> = store
        .trusted_keys()
        .await
        .expect("keys")
        .into_iter()
        .map(|k| k.office)
        .collect();
    offices.sort();
    assert_eq!(offices, ["430200-committee", "430204-committee"]);
    assert_eq!(
        store.sent_files().await.expect("sent"),
        vec![answered.clone()]
    );
    store.withdraw_key(OFFICE, KID).await.expect("withdraw");
    assert_eq!(store.trusted_keys().await.expect("keys").len(), 1);
    assert_eq!(
        store.withdrawn_keys().await.expect("withdrawn"),
        vec![(OFFICE.to_owned(), KID.to_owned())]
    );
    assert_eq!(names_said(NAME).await, Vec::<String>::new());

    store.turn_lock_off(&key).await.expect("off");
    use_data_key(None);
    let mut plain = raw_keys(NAME, "keys").await;
    plain.sort();
    assert_eq!(
        plain,
        [
            "\"430204-committee fingerprint-2\"",
            "\"withdrawn 430200-committee fingerprint-of-the-city-key\""
        ]
    );
    assert_eq!(raw_keys(NAME, "sent").await, [format!("\"{SHA}\"")]);
    assert_eq!(store.sent_files().await.expect("sent"), vec![answered]);
    store.close();
}

/// A lock turned on before names were hidden (its entries sealed under
/// their plain names, the record unmarked) opens as before; its first
/// unlock hides them, and every entry still reads.
#[wasm_bindgen_test]
async fn a_lock_from_before_hidden_names_hides_them_on_its_first_unlock() {
    use taizhang_storage::{new_app_lock, use_data_key};
    use wasm_bindgen::JsValue;
    const NAME: &str = "test-names-legacy";
    let store = fresh(NAME).await;
    let (lock, _, key) = new_app_lock("第一个口令第一个").await.expect("lock");
    use_data_key(Some(key.clone()));
    store.turn_lock_on(&lock, &key).await.expect("on");
    store.close();
    // As a build before left it: entries sealed under their plain names, no
    // secret, no manifest, the record unmarked.
    let key_name = format!("{OFFICE} {KID}");
    let key_text = serde_json::to_string(&trusted(OFFICE, KID)).expect("json");
    let sent_text = serde_json::to_string(&sent(SHA)).expect("json");
    let key_value = sealed_text(&key, "keys", &key_name, &key_text).await;
    raw_swap(
        NAME,
        "keys",
        &JsValue::from_str(&key_name),
        Some(&key_value),
    )
    .await;
    let sent_value = sealed_text(&key, "sent", SHA, &sent_text).await;
    raw_swap(NAME, "sent", &JsValue::from_str(SHA), Some(&sent_value)).await;
    let mut older_lock = lock.clone();
    older_lock.manifest = false;
    older_lock.names = false;
    let record = JsValue::from_str(&serde_json::to_string(&older_lock).expect("json"));
    raw_swap(NAME, "meta", &"applock".into(), Some(&record)).await;
    raw_swap(NAME, "meta", &"manifest".into(), None).await;
    raw_swap(NAME, "meta", &"names".into(), None).await;

    let store = Store::open(NAME).await.expect("open");
    assert_eq!(
        store.trusted_keys().await.expect("reads as before").len(),
        1
    );
    assert_eq!(names_said(NAME).await.len(), 2);
    store.bind_values(&key).await.expect("first unlock");
    let marked = store.app_lock().expect("locked");
    assert!(marked.manifest && marked.names, "marked");
    assert_eq!(names_said(NAME).await, Vec::<String>::new(), "hidden");
    assert_eq!(
        store.trusted_keys().await.expect("keys"),
        vec![trusted(OFFICE, KID)]
    );
    assert_eq!(store.sent_files().await.expect("sent"), vec![sent(SHA)]);
    store.withdraw_key(OFFICE, KID).await.expect("withdraw");
    assert_eq!(store.trusted_keys().await.expect("keys"), Vec::new());
    store.close();
    let store = Store::open(NAME).await.expect("open");
    assert!(
        store.load().await.is_ok(),
        "the manifest names what is there"
    );
    store.close();
    use_data_key(None);
}

/// The lock's record is plain: a mark lowered by hand (`names` false) makes
/// the next unlock hide names again, with the secret already kept, so the
/// entries hidden before stay found (a withdrawal still withdraws, a file
/// sent is kept once); the secret deleted is refused as tampered at load.
#[wasm_bindgen_test]
async fn a_lowered_mark_or_a_deleted_secret_loses_no_entry() {
    use taizhang_storage::{new_app_lock, use_data_key};
    use wasm_bindgen::JsValue;
    const NAME: &str = "test-names-downgrade";
    let store = fresh(NAME).await;
    store
        .trust_keys(&[trusted(OFFICE, KID)])
        .await
        .expect("trust");
    store.record_sent(&sent(SHA)).await.expect("sent");
    let (lock, _, key) = new_app_lock("第一个口令第一个").await.expect("lock");
    use_data_key(Some(key.clone()));
    store.turn_lock_on(&lock, &key).await.expect("on");
    store.close();
    let mut lowered = store_lock(NAME).await;
    lowered.names = false;
    let record = JsValue::from_str(&serde_json::to_string(&lowered).expect("json"));
    raw_swap(NAME, "meta", &"applock".into(), Some(&record)).await;
    use_data_key(None);

    use_data_key(Some(key.clone()));
    let store = Store::open(NAME).await.expect("open");
    store.bind_values(&key).await.expect("unlock");
    store.withdraw_key(OFFICE, KID).await.expect("withdraw");
    assert_eq!(
        store.trusted_keys().await.expect("keys"),
        Vec::new(),
        "withdrawn"
    );
    store.record_sent(&sent(SHA)).await.expect("sent again");
    assert_eq!(
        store.sent_files().await.expect("sent").len(),
        1,
        "kept once"
    );
    store.close();

    raw_swap(NAME, "meta", &"names".into(), None).await;
    let store = Store::open(NAME).await.expect("open");
    assert!(
        matches!(store.load().await, Err(StorageError::Tampered(_))),
        "the secret gone is said at load"
    );
    store.close();
    use_data_key(None);
}

/// The lock's record as stored in the database `name`.
async fn store_lock(name: &str) -> taizhang_core::trust::applock::AppLock {
    let record = raw_swap(name, "meta", &"applock".into(), None).await;
    raw_swap(name, "meta", &"applock".into(), Some(&record)).await;
    serde_json::from_str(&record.as_string().expect("text")).expect("record")
}

/// The label that says what a sealed value holds is not sealed: flipped by
/// hand from text to bytes, a withdrawn key's entry or the settings must be
/// refused as tampered, never read as nothing (the key trusted again, the
/// settings back to their defaults).
#[wasm_bindgen_test]
async fn a_sealed_text_labelled_bytes_is_refused() {
    use taizhang_storage::{new_app_lock, use_data_key};
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
    let (lock, _, key) = new_app_lock("第一个口令第一个").await.expect("lock");
    use_data_key(Some(key.clone()));
    store.turn_lock_on(&lock, &key).await.expect("on");
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
