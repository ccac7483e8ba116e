//! The signed envelope: any bytes are either no signed file (read as they
//! are), a signed file refused with located reasons, or one whose parts
//! written back around its signature read the same again; verifying it, and
//! reading its inner file as a receipt or a roster, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taizhang_core::reporting::read_receipt;
use taizhang_core::trust::{base64url_encode, read_roster, read_signed, signed_file, Header};

fuzz_target!(|bytes: &[u8]| {
    let signed = match read_signed(bytes) {
        None => return,
        Some(Err(errors)) => {
            assert!(!errors.is_empty(), "refused without a reason");
            assert!(errors.iter().all(|e| e.pointer.is_empty() || e.pointer.starts_with('/')));
            return;
        }
        Some(Ok(signed)) => signed,
    };
    let _ = signed.verifies();
    let _ = read_receipt(&signed.payload);
    let _ = read_roster(&signed.payload);
    // The header is an office key's: its kid is the key's fingerprint.
    assert_eq!(signed.header.kid, signed.header.jwk.thumbprint());
    // Written back around its signature, it reads the same.
    let text = std::str::from_utf8(&signed.signing_input).expect("base64url is ASCII");
    let (protected, payload) = text.split_once('.').expect("protected.payload");
    assert_eq!(payload, base64url_encode(&signed.payload));
    let again = signed_file(protected, payload, &signed.signature);
    let reread = read_signed(again.as_bytes())
        .expect("still a signed file")
        .expect("still good");
    assert_eq!(reread, signed);
    let _: &Header = &reread.header;
});
