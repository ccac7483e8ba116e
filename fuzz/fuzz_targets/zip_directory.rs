//! The ZIP reader fed archives built from a structure: entries named from
//! the fuzzer (hostile shapes — `..`, absolute, drive letters, backslashes —
//! or any text), stored or deflated, with or without AES, written by the
//! `zip` library, then their headers' sizes and offsets changed at places
//! the fuzzer picks. Any archive opens to one plain relative name within the
//! limit, or is refused: never a panic, never more than the limit unpacked.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Write};
use taizhang_protect::open_zip;
use zip::write::SimpleFileOptions;

const LIMIT: u64 = 1024 * 1024;
const PASSWORD: &str = "Shifeng-2021-taizhang";
const NAMES: [&str; 10] = [
    "台账.json", "../台账.json", "/etc/台账.json", "C:/台账.json", "C:台账.json",
    "C:\\台账.json", "..\\..\\台账.json", "下级\\台账.json", "a/../../台账.json", "dir/",
];

fn archive(u: &mut Unstructured) -> Result<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for _ in 0..u.int_in_range(0..=3)? {
        let name: String = if u.ratio(3, 4)? { (*u.choose(&NAMES)?).to_owned() } else { u.arbitrary()? };
        let method = if u.arbitrary()? { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        let mut options = SimpleFileOptions::default().compression_method(method);
        if u.ratio(1, 3)? {
            options = options.with_aes_encryption(zip::AesMode::Aes256, PASSWORD);
        }
        let content: Vec<u8> = if u.ratio(1, 8)? {
            vec![0; u.int_in_range(0..=3 * LIMIT as usize)?]
        } else {
            u.arbitrary()?
        };
        if writer.start_file(name, options).is_err() || writer.write_all(&content).is_err() {
            return Ok(Vec::new());
        }
    }
    let mut bytes = writer.finish().map(Cursor::into_inner).unwrap_or_default();
    // Headers changed where the fuzzer says (sizes, offsets, names' lengths…).
    while !bytes.is_empty() && u.ratio(1, 3)? {
        let at = u.int_in_range(0..=bytes.len() - 1)?;
        bytes[at] = u.arbitrary()?;
    }
    Ok(bytes)
}

fuzz_target!(|input: &[u8]| {
    let mut u = Unstructured::new(input);
    let Ok(bytes) = archive(&mut u) else { return };
    for password in [None, Some(PASSWORD)] {
        if let Ok((name, inner)) = open_zip(&bytes, password, LIMIT) {
            assert!(inner.len() as u64 <= LIMIT);
            assert!(!name.contains(['/', '\\']) && name != "..", "{name:?}");
        }
    }
});
