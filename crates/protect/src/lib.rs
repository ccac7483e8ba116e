//! Files a lost USB stick does not give away (`docs/protected-files.md`):
//! an exchange file travels in a ZIP whose one entry is encrypted with
//! AES-256 as WinZip's AE-2 specifies, so any common archiver opens it with
//! the password; a plain ZIP holding one exchange file is read too. Every
//! refusal is a [`FileProblem`] at the archive's root, worded by the catalogue.
//! Passwords go through here and nowhere else: never kept, never logged.

mod agile;

pub use agile::{decrypt_workbook, encrypt_workbook, is_encrypted_workbook};
use std::io::{Cursor, Read, Write};
use taizhang_core::base::problem::FileProblem;
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{AesMode, CompressionMethod, ZipArchive, ZipWriter};

pub use taizhang_core::trust::password::{password_is_long_enough, MIN_PASSWORD_CHARS};

/// Whether the bytes are a ZIP archive (a local file header first).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Whether a ZIP is an Office Open XML or OpenDocument workbook (it holds
/// `[Content_Types].xml` or `mimetype`) rather than an archive of a file.
pub fn is_workbook_zip(bytes: &[u8]) -> bool {
    ZipArchive::new(Cursor::new(bytes)).is_ok_and(|archive| {
        archive
            .file_names()
            .any(|n| n == "[Content_Types].xml" || n == "mimetype")
    })
}

/// `bytes` as the one entry `name` of a ZIP encrypted with AES-256 (AE-2)
/// under `password`, deflated.
pub fn protect(name: &str, bytes: &[u8], password: &str) -> Result<Vec<u8>, FileProblem> {
    if !password_is_long_enough(password) {
        return Err(FileProblem::PasswordTooShort);
    }
    let failed = |e: ZipError| FileProblem::ZipUnreadable(e.to_string());
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .with_aes_encryption(AesMode::Aes256, password);
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() / 4)));
    writer.start_file(name, options).map_err(failed)?;
    writer
        .write_all(bytes)
        .map_err(|e| FileProblem::ZipUnreadable(e.to_string()))?;
    Ok(writer.finish().map_err(failed)?.into_inner())
}

/// The one file in a ZIP: its name and bytes, decrypted with `password`
/// when it is encrypted. Refused: an archive of more or fewer than one file,
/// a name that would leave its folder, an entry declared or found larger
/// than `limit` bytes (a small file that unpacks to gigabytes), an encrypted
/// entry without a password or with a wrong one.
/// A name that is a relative path of this archive on every system: not
/// absolute, no drive letter (`C:`), no backslash (Windows tools read it as a
/// separator, so `..\\x` climbs out there), no `..` part.
fn is_plain_entry_name(name: &str) -> bool {
    let drive = name.as_bytes().get(1) == Some(&b':');
    !name.starts_with('/')
        && !name.contains('\\')
        && !drive
        && !name.split('/').any(|part| part == "..")
}

pub fn open_zip(
    bytes: &[u8],
    password: Option<&str>,
    limit: u64,
) -> Result<(String, Vec<u8>), FileProblem> {
    let unreadable = |e: ZipError| FileProblem::ZipUnreadable(e.to_string());
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let files: Vec<usize> = (0..archive.len())
        .filter(|&i| archive.by_index_raw(i).is_ok_and(|f| !f.is_dir()))
        .collect();
    let [index] = files[..] else {
        return Err(FileProblem::ZipNotOneFile(files.len()));
    };
    let (name, encrypted, declared) = {
        let raw = archive.by_index_raw(index).map_err(unreadable)?;
        let Some(path) = raw
            .enclosed_name()
            .filter(|_| is_plain_entry_name(raw.name()))
        else {
            return Err(FileProblem::ZipPathOutside(raw.name().to_owned()));
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (name, raw.encrypted(), raw.size())
    };
    if declared > limit {
        return Err(FileProblem::ZipTooLarge { limit });
    }
    let entry = match (encrypted, password) {
        (true, None) => return Err(FileProblem::PasswordNeeded),
        (true, Some(password)) => archive.by_index_decrypt(index, password.as_bytes()),
        (false, _) => archive.by_index(index),
    };
    let entry = entry.map_err(|e| match e {
        ZipError::InvalidPassword => FileProblem::WrongPassword,
        ZipError::UnsupportedArchive(what) => FileProblem::ZipUnsupported(what.to_owned()),
        other => unreadable(other),
    })?;
    // The declared size can lie: read one byte past the limit at most.
    let mut out = Vec::with_capacity(declared.min(limit) as usize);
    entry
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| match e.kind() {
            // AE-2 checks its authentication code at the end: a wrong or
            // corrupted file shows here.
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => {
                FileProblem::ZipCorrupted(e.to_string())
            }
            _ => FileProblem::ZipUnreadable(e.to_string()),
        })?;
    if out.len() as u64 > limit {
        return Err(FileProblem::ZipTooLarge { limit });
    }
    Ok((name, out))
}
