//! The app lock's hidden names: while it is on, no key of the database says
//! an office, a fingerprint or a file's hash, and no entry is lost when a
//! lock from before hides them or their mark is lowered by hand.

use crate::support::{
    fresh, lock_on, raw_keys, raw_swap, sealed_text, sent, trusted, KID, OFFICE, SHA,
};
use taizhang_storage::{StorageError, Store};
use wasm_bindgen_test::*;

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
    use taizhang_storage::use_data_key;
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

    let (_, key) = lock_on(&store).await;
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
    use taizhang_storage::use_data_key;
    use wasm_bindgen::JsValue;
    const NAME: &str = "test-names-legacy";
    let store = fresh(NAME).await;
    let (lock, key) = lock_on(&store).await;
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
    use taizhang_storage::use_data_key;
    use wasm_bindgen::JsValue;
    const NAME: &str = "test-names-downgrade";
    let store = fresh(NAME).await;
    store
        .trust_keys(&[trusted(OFFICE, KID)])
        .await
        .expect("trust");
    store.record_sent(&sent(SHA)).await.expect("sent");
    let (_, key) = lock_on(&store).await;
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
