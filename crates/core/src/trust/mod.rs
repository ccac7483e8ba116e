//! Signed files (`docs/trust.md`): every JSON file a copy writes can travel
//! as a JWS in the flattened JSON serialization (RFC 7515 §7.2.2), signed
//! ES256 by the copy's office key, whose fingerprint is its RFC 7638 JWK
//! thumbprint. Here is everything about them that needs no key: reading a
//! signed file and checking its header, the bytes a signature covers, the
//! fingerprint, the file written around a signature, its verification, and
//! the roster of keys an office sends down. The signing is WebCrypto's.

pub mod applock;
mod base64url;
mod jwk;
mod jws;
pub mod packed;
pub mod password;
mod reach;
mod roster;
mod sender;

pub use base64url::{decode as base64url_decode, encode as base64url_encode};
pub use jwk::{fingerprint_groups, PublicJwk};
pub use jws::{read_signed, signed_file, Header, JwsFault, Signed, INNER_FORMATS, JWS_TYPE};
pub use reach::{judge as judge_reach, reach_of, Reach, Signer, Within};
pub use roster::{
    conflicts, entries_out_of_reach, key_for, read_roster, roster_name, roster_of, standing,
    KeyConflict, Roster, RosterStanding, ROSTER_FORMAT,
};
pub use sender::{Sender, Trust, TrustedKey};
