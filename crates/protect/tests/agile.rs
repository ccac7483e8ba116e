//! Workbooks with an open password against independent tools: a workbook
//! msoffcrypto-tool encrypted (kept in `fixtures/`, see its README) opens
//! here to the very bytes it encrypted; what we encrypt, Debian's
//! msoffcrypto-tool decrypts to the very bytes we gave.

use std::process::Command;
use taizhang_catalogue::Worded;
use taizhang_core::base::problem::FileProblem;
use taizhang_protect::{decrypt_workbook, encrypt_workbook, is_encrypted_workbook};

const PASSWORD: &str = "Shifeng-2021-taizhang";
const PLAIN: &[u8] = include_bytes!("fixtures/plain.xlsx");
const BY_MSOFFCRYPTO: &[u8] = include_bytes!("fixtures/by-msoffcrypto.xlsx");

fn refused(bytes: &[u8], password: &str) -> FileProblem {
    let problem = decrypt_workbook(bytes, password).expect_err("refused");
    let message = problem.message();
    assert!(!message.zh.is_empty() && !message.en.is_empty());
    problem
}

#[test]
fn a_workbook_msoffcrypto_tool_encrypted_opens_with_its_password_only() {
    assert!(is_encrypted_workbook(BY_MSOFFCRYPTO));
    assert!(!is_encrypted_workbook(PLAIN));
    assert_eq!(
        decrypt_workbook(BY_MSOFFCRYPTO, PASSWORD).expect("opens"),
        PLAIN
    );
    assert_eq!(
        refused(BY_MSOFFCRYPTO, "not-the-password"),
        FileProblem::WrongPassword
    );
    assert_eq!(refused(BY_MSOFFCRYPTO, ""), FileProblem::WrongPassword);
    // Cut short, or not a compound file at all.
    assert!(matches!(
        refused(&BY_MSOFFCRYPTO[..BY_MSOFFCRYPTO.len() / 2], PASSWORD),
        FileProblem::EncryptedWorkbookCorrupted
    ));
    assert!(matches!(
        refused(PLAIN, PASSWORD),
        FileProblem::EncryptedWorkbookCorrupted
    ));
}

#[test]
fn what_we_encrypt_debians_msoffcrypto_tool_decrypts_to_the_same_bytes() {
    let encrypted = encrypt_workbook(PLAIN, PASSWORD).expect("encrypted");
    assert!(is_encrypted_workbook(&encrypted));
    assert!(!encrypted
        .windows(PASSWORD.len())
        .any(|w| w == PASSWORD.as_bytes()));
    // Read back here too.
    assert_eq!(
        decrypt_workbook(&encrypted, PASSWORD).expect("opens"),
        PLAIN
    );
    let dir = std::env::temp_dir().join(format!("taizhang-agile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let (input, output) = (dir.join("encrypted.xlsx"), dir.join("decrypted.xlsx"));
    std::fs::write(&input, &encrypted).expect("write");
    let run = Command::new("msoffcrypto-tool")
        .args(["-p", PASSWORD])
        .arg(&input)
        .arg(&output)
        .output()
        .expect("msoffcrypto-tool (Debian's python3-msoffcrypto-tool)");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(std::fs::read(&output).expect("read"), PLAIN);
    let wrong = Command::new("msoffcrypto-tool")
        .args(["-p", "not-the-password"])
        .arg(&input)
        .arg(dir.join("wrong.xlsx"))
        .output()
        .expect("runs");
    assert!(!wrong.status.success(), "a wrong password fails there too");
    assert_eq!(
        encrypt_workbook(PLAIN, "short").expect_err("too short"),
        FileProblem::PasswordTooShort
    );
}

/// The fixture rebuilt as a compound file (by the `cfb` library, not by the
/// reader under test) with its `EncryptionInfo` XML and `EncryptedPackage`
/// passed through `change`.
fn rebuilt(change: impl Fn(&mut String, &mut Vec<u8>)) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(BY_MSOFFCRYPTO)).expect("cfb");
    let mut read = |path: &str| {
        let mut out = Vec::new();
        file.open_stream(path)
            .expect("stream")
            .read_to_end(&mut out)
            .expect("read");
        out
    };
    let (info, mut package) = (read("/EncryptionInfo"), read("/EncryptedPackage"));
    let mut xml = String::from_utf8(info[8..].to_vec()).expect("xml");
    change(&mut xml, &mut package);
    let mut out = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("create");
    let mut info_out = info[..8].to_vec();
    info_out.extend(xml.as_bytes());
    for (path, bytes) in [
        ("/EncryptionInfo", &info_out),
        ("/EncryptedPackage", &package),
    ] {
        out.create_stream(path)
            .expect("stream")
            .write_all(bytes)
            .expect("write");
    }
    out.flush().expect("flush");
    out.into_inner().into_inner()
}

/// Each attribute `name="…"` of the XML given `value` (every element's).
fn set_all(xml: &mut String, name: &str, value: &str) {
    let mut out = String::new();
    let mut rest = xml.as_str();
    let needle = format!(" {name}=\"");
    while let Some(at) = rest.find(&needle) {
        let value_start = at + needle.len();
        let value_end = value_start + rest[value_start..].find('"').expect("closing quote");
        out.push_str(&rest[..value_start]);
        out.push_str(value);
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    *xml = out;
}

#[test]
fn the_rebuilt_fixture_still_opens_so_each_refusal_below_is_the_change_alone() {
    let same = rebuilt(|_, _| {});
    assert_eq!(decrypt_workbook(&same, PASSWORD).expect("opens"), PLAIN);
}

#[test]
fn a_changed_ciphertext_or_size_is_refused_by_the_data_integrity_as_excel_refuses_it() {
    // One bit of the last segment: its own blocks would still decrypt (to other bytes).
    let flipped = rebuilt(|_, package| {
        let last = package.len() - 1;
        package[last] ^= 0x01;
    });
    assert_eq!(
        refused(&flipped, PASSWORD),
        FileProblem::EncryptedWorkbookAltered
    );
    // The first segment swapped for nothing but itself shifted: the size field changed.
    let resized = rebuilt(|_, package| {
        package[0] = package[0].wrapping_sub(1);
    });
    assert_eq!(
        refused(&resized, PASSWORD),
        FileProblem::EncryptedWorkbookAltered
    );
    // No integrity at all: Excel will not open it either.
    let without = rebuilt(|xml, _| {
        let start = xml.find("<dataIntegrity").expect("has one");
        let end = start + xml[start..].find("/>").expect("empty element") + 2;
        xml.replace_range(start..end, "");
    });
    assert!(matches!(
        refused(&without, PASSWORD),
        FileProblem::EncryptedWorkbookUnsupported(_)
    ));
}

#[test]
fn sizes_the_file_names_are_bounded_before_anything_is_allocated() {
    let started = std::time::Instant::now();
    for (name, value) in [
        ("blockSize", "4294967295"),
        ("blockSize", "18446744073709551615"),
        ("blockSize", "0"),
        ("saltSize", "4294967295"),
        ("hashSize", "4294967295"),
        ("keyBits", "4294967295"),
        ("spinCount", "4294967295"),
    ] {
        let hostile = rebuilt(|xml, _| set_all(xml, name, value));
        assert!(
            matches!(
                refused(&hostile, PASSWORD),
                FileProblem::EncryptedWorkbookUnsupported(_)
            ),
            "{name}={value}"
        );
    }
    // A salt of a megabyte named honestly: still not a salt.
    let long_salt = rebuilt(|xml, _| {
        use base64::Engine;
        let salt = base64::engine::general_purpose::STANDARD.encode(vec![7u8; 1 << 20]);
        set_all(xml, "saltValue", &salt);
        set_all(xml, "saltSize", &(1u32 << 20).to_string());
    });
    assert!(matches!(
        refused(&long_salt, PASSWORD),
        FileProblem::EncryptedWorkbookUnsupported(_)
    ));
    // The package's size field far beyond its bytes.
    let huge = rebuilt(|_, package| package[..8].copy_from_slice(&u64::MAX.to_le_bytes()));
    assert!(matches!(
        refused(&huge, PASSWORD),
        FileProblem::EncryptedWorkbookCorrupted | FileProblem::EncryptedWorkbookAltered
    ));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "refusals cost no more than a password check each"
    );
}

#[test]
fn any_quote_or_byte_in_the_xml_is_refused_without_a_panic() {
    for quote in ["“", "”", "中", "\u{10FFFF}", "é", ""] {
        let hostile = rebuilt(|xml, _| {
            *xml = xml.replacen("keyBits=\"256\"", &format!("keyBits={quote}256{quote}"), 1);
        });
        let outcome = std::panic::catch_unwind(|| decrypt_workbook(&hostile, PASSWORD));
        assert!(
            matches!(outcome, Ok(Err(_))),
            "quote {quote:?}: refused, not a panic"
        );
    }
    // Every prefix of the XML: refused, never a panic.
    let whole = rebuilt(|_, _| {});
    let xml_len = {
        let file = cfb::CompoundFile::open(std::io::Cursor::new(&whole[..])).expect("cfb");
        file.entry("/EncryptionInfo").expect("entry").len() as usize
    };
    for cut in (8..xml_len).step_by(97) {
        let hostile = rebuilt(|xml, _| {
            let mut end = (cut - 8).min(xml.len());
            while !xml.is_char_boundary(end) {
                end -= 1;
            }
            xml.truncate(end);
        });
        let outcome = std::panic::catch_unwind(|| decrypt_workbook(&hostile, PASSWORD));
        assert!(matches!(outcome, Ok(Err(_))), "cut at {cut}");
    }
}
