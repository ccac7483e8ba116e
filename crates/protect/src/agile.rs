//! Workbooks with an open password, as Excel and WPS write them: ECMA-376
//! agile encryption ([MS-OFFCRYPTO] 2.3.4.10–2.3.4.15). The workbook (a ZIP)
//! is encrypted into an OLE compound file with two streams: `EncryptionInfo`
//! (version 4.4, then XML naming the ciphers, salts and the encrypted key)
//! and `EncryptedPackage` (the size, then 4096-byte segments, AES-CBC).
//! Writing is `ms-offcrypto-writer`'s; reading is here, small, for AES with
//! SHA-1, SHA-256, SHA-384 or SHA-512, whatever tool wrote it.

use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, KeyIvInit};
use rand::SeedableRng;
use sha2_agile::{Digest, Sha512};
use std::io::{Cursor, Read};
use taizhang_core::base::problem::FileProblem;

/// The first bytes of an OLE compound file (an encrypted workbook, or an old `.xls`).
const CFB_MAGIC: [u8; 8] = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const SEGMENT: usize = 4096;
/// Block keys of 2.3.4.13: the verifier's input, its hash, and the key.
const VERIFIER_INPUT_BLOCK: [u8; 8] = [0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79];
const VERIFIER_HASH_BLOCK: [u8; 8] = [0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e];
const KEY_BLOCK: [u8; 8] = [0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6];
/// Block keys of 2.3.4.14: the data integrity's HMAC key and value.
const HMAC_KEY_BLOCK: [u8; 8] = [0x5f, 0xb2, 0xad, 0x01, 0x0c, 0xb9, 0xe1, 0xf6];
const HMAC_VALUE_BLOCK: [u8; 8] = [0xa0, 0x67, 0x7f, 0x02, 0xb2, 0x2c, 0x84, 0x33];

/// Whether the bytes are an OLE compound file holding an encrypted package.
pub fn is_encrypted_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(&CFB_MAGIC)
        && cfb::CompoundFile::open(Cursor::new(bytes))
            .is_ok_and(|file| file.exists("/EncryptionInfo") && file.exists("/EncryptedPackage"))
}

/// The workbook `xlsx` encrypted with `password` (AES-256, SHA-512, 100,000
/// spins), as Excel asks for it on opening.
pub fn encrypt_workbook(xlsx: &[u8], password: &str) -> Result<Vec<u8>, FileProblem> {
    use std::io::Write;
    if !crate::password_is_long_enough(password) {
        return Err(FileProblem::PasswordTooShort);
    }
    let failed = |e: std::io::Error| FileProblem::UnreadableWorkbook(e.to_string());
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| FileProblem::UnreadableWorkbook(e.to_string()))?;
    let mut rng = rand::rngs::StdRng::from_seed(seed);
    let mut out = Cursor::new(Vec::with_capacity(xlsx.len() + 8192));
    let mut writer = ms_offcrypto_writer::Ecma376AgileWriter::create(&mut rng, password, &mut out)
        .map_err(failed)?;
    writer.write_all(xlsx).map_err(failed)?;
    writer.finalize().map_err(failed)?;
    Ok(out.into_inner())
}

/// The attributes of the first element named `tag` (with or without a
/// prefix). Any bytes may stand here: a value must be quoted with `"` or `'`,
/// and anything else ends the list (the caller then finds what it lacks).
fn attributes(xml: &str, tag: &str) -> Option<Vec<(String, String)>> {
    let start = xml.match_indices('<').map(|(i, _)| i + 1).find(|&i| {
        let name: String = xml[i..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        name == tag || name.rsplit(':').next() == Some(tag)
    })?;
    let end = start + xml[start..].find('>')?;
    let mut rest = &xml[start..end];
    rest = rest.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    let mut out = Vec::new();
    while let Some((name, after)) = rest.split_once('=') {
        let after = after.trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let (value, tail) = after[quote.len_utf8()..].split_once(quote)?;
        out.push((name.trim().to_owned(), value.to_owned()));
        rest = tail;
    }
    Some(out)
}

fn attribute<'a>(list: &'a [(String, String)], name: &str) -> Result<&'a str, FileProblem> {
    list.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| unsupported(&format!("no {name}")))
}

fn unsupported(what: &str) -> FileProblem {
    FileProblem::EncryptedWorkbookUnsupported(what.to_owned())
}

fn base64(text: &str) -> Result<Vec<u8>, FileProblem> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| unsupported("base64"))
}

/// What the encryption's XML says of one of its two key entries.
struct Params {
    salt: Vec<u8>,
    hash: Hash,
    key_bytes: usize,
    block: usize,
}

#[derive(Clone, Copy)]
enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn of(name: &str) -> Result<Hash, FileProblem> {
        match name {
            "SHA1" | "SHA-1" => Ok(Hash::Sha1),
            "SHA256" | "SHA-256" => Ok(Hash::Sha256),
            "SHA384" | "SHA-384" => Ok(Hash::Sha384),
            "SHA512" | "SHA-512" => Ok(Hash::Sha512),
            other => Err(unsupported(other)),
        }
    }

    fn size(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    /// HMAC with this hash (2.3.4.14's data integrity).
    fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        use hmac::{Mac, SimpleHmac};
        fn run<D: Digest + hmac::digest::core_api::BlockSizeUser>(
            key: &[u8],
            data: &[u8],
        ) -> Vec<u8> {
            match SimpleHmac::<D>::new_from_slice(key) {
                Ok(mut mac) => {
                    mac.update(data);
                    mac.finalize().into_bytes().to_vec()
                }
                // HMAC takes a key of any length; nothing to compare against otherwise.
                Err(_) => Vec::new(),
            }
        }
        match self {
            Hash::Sha1 => run::<sha1_agile::Sha1>(key, data),
            Hash::Sha256 => run::<sha2_agile::Sha256>(key, data),
            Hash::Sha384 => run::<sha2_agile::Sha384>(key, data),
            Hash::Sha512 => run::<Sha512>(key, data),
        }
    }

    fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            d.finalize().to_vec()
        }
        match self {
            Hash::Sha1 => run::<sha1_agile::Sha1>(parts),
            Hash::Sha256 => run::<sha2_agile::Sha256>(parts),
            Hash::Sha384 => run::<sha2_agile::Sha384>(parts),
            Hash::Sha512 => run::<Sha512>(parts),
        }
    }
}

/// AES's block, the only one agile AES has; a file naming another size
/// (even gigabytes, to make the reader allocate them) is refused.
const AES_BLOCK: usize = 16;
/// The salts Excel, WPS and msoffcrypto-tool write are 16 bytes; the
/// standard allows up to 64 in practice for these hashes.
const MAX_SALT: usize = 64;

fn params(list: &[(String, String)]) -> Result<Params, FileProblem> {
    if attribute(list, "cipherAlgorithm")? != "AES" {
        return Err(unsupported(attribute(list, "cipherAlgorithm")?));
    }
    if attribute(list, "cipherChaining")? != "ChainingModeCBC" {
        return Err(unsupported(attribute(list, "cipherChaining")?));
    }
    let number = |name: &str| -> Result<usize, FileProblem> {
        attribute(list, name)?
            .parse()
            .map_err(|_| unsupported(name))
    };
    let key_bytes = number("keyBits")? / 8;
    if ![16, 24, 32].contains(&key_bytes) {
        return Err(unsupported("keyBits"));
    }
    if number("blockSize")? != AES_BLOCK {
        return Err(unsupported("blockSize"));
    }
    let hash = Hash::of(attribute(list, "hashAlgorithm")?)?;
    if number("hashSize")? != hash.size() {
        return Err(unsupported("hashSize"));
    }
    let salt = base64(attribute(list, "saltValue")?)?;
    if salt.is_empty() || salt.len() > MAX_SALT || number("saltSize")? != salt.len() {
        return Err(unsupported("saltSize"));
    }
    Ok(Params {
        salt,
        hash,
        key_bytes,
        block: AES_BLOCK,
    })
}

fn aes_cbc_decrypt(key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>, FileProblem> {
    let corrupted = || FileProblem::EncryptedWorkbookCorrupted;
    if data.len() % 16 != 0 || iv.len() != 16 {
        return Err(corrupted());
    }
    let mut buffer = data.to_vec();
    let done = match key.len() {
        16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(|_| corrupted())?
            .decrypt_padded_mut::<NoPadding>(&mut buffer)
            .map(|b| b.len()),
        24 => cbc::Decryptor::<aes::Aes192>::new_from_slices(key, iv)
            .map_err(|_| corrupted())?
            .decrypt_padded_mut::<NoPadding>(&mut buffer)
            .map(|b| b.len()),
        _ => cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
            .map_err(|_| corrupted())?
            .decrypt_padded_mut::<NoPadding>(&mut buffer)
            .map(|b| b.len()),
    };
    let length = done.map_err(|_| corrupted())?;
    buffer.truncate(length);
    Ok(buffer)
}

/// `bytes` cut or padded with 0x36 to `length` (2.3.4.11).
fn sized(mut bytes: Vec<u8>, length: usize) -> Vec<u8> {
    bytes.resize(length, 0x36);
    bytes
}

fn stream(file: &mut cfb::CompoundFile<Cursor<&[u8]>>, path: &str) -> Result<Vec<u8>, FileProblem> {
    let mut out = Vec::new();
    file.open_stream(path)
        .and_then(|mut s| s.read_to_end(&mut out))
        .map_err(|_| FileProblem::EncryptedWorkbookCorrupted)?;
    Ok(out)
}

/// The workbook inside an encrypted one, with its `password`: refused when
/// the password is wrong, the method is not agile AES, or the file is damaged.
pub fn decrypt_workbook(bytes: &[u8], password: &str) -> Result<Vec<u8>, FileProblem> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|_| FileProblem::EncryptedWorkbookCorrupted)?;
    let info = stream(&mut file, "/EncryptionInfo")?;
    let package = stream(&mut file, "/EncryptedPackage")?;
    let (major, minor) = match info.get(..4) {
        Some(v) => (
            u16::from_le_bytes([v[0], v[1]]),
            u16::from_le_bytes([v[2], v[3]]),
        ),
        None => return Err(FileProblem::EncryptedWorkbookCorrupted),
    };
    if (major, minor) != (4, 4) {
        // 3.2 / 4.2 are "standard" encryption (Office 2007), 4.3 extensible.
        return Err(unsupported(&format!("{major}.{minor}")));
    }
    let xml = std::str::from_utf8(info.get(8..).unwrap_or_default())
        .map_err(|_| FileProblem::EncryptedWorkbookCorrupted)?;
    let key_data = params(&attributes(xml, "keyData").ok_or_else(|| unsupported("keyData"))?)?;
    let encrypted_key_list =
        attributes(xml, "encryptedKey").ok_or_else(|| unsupported("encryptedKey"))?;
    let password_key = params(&encrypted_key_list)?;
    let spins: u32 = attribute(&encrypted_key_list, "spinCount")?
        .parse()
        .map_err(|_| unsupported("spinCount"))?;
    // Excel and WPS use 100,000; many more is a file made to keep the engine busy.
    if spins > 1_000_000 {
        return Err(unsupported("spinCount"));
    }
    let secret = |name: &str| base64(attribute(&encrypted_key_list, name)?);
    let (verifier_input, verifier_hash, encrypted_key) = (
        secret("encryptedVerifierHashInput")?,
        secret("encryptedVerifierHashValue")?,
        secret("encryptedKeyValue")?,
    );

    // 2.3.4.11: H0 = H(salt + password), Hn = H(n + Hn-1), then one key per block key.
    let hash = password_key.hash;
    let utf16: Vec<u8> = password.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut h = hash.digest(&[&password_key.salt, &utf16]);
    for i in 0..spins {
        h = hash.digest(&[&i.to_le_bytes(), &h]);
    }
    let key_for = |block: &[u8]| sized(hash.digest(&[&h, block]), password_key.key_bytes);
    let iv = sized(password_key.salt.clone(), password_key.block);
    let input = aes_cbc_decrypt(&key_for(&VERIFIER_INPUT_BLOCK), &iv, &verifier_input)?;
    let expected = aes_cbc_decrypt(&key_for(&VERIFIER_HASH_BLOCK), &iv, &verifier_hash)?;
    let computed = hash.digest(&[&input[..password_key.salt.len().min(input.len())]]);
    if expected.get(..computed.len()) != Some(&computed[..]) {
        return Err(FileProblem::WrongPassword);
    }
    let key = aes_cbc_decrypt(&key_for(&KEY_BLOCK), &iv, &encrypted_key)?;
    let key = key
        .get(..key_data.key_bytes)
        .ok_or(FileProblem::EncryptedWorkbookCorrupted)?;

    // 2.3.4.14: an HMAC over the whole encrypted stream, its key and value
    // encrypted with the package key. Excel refuses a file whose stream was
    // changed; so do we, before a byte of it is decrypted.
    let integrity = attributes(xml, "dataIntegrity").ok_or_else(|| unsupported("dataIntegrity"))?;
    let integrity_secret = |name: &str, block: &[u8; 8]| -> Result<Vec<u8>, FileProblem> {
        let iv = sized(
            key_data.hash.digest(&[&key_data.salt, block]),
            key_data.block,
        );
        let plain = aes_cbc_decrypt(key, &iv, &base64(attribute(&integrity, name)?)?)?;
        plain
            .get(..key_data.hash.size())
            .map(<[u8]>::to_vec)
            .ok_or(FileProblem::EncryptedWorkbookCorrupted)
    };
    let hmac_key = integrity_secret("encryptedHmacKey", &HMAC_KEY_BLOCK)?;
    let hmac_value = integrity_secret("encryptedHmacValue", &HMAC_VALUE_BLOCK)?;
    if key_data.hash.hmac(&hmac_key, &package) != hmac_value {
        return Err(FileProblem::EncryptedWorkbookAltered);
    }

    // 2.3.4.15: the size, then segments, each with IV = H(keyData salt + index).
    let size = package
        .get(..8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
        .ok_or(FileProblem::EncryptedWorkbookCorrupted)?;
    let body = &package[8..];
    // The segments hold the size rounded up to whole AES blocks, no more.
    if size > body.len() as u64 || body.len() as u64 - size >= SEGMENT as u64 {
        return Err(FileProblem::EncryptedWorkbookCorrupted);
    }
    let mut out = Vec::with_capacity(body.len());
    for (index, segment) in body.chunks(SEGMENT).enumerate() {
        let iv = sized(
            key_data
                .hash
                .digest(&[&key_data.salt, &(index as u32).to_le_bytes()]),
            key_data.block,
        );
        // A last segment not a whole number of blocks is damaged.
        out.extend(aes_cbc_decrypt(key, &iv, segment)?);
    }
    out.truncate(size as usize);
    Ok(out)
}
