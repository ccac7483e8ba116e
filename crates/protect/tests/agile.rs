//! Workbooks with an open password against independent tools: a workbook
//! msoffcrypto-tool encrypted (kept in `fixtures/`, see its README) opens
//! here to the very bytes it encrypted; what we encrypt, Debian's
//! msoffcrypto-tool decrypts to the very bytes we gave.

use std::process::Command;
use taizhang_catalogue::Worded;
use taizhang_core::problem::FileProblem;
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
