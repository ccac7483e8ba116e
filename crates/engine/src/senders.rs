//! Who sent a file: a signed file is opened to its inner file once its
//! header is good and its signature verifies, and its key is looked up among
//! those this copy trusts; an unsigned file is read as it is.

use super::database::open;
use taizhang_core::base::problem::FileProblem;
use taizhang_core::exchange::ImportError;
use taizhang_core::trust::{read_signed, JwsFault, Sender, Trust, TrustedKey};
use taizhang_protocol::Failure;

/// A file as it came: its SHA-256, the file inside its signature, and its sender.
pub struct Opened {
    pub sha256: String,
    pub bytes: Vec<u8>,
    pub sender: Sender,
}

/// The file out of its signature, if it has one, with its sender; a bad or
/// broken signature refuses the file. The SHA-256 is of the file as it came
/// (a receipt names it so).
pub async fn opened(bytes: Vec<u8>) -> Result<Opened, Failure> {
    let sha256 = super::digest::sha256(&bytes).await;
    let (bytes, sender) = inside(bytes).await?;
    Ok(Opened {
        sha256,
        bytes,
        sender,
    })
}

async fn inside(bytes: Vec<u8>) -> Result<(Vec<u8>, Sender), Failure> {
    let Some(read) = read_signed(&bytes) else {
        return Ok((bytes, Sender::unsigned()));
    };
    let signed = read.map_err(Failure::File)?;
    let digest = super::digest::sha256_bytes(&signed.signing_input).await;
    if !signed.verifies_digest(&digest) {
        let problem = FileProblem::Signature(JwsFault::DoesNotVerify);
        return Err(Failure::File(vec![ImportError::new("/signature", problem)]));
    }
    let key = TrustedKey {
        office: signed.header.office.clone(),
        kid: signed.header.kid.clone(),
        jwk: signed.header.jwk.clone(),
        from: None,
        since: None,
        vouched_by: None,
    };
    let store = open().await?;
    let trusted = store.trusted_keys().await;
    let own = store.own_key().await;
    let former = store.former_keys().await;
    store.close();
    // This copy's own keys, now and before a change of its own office, are
    // verified only for the office each was made for; a file they signed
    // never speaks to this copy as another office would.
    let mut own_for: Vec<(String, Option<String>)> =
        former?.into_iter().map(|f| (f.kid, f.office)).collect();
    own_for.extend(own?.map(|k| (k.jwk.thumbprint(), k.office)));
    let own = own_for.iter().find(|(kid, _)| *kid == key.kid);
    let held = trusted?
        .into_iter()
        .find(|k| k.office == key.office && k.kid == key.kid);
    let verified = match own {
        Some((_, made_for)) => made_for.as_deref() == Some(key.office.as_str()),
        None => held.is_some(),
    };
    // Where an office this copy does not know may hang (see `reach`).
    let key = TrustedKey {
        vouched_by: held.and_then(|k| k.vouched_by).filter(|_| own.is_none()),
        ..key
    };
    let trust = if verified {
        Trust::Verified
    } else {
        Trust::Unknown
    };
    Ok((
        signed.payload,
        Sender {
            trust,
            key: Some(key),
            own: own.is_some(),
        },
    ))
}

/// A signed file must come from the office that signed it: the office it
/// names at `pointer` (its sender, a receipt's receiver, a roster's issuer).
pub fn check_sender(sender: &Sender, pointer: &str, office: Option<&str>) -> Result<(), Failure> {
    match (&sender.key, office) {
        (Some(key), Some(source)) if key.office != source => {
            let problem = FileProblem::Signature(JwsFault::OfficeNotSender {
                signed_by: key.office.clone(),
                says: source.to_owned(),
            });
            Err(Failure::File(vec![ImportError::new(pointer, problem)]))
        }
        _ => Ok(()),
    }
}
