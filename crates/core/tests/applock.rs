//! The app lock's rules: the recovery key as text, the new passphrase, the
//! pause after wrong tries, the idle time, the record's sanity.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use taizhang_core::trust::applock::{
    check_new_passphrase, idle_for, pause_after, read_recovery, recovery_text, AppLock,
    PassphraseProblem, WrappedKey, ITERATIONS,
};

#[test]
fn the_recovery_text_is_rfc_4648_base32_in_groups_of_four() {
    let key: [u8; 32] = std::array::from_fn(|i| i as u8);
    // Python's base64.b32encode(bytes(range(32))), padding dropped.
    let python = "AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQTCQKRMFYYDENBWHA5DYPQ";
    let text = recovery_text(&key);
    assert_eq!(text.replace('-', ""), python);
    assert_eq!(text.split('-').count(), 13);
    assert!(text.split('-').all(|g| g.len() == 4));
}

#[test]
fn a_recovery_text_reads_back_whatever_its_case_and_spacing() {
    let key: [u8; 32] = std::array::from_fn(|i| (i * 7) as u8);
    let text = recovery_text(&key);
    assert_eq!(read_recovery(&text), Some(key));
    let typed = text.to_lowercase().replace('-', " ");
    assert_eq!(read_recovery(&format!("  {typed}\n")), Some(key));
}

#[test]
fn what_is_not_a_recovery_key_is_refused() {
    let key = [9u8; 32];
    let text = recovery_text(&key).replace('-', "");
    assert_eq!(read_recovery(&text[..51]), None, "a digit short");
    assert_eq!(read_recovery(&format!("{text}A")), None, "a digit more");
    assert_eq!(
        read_recovery(&format!("1{}", &text[1..])),
        None,
        "outside the alphabet"
    );
    // The last digit carries four bits of padding, which must be zero.
    let mut odd = text.clone();
    odd.pop();
    odd.push('7');
    assert_eq!(read_recovery(&odd), None);
}

proptest! {
    #[test]
    fn every_key_survives_its_text(key in proptest::array::uniform32(any::<u8>())) {
        prop_assert_eq!(read_recovery(&recovery_text(&key)), Some(key));
    }
}

#[test]
fn a_new_passphrase_has_eight_characters_and_is_typed_the_same_twice() {
    assert_eq!(
        check_new_passphrase("1234567", "1234567"),
        Err(PassphraseProblem::TooShort)
    );
    assert_eq!(
        check_new_passphrase("政法队伍教育整顿", "政法队伍教育整顿"),
        Ok(())
    );
    assert_eq!(
        check_new_passphrase("12345678", "12345679"),
        Err(PassphraseProblem::Different)
    );
}

#[test]
fn the_pause_grows_after_the_second_wrong_try_and_stops_at_a_minute() {
    let pauses: Vec<u32> = (0..12).map(pause_after).collect();
    assert_eq!(pauses, [0, 0, 0, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
}

#[test]
fn idle_means_the_whole_time_without_use() {
    assert!(!idle_for(0.0, 15.0 * 60_000.0 - 1.0, 15));
    assert!(idle_for(0.0, 15.0 * 60_000.0, 15));
}

#[test]
fn a_record_asking_too_few_or_too_many_rounds_is_not_used() {
    let wrapped = WrappedKey::new(&[0; 12], &[0; 48]);
    let record = |iterations| AppLock {
        kdf: "PBKDF2-SHA-256".into(),
        iterations,
        salt: "AAAAAAAAAAAAAAAAAAAAAA".into(),
        by_passphrase: wrapped.clone(),
        by_recovery: wrapped.clone(),
        bound: true,
        manifest: true,
        names: true,
    };
    assert!(record(ITERATIONS).derivation().is_some());
    assert!(record(1000).derivation().is_none());
    assert!(record(u32::MAX).derivation().is_none());
    assert_eq!(
        wrapped.parts().map(|(iv, key)| (iv.len(), key.len())),
        Some((12, 48))
    );
}
