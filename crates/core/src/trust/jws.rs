//! A signed file: a JWS in the flattened JSON serialization, one JSON
//! object `{"payload", "protected", "signature"}`, each part base64url. Its
//! header is checked here, whole, before any key is used: what it claims
//! must be exactly what an office key writes, and its `cty` must be the
//! inner file's own `format`.

use super::base64url;
use super::jwk::PublicJwk;
use crate::base::problem::FileProblem;
use crate::exchange::ImportError;
use serde::{Deserialize, Serialize};

/// The `typ` of every signed file.
pub const JWS_TYPE: &str = "taizhang+jws";
/// The files that travel signed: the `cty` of a signed file is one of these.
pub const INNER_FORMATS: [&str; 4] = [
    "taizhang-exchange",
    "taizhang-receipt",
    "taizhang-roster",
    "taizhang-approval",
];
const ALG: &str = "ES256";
/// An ES256 signature: r‖s, 32 bytes each.
const SIGNATURE_BYTES: usize = 64;

/// The protected header, in the order it is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub alg: String,
    pub typ: String,
    /// The fingerprint of `jwk`.
    pub kid: String,
    pub jwk: PublicJwk,
    /// The office the signing copy is.
    pub office: String,
    /// The inner file's format.
    pub cty: String,
}

impl Header {
    /// The header an office key writes for a file of format `cty`.
    pub fn new(jwk: PublicJwk, office: &str, cty: &str) -> Header {
        Header {
            alg: ALG.into(),
            typ: JWS_TYPE.into(),
            kid: jwk.thumbprint(),
            jwk,
            office: office.into(),
            cty: cty.into(),
        }
    }

    /// The header's base64url, and the bytes a signature of `payload` covers.
    pub fn signing_input(&self, payload: &[u8]) -> (String, String, Vec<u8>) {
        let protected = base64url::encode(&serde_json::to_vec(self).unwrap_or_default());
        let payload = base64url::encode(payload);
        let input = format!("{protected}.{payload}").into_bytes();
        (protected, payload, input)
    }
}

/// A signed file read and its header checked; its signature is not yet verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    pub header: Header,
    /// The inner file's exact bytes.
    pub payload: Vec<u8>,
    /// ASCII(protected) "." ASCII(payload): what the signature covers.
    pub signing_input: Vec<u8>,
    /// r‖s.
    pub signature: Vec<u8>,
}

/// What makes a signed file unreadable or its header unacceptable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JwsFault {
    /// A member of the JWS object or of its header is missing or not text.
    Missing(String),
    /// A part is not base64url.
    NotBase64url(String),
    /// The header is not a JSON object of the expected members.
    HeaderNotJson(String),
    /// Another algorithm than ES256 (`none`, `HS256`, …).
    Algorithm(String),
    Type(String),
    /// The key is not an EC key on P-256.
    NotP256,
    /// `kid` is not the fingerprint of `jwk`.
    KidNotFingerprint,
    /// The signature is not 64 bytes.
    SignatureLength(usize),
    /// `cty` names no file that travels signed.
    UnknownContent(String),
    /// `cty` is not the inner file's own `format`.
    ContentNotFormat {
        cty: String,
        format: Option<String>,
    },
    /// The signature does not verify with the key in the header: the file
    /// was changed after it was signed, or the signature is broken.
    DoesNotVerify,
    /// The inner file names another office as its sender than the one that signed it.
    OfficeNotSender {
        signed_by: String,
        says: String,
    },
}

/// The flattened JWS's members, borrowed (base64url has no escapes).
#[derive(Deserialize)]
struct Flattened<'a> {
    #[serde(borrow)]
    payload: Option<&'a str>,
    #[serde(borrow)]
    protected: Option<&'a str>,
    #[serde(borrow)]
    signature: Option<&'a str>,
}

#[derive(Deserialize)]
struct Format {
    format: Option<String>,
}

/// The signed file in `bytes`, if they are one: `None` when they are not a
/// JSON object with a `payload` (an unsigned file, read as it is), errors
/// located by JSON Pointer when they claim to be a signed file but are not a
/// good one.
pub fn read_signed(bytes: &[u8]) -> Option<Result<Signed, Vec<ImportError>>> {
    // A file that never says `"payload"` is no signed file: found by a byte
    // search, not a second parse of every unsigned file (33 MB at 100k records).
    memchr::memmem::find(bytes, br#""payload""#)?;
    let flattened: Flattened = serde_json::from_slice(bytes).ok()?;
    let payload = flattened.payload?;
    let fault = |pointer: &str, fault: JwsFault| {
        vec![ImportError::new(pointer, FileProblem::Signature(fault))]
    };
    Some((|| {
        let protected = flattened
            .protected
            .ok_or_else(|| fault("/protected", JwsFault::Missing("protected".into())))?;
        let signature = flattened
            .signature
            .ok_or_else(|| fault("/signature", JwsFault::Missing("signature".into())))?;
        let header_bytes = base64url::decode(protected)
            .ok_or_else(|| fault("/protected", JwsFault::NotBase64url("protected".into())))?;
        let payload_bytes = base64url::decode(payload)
            .ok_or_else(|| fault("/payload", JwsFault::NotBase64url("payload".into())))?;
        let signature_bytes = base64url::decode(signature)
            .ok_or_else(|| fault("/signature", JwsFault::NotBase64url("signature".into())))?;
        let header = header(&header_bytes)
            .map_err(|(member, f)| fault(&format!("/protected/{member}"), f))?;
        if signature_bytes.len() != SIGNATURE_BYTES {
            return Err(fault(
                "/signature",
                JwsFault::SignatureLength(signature_bytes.len()),
            ));
        }
        let format = serde_json::from_slice::<Format>(&payload_bytes)
            .ok()
            .and_then(|f| f.format);
        if format.as_deref() != Some(header.cty.as_str()) {
            let cty = header.cty.clone();
            return Err(fault(
                "/protected/cty",
                JwsFault::ContentNotFormat { cty, format },
            ));
        }
        Ok(Signed {
            header,
            payload: payload_bytes,
            signing_input: format!("{protected}.{payload}").into_bytes(),
            signature: signature_bytes,
        })
    })())
}

/// The header, checked member by member: `(member, fault)` at the first wrong one.
fn header(bytes: &[u8]) -> Result<Header, (&'static str, JwsFault)> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ("", JwsFault::HeaderNotJson(e.to_string())))?;
    let text = |member: &'static str| {
        value
            .get(member)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
            .ok_or((member, JwsFault::Missing(member.into())))
    };
    let alg = text("alg")?;
    if alg != ALG {
        return Err(("alg", JwsFault::Algorithm(alg)));
    }
    let typ = text("typ")?;
    if typ != JWS_TYPE {
        return Err(("typ", JwsFault::Type(typ)));
    }
    let jwk: PublicJwk = value
        .get("jwk")
        .cloned()
        .and_then(|j| serde_json::from_value(j).ok())
        .ok_or(("jwk", JwsFault::Missing("jwk".into())))?;
    if !jwk.is_p256() {
        return Err(("jwk", JwsFault::NotP256));
    }
    let kid = text("kid")?;
    if kid != jwk.thumbprint() {
        return Err(("kid", JwsFault::KidNotFingerprint));
    }
    let office = text("office")?;
    let cty = text("cty")?;
    if !INNER_FORMATS.contains(&cty.as_str()) {
        return Err(("cty", JwsFault::UnknownContent(cty)));
    }
    Ok(Header {
        alg,
        typ,
        kid,
        jwk,
        office,
        cty,
    })
}

/// The signed file: one JSON object, as RFC 7515 §7.2.2 writes it.
pub fn signed_file(protected: &str, payload: &str, signature: &[u8]) -> String {
    format!(
        r#"{{"payload":"{payload}","protected":"{protected}","signature":"{}"}}"#,
        base64url::encode(signature)
    )
}

impl Signed {
    /// Whether the signature verifies with the key in the header (ES256:
    /// ECDSA on P-256 with SHA-256, the signature as r‖s). Pure Rust, so it
    /// is the same in a worker, on plain http where WebCrypto is missing,
    /// and in native tests.
    pub fn verifies(&self) -> bool {
        use sha2::{Digest, Sha256};
        self.verifies_digest(&Sha256::digest(&self.signing_input))
    }

    /// The same, given the SHA-256 of the signing input computed elsewhere
    /// (in a browser, WebCrypto hashes a large file many times faster than
    /// Rust built small for the web).
    pub fn verifies_digest(&self, digest: &[u8]) -> bool {
        use p256::ecdsa::signature::hazmat::PrehashVerifier;
        use p256::ecdsa::{Signature, VerifyingKey};
        let (Some(x), Some(y)) = (
            base64url::decode(&self.header.jwk.x),
            base64url::decode(&self.header.jwk.y),
        ) else {
            return false;
        };
        let mut point = Vec::with_capacity(65);
        point.push(0x04);
        point.extend_from_slice(&x);
        point.extend_from_slice(&y);
        let Ok(key) = VerifyingKey::from_sec1_bytes(&point) else {
            return false;
        };
        let Ok(signature) = Signature::from_slice(&self.signature) else {
            return false;
        };
        digest.len() == 32 && key.verify_prehash(digest, &signature).is_ok()
    }
}
