//! A public key as a JWK (RFC 7517), and its fingerprint: the RFC 7638
//! thumbprint, SHA-256 of the key's required members in lexicographic
//! order with no whitespace, in base64url.

use super::base64url;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// An EC public key on P-256: what a signed file's header carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicJwk {
    pub kty: String,
    pub crv: String,
    pub x: String,
    pub y: String,
}

impl PublicJwk {
    /// Whether it is an EC key on P-256 whose coordinates are 32 bytes each.
    pub fn is_p256(&self) -> bool {
        let coordinate = |c: &str| base64url::decode(c).is_some_and(|b| b.len() == 32);
        self.kty == "EC" && self.crv == "P-256" && coordinate(&self.x) && coordinate(&self.y)
    }

    /// The RFC 7638 thumbprint (for an EC key the members are crv, kty, x, y).
    pub fn thumbprint(&self) -> String {
        // The members' values are base64url or fixed names: no character needs escaping.
        let canonical = format!(
            r#"{{"crv":"{}","kty":"{}","x":"{}","y":"{}"}}"#,
            self.crv, self.kty, self.x, self.y
        );
        base64url::encode(&Sha256::digest(canonical.as_bytes()))
    }
}

/// A fingerprint as read aloud on the phone: groups of four characters.
pub fn fingerprint_groups(fingerprint: &str) -> String {
    fingerprint
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
