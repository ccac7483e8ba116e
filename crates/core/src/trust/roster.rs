//! A roster (名册): the keys of an office and of the offices under it, as
//! that office trusts them, signed by its own key and sent down, so that the
//! offices below trust the same keys without phoning each one.

use super::jwk::PublicJwk;
use super::sender::{Sender, Trust, TrustedKey};
use crate::base::problem::FileProblem;
use crate::exchange::ImportError;
use crate::ledgers::tree::OfficeTree;
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
    let mut keys = vec![own.listed()];
    for key in trusted {
        let mine = under.contains(key.office.as_str()) || key.office == own.office;
        if mine
            && !keys
                .iter()
                .any(|k| k.office == key.office && k.kid == key.kid)
        {
            keys.push(key.listed());
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
    if !crate::exchange::format_of::says_format(bytes, ROSTER_MAX_BYTES, ROSTER_FORMAT) {
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
    // A key a roster vouched for speaks only under that roster's issuer here.
    let vouched = sender.key.as_ref().and_then(|k| k.vouched_by.as_deref());
    let placed = vouched.is_none_or(|v| tree.subtree_codes(offices, v).contains(issued_by));
    if sender.trust == Trust::Verified && above && placed {
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
        from: None,
        since: None,
        vouched_by: None,
    }
}

/// Every entry of `roster` for an office outside its issuer's reach in this
/// copy's own tree (`offices`): a roster vouches downward only, so one such
/// entry refuses the whole roster, located at `/keys/N`. An office this copy
/// does not know yet is no office above or beside the issuer here: its key
/// is taken as vouched for by the issuer, and the office may later hang
/// only under it (see `reach`).
pub fn entries_out_of_reach(
    roster: &Roster,
    offices: &[Office],
    name_of: &dyn Fn(&str) -> String,
) -> Vec<ImportError> {
    roster
        .keys
        .iter()
        .enumerate()
        .filter(|(_, key)| {
            let known = offices.iter().any(|o| o.code == key.office);
            known && !crate::reporting::approval::is_within(offices, &key.office, &roster.issued_by)
        })
        .map(|(i, key)| {
            ImportError::new(
                &format!("/keys/{i}"),
                FileProblem::RosterOutOfReach {
                    office: name_of(&key.office),
                    issuer: name_of(&roster.issued_by),
                },
            )
        })
        .collect()
}

/// A key about to be trusted for an office that already has another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyConflict {
    pub office: String,
    /// The fingerprint trusted now.
    pub held: String,
    /// The fingerprint about to be trusted beside it.
    pub new: String,
}

/// The keys of `keys` that would be trusted for an office for which
/// `trusted` holds another key (one conflict per held key).
pub fn conflicts(keys: &[TrustedKey], trusted: &[TrustedKey]) -> Vec<KeyConflict> {
    let mut found = Vec::new();
    for key in keys {
        let known = trusted
            .iter()
            .any(|t| t.office == key.office && t.kid == key.kid);
        if known {
            continue;
        }
        for held in trusted.iter().filter(|t| t.office == key.office) {
            let conflict = KeyConflict {
                office: key.office.clone(),
                held: held.kid.clone(),
                new: key.kid.clone(),
            };
            if !found.contains(&conflict) {
                found.push(conflict);
            }
        }
    }
    found
}
