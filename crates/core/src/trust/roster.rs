//! A roster (名册): the keys of an office and of the offices under it, as
//! that office trusts them, signed by its own key and sent down, so that the
//! offices below trust the same keys without phoning each one.

use super::jwk::PublicJwk;
use super::sender::{Sender, Trust, TrustedKey};
use crate::exchange::ImportError;
use crate::problem::FileProblem;
use crate::tree::OfficeTree;
use crate::{Office, Timestamp};
use serde::{Deserialize, Serialize};

pub const ROSTER_FORMAT: &str = "taizhang-roster";
const ROSTER_VERSION: u64 = 1;
/// Larger files are never rosters (a key is some 200 bytes: this is thousands).
const ROSTER_MAX_BYTES: usize = 4 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub format: String,
    pub version: u64,
    pub issued_by: String,
    pub issued_at: Timestamp,
    pub keys: Vec<TrustedKey>,
}

/// The roster `own` (this copy's key, for the office it is) issues: its own
/// key first, then every key it trusts for itself or an office under it.
pub fn roster_of(
    own: TrustedKey,
    trusted: &[TrustedKey],
    offices: &[Office],
    tree: &OfficeTree,
    issued_at: Timestamp,
) -> Roster {
    let under = tree.subtree_codes(offices, &own.office);
    let mut keys = vec![own.clone()];
    for key in trusted {
        let mine = under.contains(key.office.as_str()) || key.office == own.office;
        if mine
            && !keys
                .iter()
                .any(|k| k.office == key.office && k.kid == key.kid)
        {
            keys.push(key.clone());
        }
    }
    Roster {
        format: ROSTER_FORMAT.into(),
        version: ROSTER_VERSION,
        issued_by: own.office,
        issued_at,
        keys,
    }
}

/// `名册-<office>-<YYYYMMDD>.json`
pub fn roster_name(roster: &Roster) -> String {
    let day = roster
        .issued_at
        .day()
        .map(|d| d.compact())
        .unwrap_or_default();
    format!("名册-{}-{day}.json", roster.issued_by)
}

/// The roster in `bytes` (a signed file's inner bytes), if they say they are
/// one: each key checked (on P-256, its `kid` its fingerprint), every fault
/// located by JSON Pointer.
pub fn read_roster(bytes: &[u8]) -> Option<Result<Roster, Vec<ImportError>>> {
    if !crate::format_of::says_format(bytes, ROSTER_MAX_BYTES, ROSTER_FORMAT) {
        return None;
    }
    let bad = |at: String, detail: String| ImportError::new(&at, FileProblem::BadRoster(detail));
    let roster = match serde_json::from_slice::<Roster>(bytes) {
        Ok(roster) => roster,
        Err(e) => return Some(Err(vec![bad(String::new(), e.to_string())])),
    };
    if roster.version != ROSTER_VERSION {
        let version = format!("version {}", roster.version);
        return Some(Err(vec![bad("/version".into(), version)]));
    }
    let errors: Vec<ImportError> = roster
        .keys
        .iter()
        .enumerate()
        .filter_map(|(i, key)| {
            if !key.jwk.is_p256() {
                Some(bad(format!("/keys/{i}/jwk"), "P-256".into()))
            } else if key.kid != key.jwk.thumbprint() {
                Some(bad(format!("/keys/{i}/kid"), "kid".into()))
            } else {
                None
            }
        })
        .collect();
    Some(if errors.is_empty() {
        Ok(roster)
    } else {
        Err(errors)
    })
}

/// How a roster read is to be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RosterStanding {
    /// Signed by a key this copy trusts for an office above it: taken as is.
    FromAbove,
    /// Its issuer's key is not trusted yet, or the issuer is not above this
    /// copy: taken only once the user has compared the issuer's fingerprint.
    ToCompare,
}

/// Whether a roster `sender` signed (as `issued_by`) is taken as is by the
/// copy that is `own_office`: its key verified for an office above.
pub fn standing(
    sender: &Sender,
    issued_by: &str,
    own_office: Option<&str>,
    offices: &[Office],
    tree: &OfficeTree,
) -> RosterStanding {
    let above = own_office.is_some_and(|own| {
        own != issued_by && tree.subtree_codes(offices, issued_by).contains(own)
    });
    if sender.trust == Trust::Verified && above {
        RosterStanding::FromAbove
    } else {
        RosterStanding::ToCompare
    }
}

/// A key as a roster lists it, from its public JWK.
pub fn key_for(office: &str, jwk: PublicJwk) -> TrustedKey {
    TrustedKey {
        office: office.into(),
        kid: jwk.thumbprint(),
        jwk,
    }
}
