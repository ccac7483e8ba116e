//! Protected ZIPs against tools that share no code with the app: what we
//! write opens with 7-Zip and the password; what 7-Zip (AES-256) and
//! Python's `zipfile` write opens here, and every hostile archive is refused
//! with its own sentence.

use std::path::{Path, PathBuf};
use std::process::Command;
use taizhang_catalogue::Worded;
use taizhang_core::base::problem::FileProblem;
use taizhang_protect::{is_zip, open_zip, protect};

const PASSWORD: &str = "石峰区-2021-台账";
const LIMIT: u64 = 64 * 1024 * 1024;
const FILE: &str = r#"{"format":"taizhang-exchange","version":1,"note":"石峰区委政法委"}"#;

fn seven_zip() -> &'static str {
    ["7z", "7zz"]
        .into_iter()
        .find(|tool| Command::new(tool).arg("i").output().is_ok())
        .expect("7-Zip (Debian's 7zip or p7zip-full)")
}

fn work() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "taizhang-protect-{}-{}",
        std::process::id(),
        uuid_like()
    ));
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

fn uuid_like() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

fn run(command: &mut Command) -> String {
    let out = command.output().expect("runs");
    assert!(
        out.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Python's zipfile (no AES: a plain archive), entries written as given.
fn python_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let list: Vec<String> = entries
        .iter()
        .map(|(name, bytes)| format!("({name:?}, bytes.fromhex({:?}))", hex(bytes)))
        .collect();
    let script = format!(
        "import zipfile\nwith zipfile.ZipFile({:?}, 'w', zipfile.ZIP_DEFLATED) as z:\n    for n, b in [{}]: z.writestr(n, b)\n",
        path.display().to_string(),
        list.join(", ")
    );
    run(Command::new("/usr/bin/python3").arg("-c").arg(script));
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn refused(bytes: &[u8], password: Option<&str>) -> FileProblem {
    let problem = open_zip(bytes, password, LIMIT).expect_err("refused");
    let message = problem.message();
    assert!(!message.zh.is_empty() && !message.en.is_empty());
    problem
}

#[test]
fn what_we_protect_opens_in_7_zip_with_the_password_and_not_without() {
    let dir = work();
    let zip = protect(
        "台账-430204-committee-20210503.json",
        FILE.as_bytes(),
        PASSWORD,
    )
    .expect("protected");
    assert!(is_zip(&zip));
    let path = dir.join("protected.zip");
    std::fs::write(&path, &zip).expect("write");
    // 7-Zip names the method: AES-256, and deflate inside.
    let listed = run(Command::new(seven_zip())
        .args(["l", "-slt", &format!("-p{PASSWORD}")])
        .arg(&path));
    assert!(listed.contains("AES-256"), "{listed}");
    let out = dir.join("out");
    run(Command::new(seven_zip())
        .args([
            "x",
            "-y",
            &format!("-p{PASSWORD}"),
            &format!("-o{}", out.display()),
        ])
        .arg(&path));
    let extracted =
        std::fs::read(out.join("台账-430204-committee-20210503.json")).expect("extracted");
    assert_eq!(extracted, FILE.as_bytes());
    let wrong = Command::new(seven_zip())
        .args([
            "x",
            "-y",
            "-pwrong-password",
            &format!("-o{}", dir.join("wrong").display()),
        ])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(!wrong.status.success(), "7-Zip refuses a wrong password");
    // The password is nowhere in the archive.
    assert!(!zip
        .windows(PASSWORD.len())
        .any(|w| w == PASSWORD.as_bytes()));
    assert!(
        !zip.windows(10).any(|w| w == &FILE.as_bytes()[..10]),
        "the content is encrypted"
    );
}

#[test]
fn a_zip_7_zip_encrypted_with_aes_256_opens_here_with_its_password_only() {
    let dir = work();
    let inner = dir.join("台账.json");
    std::fs::write(&inner, FILE).expect("write");
    let path = dir.join("by-7zip.zip");
    // 7-Zip takes only ASCII passwords for ZIP archives.
    const PASSWORD: &str = "Shifeng-2021-taizhang";
    run(Command::new(seven_zip())
        .args(["a", "-tzip", "-mem=AES256", &format!("-p{PASSWORD}")])
        .arg(&path)
        .arg(&inner));
    let bytes = std::fs::read(&path).expect("read");
    let (name, opened) = open_zip(&bytes, Some(PASSWORD), LIMIT).expect("opens");
    assert_eq!(
        (name.as_str(), opened.as_slice()),
        ("台账.json", FILE.as_bytes())
    );
    assert_eq!(refused(&bytes, None), FileProblem::PasswordNeeded);
    assert_eq!(
        refused(&bytes, Some("not-the-password")),
        FileProblem::WrongPassword
    );
    // One byte of the encrypted content changed: its authentication code fails.
    let mut changed = bytes.clone();
    let at = changed.len() / 2;
    changed[at] ^= 0x40;
    assert!(matches!(
        refused(&changed, Some(PASSWORD)),
        FileProblem::ZipCorrupted(_) | FileProblem::ZipUnreadable(_)
    ));
    // Cut short.
    assert!(matches!(
        refused(&bytes[..bytes.len() / 2], Some(PASSWORD)),
        FileProblem::ZipUnreadable(_)
    ));
}

#[test]
fn a_plain_zip_of_one_file_opens_and_hostile_archives_are_refused() {
    let dir = work();
    let plain = dir.join("plain.zip");
    python_zip(&plain, &[("台账.json", FILE.as_bytes())]);
    let bytes = std::fs::read(&plain).expect("read");
    assert_eq!(
        open_zip(&bytes, None, LIMIT).expect("opens").1,
        FILE.as_bytes()
    );

    let two = dir.join("two.zip");
    python_zip(
        &two,
        &[("a.json", FILE.as_bytes()), ("b.json", FILE.as_bytes())],
    );
    assert_eq!(
        refused(&std::fs::read(&two).expect("read"), None),
        FileProblem::ZipNotOneFile(2)
    );

    let outside = dir.join("outside.zip");
    python_zip(&outside, &[("../../etc/台账.json", FILE.as_bytes())]);
    assert_eq!(
        refused(&std::fs::read(&outside).expect("read"), None),
        FileProblem::ZipPathOutside("../../etc/台账.json".into())
    );

    // Absolute, with a drive letter, with backslashes (a separator to
    // Windows tools, which would climb out with `..\\`): each refused, named.
    for name in [
        "/etc/台账.json",
        "C:/Users/台账.json",
        "C:台账.json",
        "C:\\Users\\台账.json",
        "..\\..\\台账.json",
        "dir\\台账.json",
        "\\\\server\\share\\台账.json",
    ] {
        let hostile = dir.join("hostile.zip");
        python_zip(&hostile, &[(name, FILE.as_bytes())]);
        let bytes = std::fs::read(&hostile).expect("read");
        assert!(
            bytes.windows(name.len()).any(|w| w == name.as_bytes()),
            "the archive carries the name {name:?} as given"
        );
        assert_eq!(
            refused(&bytes, None),
            FileProblem::ZipPathOutside(name.into()),
            "{name}"
        );
    }

    // A bomb: 80 MiB of zeros in some 80 KiB, over a 64 MiB limit.
    let bomb = dir.join("bomb.zip");
    run(Command::new("/usr/bin/python3").arg("-c").arg(format!(
        "import zipfile\nwith zipfile.ZipFile({:?}, 'w', zipfile.ZIP_DEFLATED) as z: z.writestr('x.json', bytes(80 * 1024 * 1024))",
        bomb.display().to_string()
    )));
    let bomb = std::fs::read(&bomb).expect("read");
    assert!(bomb.len() < 200 * 1024, "{} bytes", bomb.len());
    assert_eq!(
        refused(&bomb, None),
        FileProblem::ZipTooLarge { limit: LIMIT }
    );
    // The same bomb declaring a small size (both headers patched): its real size refuses it.
    let lying = declare_size(&bomb, 1000);
    assert_eq!(
        refused(&lying, None),
        FileProblem::ZipTooLarge { limit: LIMIT }
    );
    // Not a ZIP at all.
    assert!(!is_zip(FILE.as_bytes()));
    assert!(matches!(
        refused(b"PK\x03\x04 not really", None),
        FileProblem::ZipUnreadable(_)
    ));
}

/// `zip` with every uncompressed size in its local and central headers set to `size`.
fn declare_size(zip: &[u8], size: u32) -> Vec<u8> {
    let mut out = zip.to_vec();
    let find = |sig: &[u8; 4]| -> Vec<usize> {
        out.windows(4)
            .enumerate()
            .filter(|(_, w)| w == sig)
            .map(|(i, _)| i)
            .collect()
    };
    let local = find(b"PK\x03\x04");
    let central = find(b"PK\x01\x02");
    for at in local {
        out[at + 22..at + 26].copy_from_slice(&size.to_le_bytes());
    }
    for at in central {
        out[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
    }
    out
}

#[test]
fn a_workbook_is_told_from_an_archive_by_its_parts() {
    let dir = work();
    let workbook = dir.join("book.xlsx");
    run(Command::new("/usr/bin/python3").arg("-c").arg(format!(
        "import openpyxl\nwb = openpyxl.Workbook()\nwb.active['A1'] = '台账'\nwb.save({:?})",
        workbook.display().to_string()
    )));
    assert!(taizhang_protect::is_workbook_zip(
        &std::fs::read(&workbook).expect("read")
    ));
    let archive = protect("台账.json", FILE.as_bytes(), PASSWORD).expect("protected");
    assert!(!taizhang_protect::is_workbook_zip(&archive));
}
