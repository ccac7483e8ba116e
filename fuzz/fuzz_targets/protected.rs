//! Protected files: any bytes given to the ZIP reader or to the reader of
//! encrypted workbooks are either opened or refused with a problem of their
//! own — never a panic, never more than the limit unpacked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taizhang_protect::{decrypt_workbook, is_encrypted_workbook, is_workbook_zip, open_zip};

const LIMIT: u64 = 16 * 1024 * 1024;

fuzz_target!(|bytes: &[u8]| {
    for password in [None, Some("Shifeng-2021-taizhang")] {
        if let Ok((_, inner)) = open_zip(bytes, password, LIMIT) {
            assert!(inner.len() as u64 <= LIMIT);
        }
    }
    let _ = is_workbook_zip(bytes);
    if is_encrypted_workbook(bytes) {
        let _ = decrypt_workbook(bytes, "Shifeng-2021-taizhang");
    }
});
