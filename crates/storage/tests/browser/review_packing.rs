//! A review of ec20101 (what the app lock seals is packed with LZ4 first,
//! marked `packed` beside `as`) that tried to break it as someone at the
//! PC with the browser's tools: reading and writing IndexedDB by hand, not
//! knowing the passphrase, the recovery key or the data key. The `packed`
//! mark is not sealed (the additional data is the place only), so every
//! attack here relabels: the mark taken away, added, or left as it is while
//! the lock goes off, on and is changed. Each test says whether the attack
//! HELD (the test passed against ec20101) or BROKE the change (it failed
//! there; it holds since: a block is read only when every byte of it is
//! its records).

use super::support::{
    block, first_case, import, locked_copy, now, opened_by_hand, put_named, raw_keys, raw_read,
    raw_swap, sealed_before_packing, sealed_by_hand, trusted, unmarked, KID, OFFICE,
};
use js_sys::Reflect;
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::chunks::encode_block;
use taizhang_core::ledgers::history::read_page;
use taizhang_core::{Dataset, Kind};
use taizhang_storage::{rewrapped, use_data_key, Change, StorageError, Store};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

// ---- helpers (plain IndexedDB and WebCrypto, as someone at the PC would)

fn is_marked(value: &JsValue) -> bool {
    Reflect::get(value, &"packed".into()).is_ok_and(|p| p.is_truthy())
}

fn has(value: &JsValue, member: &str) -> bool {
    value.is_object() && Reflect::get(value, &member.into()).is_ok_and(|v| !v.is_undefined())
}

/// Every (key, value) of `store` in the database `name`, by hand.
async fn raw_entries(name: &str, store: &str) -> Vec<(JsValue, JsValue)> {
    let mut out = Vec::new();
    for key in raw_keys(name, store).await {
        let key = js_sys::JSON::parse(&key).expect("a key");
        let value = raw_read(name, store, &key).await;
        out.push((key, value));
    }
    out
}

/// Takes the `packed` mark away from every value of `store`, by hand.
async fn unmark_all(name: &str, store: &str) -> usize {
    let mut n = 0;
    for (key, value) in raw_entries(name, store).await {
        if is_marked(&value) {
            raw_swap(name, store, &key, Some(&unmarked(&value))).await;
            n += 1;
        }
    }
    n
}

/// Text added to the notes of the first cases until the first cases block
/// is `target` bytes long (each note at most 4000 characters, as the form
/// allows: Chinese characters, three bytes each, then ASCII to the byte).
fn grown_to(data: &Dataset, target: usize) -> Dataset {
    let mut data = data.clone();
    let len = |d: &Dataset| encode_block(d, Kind::Cases, 0).expect("encode").len();
    let mut i = 0;
    // First every note touched past 127 bytes, so that its length prefix
    // no longer grows by a byte as a byte is added.
    loop {
        let now = len(&data);
        if now == target {
            return data;
        }
        let notes = &mut data.cases[i].notes;
        if notes.len() < 128 {
            notes.push_str(&"线".repeat(43));
            continue;
        }
        if now > target {
            notes.pop();
            continue;
        }
        let room = 4000 - notes.chars().count();
        if room == 0 {
            i += 1;
            continue;
        }
        let need = target - now;
        let wide = (need / 3).min(room);
        if wide > 0 {
            notes.push_str(&"线".repeat(wide));
        } else {
            notes.push('.');
        }
    }
}

/// `data` with the first case's notes `notes`, saved as the form saves it:
/// its block and its revision (a history page) in one write.
async fn edit_with_history(store: &Store, data: &Dataset, notes: &str) -> Dataset {
    use taizhang_core::ledgers::chunks::{chunk_slice, encode};
    use taizhang_core::ledgers::history::{self, How};
    let mut edited = data.clone();
    edited.cases[0].notes = notes.into();
    edited.cases[0].revision += 1;
    let form = history::revision(Some(&data.cases[0]), &edited.cases[0], &now(), &How::Form)
        .expect("a change");
    let block = vec![(
        Kind::Cases,
        0,
        encode(chunk_slice(&edited.cases, 0)).expect("block"),
    )];
    store
        .save_blocks(block, None, std::slice::from_ref(&form))
        .await
        .expect("saved");
    edited
}

// ---- the mark taken away

/// BROKE. The mark taken away from a ledger block: its plain bytes, LZ4
/// with the length first, are read as the block itself. The block's first
/// byte must be 1 (its encoding) and the next its count of records; a block
/// of 65,537 bytes (or any length 1 more than a multiple of 65,536: 1 in
/// 65,536 blocks) has the length bytes 01 00 01 00, so unmarked it read as
/// a block of no records, the rest ignored: the ledger loaded without those
/// records, no error, nothing shown as changed outside the app. Saving then
/// would store the loss. It must be refused (since the fix: as unreadable,
/// bytes left after the records; since packed bytes begin with a zero byte,
/// as changed outside the app).
#[wasm_bindgen_test]
async fn an_unmarked_block_of_65537_bytes_is_refused_not_read_empty() {
    const NAME: &str = "review-packing-65537";
    let (store, data, _, key) = locked_copy(NAME).await;
    let now_len = encode_block(&data, Kind::Cases, 0).expect("encode").len();
    let target = now_len.div_ceil(65536) * 65536 + 1;
    let target = if target - now_len < 2000 {
        target + 65536
    } else {
        target
    };
    let grown = grown_to(&data, target);
    assert_eq!(encode_block(&grown, Kind::Cases, 0).unwrap().len(), target);
    let mut change = Change::default();
    change.touch(Kind::Cases, 0..grown.cases.len());
    store.save(&grown, &change).await.expect("save");
    let loaded = store.load().await.expect("load");
    assert_eq!(loaded.dataset.cases.len(), grown.cases.len());
    store.close();

    let at = block("cases", 0);
    let value = raw_read(NAME, "chunks", &at).await;
    assert!(is_marked(&value));
    let plain = opened_by_hand(&key, "chunks", &at, &value).await;
    assert_eq!(&plain[1..5], &(target as u32).to_le_bytes());
    raw_swap(NAME, "chunks", &at, Some(&unmarked(&value))).await;

    let store = Store::open(NAME).await.expect("open");
    let loaded = store.load().await;
    let read = loaded
        .as_ref()
        .map(|l| l.dataset.cases.len())
        .map_err(|e| format!("{e:?}"));
    store.close();
    use_data_key(None);
    assert!(
        read.as_ref().is_err_and(|e| e.starts_with("Tampered")),
        "an unmarked packed block was read: {read:?} cases of {} loaded",
        grown.cases.len()
    );
}

/// HELD. The mark taken away from a ledger block of a common length: its
/// first byte is not the block's encoding; the load is refused (as
/// unreadable, `Corrupt`, at ec20101; as changed outside the app since
/// packed bytes begin with a zero byte).
#[wasm_bindgen_test]
async fn an_unmarked_block_of_a_common_length_is_refused() {
    const NAME: &str = "review-packing-common";
    let (store, _, _, _key) = locked_copy(NAME).await;
    store.close();
    let at = block("cases", 0);
    let value = raw_read(NAME, "chunks", &at).await;
    raw_swap(NAME, "chunks", &at, Some(&unmarked(&value))).await;
    let store = Store::open(NAME).await.expect("open");
    let loaded = store.load().await.map(|_| ());
    store.close();
    use_data_key(None);
    assert!(
        matches!(loaded, Err(StorageError::Tampered(_))),
        "{loaded:?}"
    );
}

/// HELD. The mark taken away from every entry of the keys store (a key
/// trusted, a key withdrawn, the own key's JWK and office): the store reads
/// each text and leaves out one that does not parse (`read_all`), so a
/// withdrawal made unreadable would be forgotten and the key's roster
/// could bring it back. It is not: an unmarked packed text never is UTF-8
/// (LZ4's first token counts the literals `{"…` before the first match, 8
/// or more, and a byte of 0x80 or more followed by `{` is no UTF-8), so
/// the read is refused whole.
#[wasm_bindgen_test]
async fn unmarked_withdrawals_and_keys_are_refused_not_forgotten() {
    const NAME: &str = "review-packing-keys";
    let (store, _, _, _key) = locked_copy(NAME).await;
    store
        .trust_keys(&[trusted(OFFICE, KID), trusted(OFFICE, "another-key")])
        .await
        .expect("trust");
    store.withdraw_key(OFFICE, KID).await.expect("withdraw");
    assert_eq!(store.withdrawn_keys().await.expect("read").len(), 1);
    store.close();
    assert!(unmark_all(NAME, "keys").await >= 2);
    let store = Store::open(NAME).await.expect("open");
    let withdrawn = store.withdrawn_keys().await;
    let trusted = store.trusted_keys().await;
    store.close();
    use_data_key(None);
    assert!(withdrawn.is_err(), "withdrawals read: {withdrawn:?}");
    assert!(trusted.is_err(), "trusted keys read: {trusted:?}");
}

/// HELD. The mark taken away from the import log's entries, the files
/// sent and the settings: each read is refused (the texts are not UTF-8),
/// none is left out silently.
#[wasm_bindgen_test]
async fn unmarked_logs_sent_files_and_settings_are_refused() {
    const NAME: &str = "review-packing-texts";
    let (store, data, _, _key) = locked_copy(NAME).await;
    store
        .save_settings(&Settings::default())
        .await
        .expect("settings");
    import(&store, &data, "导入的内容", "log-1").await;
    store
        .record_sent(&super::support::sent(super::support::SHA))
        .await
        .expect("sent");
    store.close();
    assert_eq!(unmark_all(NAME, "imports").await, 1);
    assert_eq!(unmark_all(NAME, "sent").await, 1);
    let settings = raw_read(NAME, "meta", &"settings".into()).await;
    raw_swap(NAME, "meta", &"settings".into(), Some(&unmarked(&settings))).await;
    let store = Store::open(NAME).await.expect("open");
    let log = store.import_log().await.map(|l| l.len());
    let sent = store.sent_files().await.map(|s| s.len());
    let loaded = store.load().await.map(|_| ());
    store.close();
    use_data_key(None);
    assert!(log.is_err(), "import log read: {log:?}");
    assert!(sent.is_err(), "files sent read: {sent:?}");
    assert!(loaded.is_err(), "settings read");
}

/// HELD. The mark taken away from the names' secret (32 random bytes,
/// sealed packed): unmarked, its packed bytes (more than 32) are refused as
/// changed outside the app the first time a hidden name is computed (here
/// trusting a key), never used as another secret that would hide entries.
#[wasm_bindgen_test]
async fn an_unmarked_names_secret_is_refused_as_tampered() {
    const NAME: &str = "review-packing-names";
    let (store, _, _, key) = locked_copy(NAME).await;
    store.close();
    let at = JsValue::from_str("names");
    let value = raw_read(NAME, "meta", &at).await;
    assert!(is_marked(&value), "the names' secret is sealed packed");
    raw_swap(NAME, "meta", &at, Some(&unmarked(&value))).await;
    // As after a reload: the names' key is read again.
    use_data_key(Some(key));
    let store = Store::open(NAME).await.expect("open");
    let trusting = store.trust_keys(&[trusted(OFFICE, KID)]).await;
    store.close();
    use_data_key(None);
    assert!(
        matches!(trusting, Err(StorageError::Tampered(_))),
        "{trusting:?}"
    );
}

/// HELD. The mark taken away from every history page (`as: "entry"`, its
/// bucket and log beside it): the page's text is not UTF-8, the history is
/// refused, never read as other revisions (the page reader passes over
/// lines that do not name the record, but never gets that far).
#[wasm_bindgen_test]
async fn unmarked_history_pages_are_refused() {
    const NAME: &str = "review-packing-pages";
    let (store, data, _, _key) = locked_copy(NAME).await;
    edit_with_history(&store, &data, "改过一次").await;
    let id = data.cases[0].id.to_string();
    assert!(!store.history_of(&id).await.expect("history").is_empty());
    store.close();
    assert!(unmark_all(NAME, "history_pages").await >= 1);
    let store = Store::open(NAME).await.expect("open");
    let history = store.history_of(&id).await.map(|h| h.len());
    store.close();
    use_data_key(None);
    assert!(history.is_err(), "history read: {history:?}");
}

// ---- the mark added

/// HELD. The mark added to a text sealed before packing (the settings,
/// sealed by hand unpacked, named in the manifest): its first four bytes
/// `{"..` state 577 MB or more, above the 64 MiB limit, so it is refused
/// as changed outside the app before anything is allocated.
#[wasm_bindgen_test]
async fn a_mark_added_to_an_older_text_is_refused_as_tampered() {
    const NAME: &str = "review-packing-marked-text";
    let (store, _, _, key) = locked_copy(NAME).await;
    store
        .save_settings(&Settings::default())
        .await
        .expect("settings");
    store.close();
    let at = JsValue::from_str("settings");
    let now_text =
        super::support::opened_text(&key, "meta", "settings", &raw_read(NAME, "meta", &at).await)
            .await;
    // Unmarked it opens (a value from before packing).
    let (older, nonce) =
        sealed_by_hand(&key, "meta", &at, (now_text.as_bytes(), "text", false)).await;
    put_named(NAME, &key, "meta", &at, &older, &nonce).await;
    let store = Store::open(NAME).await.expect("open");
    store.load().await.expect("an older text opens");
    store.close();
    // Marked by hand, it does not.
    let (marked, nonce) =
        sealed_by_hand(&key, "meta", &at, (now_text.as_bytes(), "text", true)).await;
    put_named(NAME, &key, "meta", &at, &marked, &nonce).await;
    let store = Store::open(NAME).await.expect("open");
    let loaded = store.load().await.map(|_| ());
    store.close();
    use_data_key(None);
    assert!(
        matches!(loaded, Err(StorageError::Tampered(_))),
        "{loaded:?}"
    );
}

// ---- turning the lock off, on, and changing it

/// HELD. A locked copy mixing a block sealed before packing (unmarked) and
/// values sealed packed, with history pages: turned off, every value is
/// plain again — bytes, text, pages with their text — none keeps `sealed`,
/// `as`, `bound` or `packed`, and the data and history read as before.
/// Turned on again every sealed value is packed; changing the passphrase
/// then rewrites none of them.
#[wasm_bindgen_test]
async fn off_with_mixed_values_leaves_all_plain_then_on_packs_all() {
    const NAME: &str = "review-packing-off-on";
    let (store, data, lock, key) = locked_copy(NAME).await;
    let edited = edit_with_history(&store, &data, "打包之前").await;
    let id = data.cases[0].id.to_string();
    let history = store.history_of(&id).await.expect("history");
    assert_eq!(history.len(), 1);
    store.close();
    // The first cases block as an earlier version sealed it (unmarked).
    let at = block("cases", 0);
    sealed_before_packing(NAME, &key, &at).await;

    let store = Store::open(NAME).await.expect("open");
    store.turn_lock_off(&key).await.expect("off");
    store.close();
    use_data_key(None);
    for name in [
        "meta",
        "chunks",
        "undo",
        "imports",
        "sent",
        "keys",
        "history_pages",
    ] {
        for (k, v) in raw_entries(NAME, name).await {
            for member in ["sealed", "as", "bound", "packed"] {
                assert!(!has(&v, member), "{name} {k:?} keeps `{member}` off");
            }
            if name == "history_pages" {
                let text = Reflect::get(&v, &"text".into())
                    .expect("text")
                    .as_string()
                    .expect("a page's text is plain text");
                read_page(&text, None).expect("a plain page");
            }
        }
    }
    let store = Store::open(NAME).await.expect("open");
    assert_eq!(
        store.load().await.expect("load").dataset.cases,
        edited.cases
    );
    assert_eq!(store.history_of(&id).await.expect("history"), history);

    // On again: every sealed value packed.
    let (lock2, key2) = super::support::lock_on(&store).await;
    store.close();
    let mut sealed = 0;
    let mut before = Vec::new();
    for name in ["meta", "chunks", "keys", "history_pages"] {
        for (k, v) in raw_entries(NAME, name).await {
            if has(&v, "sealed") {
                assert!(is_marked(&v), "{name} {k:?} sealed unpacked");
                sealed += 1;
                before.push((name, k, v));
            }
        }
    }
    assert!(sealed > 4, "{sealed} sealed");
    // The passphrase changed: nothing but the lock's record is rewritten.
    let store = Store::open(NAME).await.expect("open");
    let changed = rewrapped(&lock2, "第一个口令第一个", "另一个口令另一个")
        .await
        .expect("rewrapped");
    store.change_app_lock(&changed).await.expect("change");
    assert_eq!(
        store.load().await.expect("load").dataset.cases,
        edited.cases
    );
    store.close();
    for (name, k, v) in before {
        let now = raw_read(NAME, name, &k).await;
        let nonce = |v: &JsValue| {
            js_sys::Uint8Array::new(&Reflect::get(v, &"sealed".into()).expect("sealed")).to_vec()
        };
        assert_eq!(nonce(&now), nonce(&v), "{name} {k:?} rewritten");
    }
    let _ = (lock, key2);
    use_data_key(None);
}

// ---- what the sizes tell while locked

/// BROKE at ec20101, HELD since the padding: packed before sealing, the
/// size of a sealed block told how repetitive it is, and a block holds this
/// copy's own records beside records that came in a file from elsewhere. A
/// record imported whose notes guessed another record's notes made the
/// block about as many bytes smaller as the guess is long (a compression
/// oracle, as CRIME was). Packed values are now padded to a Padmé length:
/// the two sizes are equal unless the guess crosses one of those lengths
/// (then they differ by one step of them, whichever guess is right).
#[wasm_bindgen_test]
async fn a_sealed_block_size_tells_whether_a_guess_repeats_a_record() {
    const NAME: &str = "review-packing-oracle";
    let (store, data, _, _key) = locked_copy(NAME).await;
    let secret = "王某某于2021年3月在某宾馆接受当事人宴请并收受购物卡两张共计四千元，经初核属实";
    let wrong = "李某某于2020年7月在某茶楼接受律师宴请并收受烟酒两条共计二千元，经初核不实啊啊";
    assert_eq!(secret.len(), wrong.len());
    let mut base = data.clone();
    base.cases[5].notes = secret.into();
    store
        .save(&base, &Change::everything(&base))
        .await
        .expect("save");
    let mut sizes = Vec::new();
    for guess in [secret, wrong] {
        let mut next = base.clone();
        next.cases[0].notes = guess.into();
        store.save(&next, &first_case()).await.expect("save");
        let value = raw_read(NAME, "chunks", &block("cases", 0)).await;
        let sealed = js_sys::Uint8Array::new(&Reflect::get(&value, &"sealed".into()).unwrap());
        // Less the nonce (12 bytes) and AES-GCM's tag (16).
        sizes.push(sealed.length() as usize - 28);
    }
    store.close();
    use_data_key(None);
    let padme = taizhang_core::trust::packed::padme;
    assert!(
        sizes.iter().all(|&n| padme(n) == n),
        "sizes {sizes:?} are Padmé lengths"
    );
    let step = (sizes[0] + 1..)
        .find(|&n| padme(n) == n)
        .expect("the next length")
        - sizes[0];
    assert!(
        sizes[1] == sizes[0] || sizes[1] == sizes[0] + step,
        "sizes {sizes:?}: the guess shows beyond the padding"
    );
}
