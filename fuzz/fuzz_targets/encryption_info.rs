//! The encrypted-workbook reader fed workbooks built from a structure: the
//! fixture's `EncryptionInfo` XML with each attribute given a value drawn
//! from the fuzzer (the true one, a boundary number, any text, any quote),
//! and its encrypted stream cut, grown or changed, packed into a compound
//! file by `cfb`. Any such file opens or is refused: never a panic, never
//! more memory than the file's size calls for, never a changed stream opened.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Read, Write};
use taizhang_protect::decrypt_workbook;

const FIXTURE: &[u8] = include_bytes!("../../crates/protect/tests/fixtures/by-msoffcrypto.xlsx");
const PASSWORD: &str = "Shifeng-2021-taizhang";
const NUMBERS: [&str; 14] = [
    "0", "1", "15", "16", "17", "20", "32", "64", "65", "256", "100000", "4294967295",
    "18446744073709551615", "-1",
];
const QUOTES: [char; 5] = ['"', '\'', '“', '中', ' '];

struct Fixture {
    info_head: Vec<u8>,
    xml: String,
    package: Vec<u8>,
}

fn fixture() -> Fixture {
    let mut file = cfb::CompoundFile::open(Cursor::new(FIXTURE)).expect("the fixture is a compound file");
    let mut read = |path: &str| {
        let mut out = Vec::new();
        file.open_stream(path).expect("stream").read_to_end(&mut out).expect("read");
        out
    };
    let info = read("/EncryptionInfo");
    Fixture {
        info_head: info[..8].to_vec(),
        xml: String::from_utf8(info[8..].to_vec()).expect("utf-8"),
        package: read("/EncryptedPackage"),
    }
}

/// The XML with each `name="value"` given another value or quote.
fn changed_xml(xml: &str, u: &mut Unstructured) -> Result<String> {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("=\"") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let value_end = after[2..].find('"').map_or(after.len(), |e| e + 2);
        let value = &after[2..value_end.min(after.len())];
        rest = after.get(value_end + 1..).unwrap_or("");
        let quote = if u.ratio(1, 8)? { *u.choose(&QUOTES)? } else { '"' };
        let new_value: String = match u.int_in_range(0..=5)? {
            0 => (*u.choose(&NUMBERS)?).to_owned(),
            1 => u.arbitrary()?,
            2 => value.chars().take(u.int_in_range(0..=value.len())?).collect(),
            _ => value.to_owned(),
        };
        out.push('=');
        out.push(quote);
        out.push_str(&new_value.replace(quote, ""));
        out.push(quote);
    }
    out.push_str(rest);
    if u.ratio(1, 16)? {
        let cut = u.int_in_range(0..=out.len())?;
        let cut = (0..=cut).rev().find(|c| out.is_char_boundary(*c)).unwrap_or(0);
        out.truncate(cut);
    }
    Ok(out)
}

fn changed_package(package: &[u8], u: &mut Unstructured) -> Result<(Vec<u8>, bool)> {
    let mut out = package.to_vec();
    let mut changed = false;
    while u.ratio(1, 4)? {
        changed = true;
        match u.int_in_range(0..=3)? {
            0 => out.truncate(u.int_in_range(0..=out.len())?),
            1 => out.extend(std::iter::repeat_n(0u8, u.int_in_range(0..=5000)?)),
            2 if out.len() >= 8 => out[..8].copy_from_slice(&u.arbitrary::<u64>()?.to_le_bytes()),
            _ if !out.is_empty() => {
                let at = u.int_in_range(0..=out.len() - 1)?;
                out[at] ^= u.int_in_range(1..=255)?;
            }
            _ => {}
        }
    }
    Ok((out, changed))
}

fn compound(info: &[u8], package: &[u8]) -> Vec<u8> {
    let mut out = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("create");
    for (path, bytes) in [("/EncryptionInfo", info), ("/EncryptedPackage", package)] {
        out.create_stream(path).and_then(|mut s| s.write_all(bytes)).expect("write");
    }
    out.flush().expect("flush");
    out.into_inner().into_inner()
}

fuzz_target!(|bytes: &[u8]| {
    let fixture = fixture();
    let mut u = Unstructured::new(bytes);
    let Ok(xml) = changed_xml(&fixture.xml, &mut u) else { return };
    let Ok((package, package_changed)) = changed_package(&fixture.package, &mut u) else { return };
    let mut info = fixture.info_head.clone();
    info.extend(xml.as_bytes());
    let file = compound(&info, &package);
    if let Ok(opened) = decrypt_workbook(&file, PASSWORD) {
        // What opens is what the stream's integrity vouches for.
        assert!(!package_changed || package == fixture.package, "a changed stream opened");
        assert!(opened.len() <= package.len());
    }
});
