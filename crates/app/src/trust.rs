//! Trusting senders: an office's key, once the user has compared its
//! fingerprint with the one the office reads out, verifies its next files;
//! a roster from above trusts the keys of the offices under its issuer.
//! This copy's own key signs what it writes (made on first need, by the engine).

use super::engine::{self, EngineError};
use super::{AppError, Session};
use leptos::prelude::*;
use taizhang_core::trust::{
    key_for, roster_name, roster_of, standing, Roster, RosterStanding, Sender, TrustedKey,
    ROSTER_FORMAT,
};
use taizhang_core::Timestamp;
use taizhang_protocol::{Reply, Request};
use wasm_bindgen::JsCast;

/// Trusts `keys` for their offices from now on (stored before they count).
pub async fn trust(session: Session, keys: Vec<TrustedKey>) -> Result<(), AppError> {
    session
        .write(
            |store| async move {
                store.trust_keys(&keys).await?;
                store.trusted_keys().await
            },
            |trusted| session.trusted.set(trusted),
        )
        .await
}

/// Trusts `key` for its office (the user compared its fingerprint).
pub async fn accept_key(session: Session, key: TrustedKey) -> Result<(), AppError> {
    trust(session, vec![key]).await
}

/// Whether a roster read is taken as is (its issuer's key trusted, and above
/// this copy) or only once the user has compared the issuer's fingerprint.
pub fn roster_standing(session: Session, roster: &Roster, sender: &Sender) -> RosterStanding {
    let own = session.settings.with_untracked(|s| s.own_office.clone());
    let tree = session.tree.get_untracked();
    session.data.with_untracked(|d| {
        standing(
            sender,
            &roster.issued_by,
            own.as_deref(),
            &d.offices,
            &tree.0,
        )
    })
}

/// Takes a roster: its issuer's key and every key it lists are trusted.
pub async fn take_roster(session: Session, roster: Roster, sender: Sender) -> Result<(), AppError> {
    let keys = sender.key.into_iter().chain(roster.keys).collect();
    trust(session, keys).await
}

/// This copy's own key's fingerprint, once the key was made (on the first
/// export); the offices screen shows it to be read out on the phone.
pub async fn own_fingerprint(session: Session) -> Option<String> {
    let store = session.store.get_value()?;
    let own = store.own_key().await.ok()??;
    Some(own.jwk.thumbprint())
}

/// `text`, a file of format `cty`, signed by this copy as `office` by the
/// engine (unsigned where the browser offers no WebCrypto).
pub(super) async fn signed(text: String, office: String, cty: &str) -> Result<Vec<u8>, AppError> {
    let request = Request::Sign {
        text,
        office,
        cty: cty.into(),
    };
    let (_, bytes) = engine::ask(None, &request, None, |_, _, _| {}).await?;
    bytes
        .dyn_into::<js_sys::Uint8Array>()
        .map(|b| b.to_vec())
        .map_err(|_| AppError::EngineStopped("no bytes".into()))
}

/// The roster of this office's key and of those it trusts for the offices
/// under it, signed by this copy: its file name and bytes. `None` until
/// this copy knows which office it is.
pub async fn export_roster(
    session: Session,
    now: Timestamp,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let Some(own_office) = session.settings.with_untracked(|s| s.own_office.clone()) else {
        return Ok(None);
    };
    let jwk = match engine::ask(None, &Request::OwnKey, None, |_, _, _| {}).await {
        Ok((Reply::OwnKey(Some(jwk)), _)) => jwk,
        Ok(_) => return Err(AppError::NoSigningHere),
        Err(EngineError::Cancelled) => return Err(AppError::Cancelled),
        Err(error) => return Err(error.into()),
    };
    let tree = session.tree.get_untracked();
    let roster = session.trusted.with_untracked(|trusted| {
        session.data.with_untracked(|d| {
            roster_of(key_for(&own_office, jwk), trusted, &d.offices, &tree.0, now)
        })
    });
    let text =
        serde_json::to_string_pretty(&roster).map_err(|e| AppError::CannotWrite(e.to_string()))?;
    let bytes = signed(text, own_office, ROSTER_FORMAT).await?;
    Ok(Some((roster_name(&roster), bytes)))
}
