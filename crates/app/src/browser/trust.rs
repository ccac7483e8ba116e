//! Trusting senders: an office's key, once the user has compared its
//! fingerprint with the one the office reads out, verifies its next files;
//! a roster from above trusts the keys of the offices under its issuer.
//! This copy's own key signs what it writes (made on first need, by the engine).

use super::engine::{self, EngineError};
use super::{AppError, Session};
use leptos::prelude::*;
use taizhang_core::trust::{
    conflicts, entries_out_of_reach, key_for, roster_name, roster_of, standing, KeyConflict,
    Roster, RosterStanding, Sender, TrustedKey, ROSTER_FORMAT,
};
use taizhang_core::Timestamp;
use taizhang_protocol::{Reply, Request, SignRequest};
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

/// Trusts `key` for its office (the user compared its fingerprint), as
/// brought by the file `from`, at `now`.
pub async fn accept_key(
    session: Session,
    key: TrustedKey,
    from: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    trust(session, vec![key.trusted_from(from, now)]).await
}

/// Withdraws the trust in `key` for its office: it verifies no new file;
/// what it brought stays.
pub async fn withdraw(session: Session, key: TrustedKey) -> Result<(), AppError> {
    session
        .write(
            |store| async move {
                store.withdraw_key(&key.office, &key.kid).await?;
                store.trusted_keys().await
            },
            |trusted| session.trusted.set(trusted),
        )
        .await
}

/// Every key this copy holds for an office: those it trusts, and its own
/// (now and former) for the office each was made for.
async fn held_keys(session: Session) -> Vec<TrustedKey> {
    let mut held = session.trusted.get_untracked();
    let Some(store) = session.store.get_value() else {
        return held;
    };
    let own = store.own_key().await.ok().flatten();
    let former = store.former_keys().await.unwrap_or_default();
    let mine = own
        .and_then(|k| Some((k.office?, k.jwk)))
        .into_iter()
        .chain(former.into_iter().filter_map(|f| Some((f.office?, f.jwk))));
    held.extend(mine.map(|(office, jwk)| key_for(&office, jwk)));
    held
}

/// The keys this copy holds for `key`'s office other than it (its own
/// included): trusting it would give the office a second key, and the
/// page names both first.
pub async fn conflicts_of(session: Session, key: TrustedKey) -> Vec<KeyConflict> {
    conflicts(std::slice::from_ref(&key), &held_keys(session).await)
}

/// A roster vouches downward only: refused whole when it lists a key for an
/// office outside its issuer's tree here (located at `/keys/N`).
pub fn check_roster(session: Session, roster: &Roster) -> Result<(), AppError> {
    let refused = session.data.with_untracked(|d| {
        let name_of = |code: &str| taizhang_core::office_name(&d.offices, code);
        entries_out_of_reach(roster, &d.offices, &name_of)
    });
    if refused.is_empty() {
        Ok(())
    } else {
        Err(AppError::File(refused))
    }
}

/// The offices a roster (with its issuer's key) would give a second key,
/// this copy's own office among them.
pub async fn roster_conflicts(
    session: Session,
    roster: &Roster,
    sender: &Sender,
) -> Vec<KeyConflict> {
    let keys: Vec<TrustedKey> = sender.key.iter().chain(&roster.keys).cloned().collect();
    conflicts(&keys, &held_keys(session).await)
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

/// Takes a roster: its issuer's key and every key it lists are trusted,
/// each for exactly the office listed.
pub async fn take_roster(session: Session, roster: Roster, sender: Sender) -> Result<(), AppError> {
    let from = roster_name(&roster);
    let since = roster.issued_at.clone();
    let issuer = roster.issued_by.clone();
    // A key withdrawn here never comes back by a roster.
    let withdrawn = match session.store.get_value() {
        Some(store) => store.withdrawn_keys().await?,
        None => Vec::new(),
    };
    let listed = roster.keys.into_iter().filter(|key| {
        !withdrawn
            .iter()
            .any(|(office, kid)| *office == key.office && *kid == key.kid)
    });
    let vouched = listed.map(|key| TrustedKey {
        vouched_by: (key.office != issuer).then(|| issuer.clone()),
        ..key.listed()
    });
    let keys = sender
        .key
        .map(|key| key.listed())
        .into_iter()
        .chain(vouched)
        .map(|key| key.trusted_from(&from, since.clone()))
        .collect();
    trust(session, keys).await
}

/// This copy's own key's fingerprint, once the key was made (on the first
/// export); the offices screen shows it to be read out on the phone.
pub async fn own_fingerprint(session: Session) -> Option<String> {
    let store = session.store.get_value()?;
    let own = store.own_key().await.ok()??;
    Some(own.jwk.thumbprint())
}

/// Whether this copy has signed as an office other than `office`: choosing
/// `office` as its own then makes a new key (the page says so first).
pub async fn new_key_for(session: Session, office: &str) -> bool {
    let Some(store) = session.store.get_value() else {
        return false;
    };
    matches!(store.own_key().await, Ok(Some(own)) if own.office.as_deref().is_some_and(|made_for| made_for != office))
}

/// Makes this copy's key for `office` now (the key made for another
/// office becomes former): a change of own office shows the new
/// fingerprint at once, never the old key's as the new office's.
pub async fn make_own_key(office: &str) -> Result<(), AppError> {
    let request = Request::OwnKey(office.to_owned());
    match engine::ask(None, &request, None, |_, _, _| {}).await {
        Ok(_) => Ok(()),
        Err(EngineError::Cancelled) => Err(AppError::Cancelled),
        Err(error) => Err(error.into()),
    }
}

/// The keys this copy signed with before it chose another own office:
/// (office, fingerprint), shown as former.
pub async fn former_keys(session: Session) -> Result<Vec<(Option<String>, String)>, AppError> {
    let Some(store) = session.store.get_value() else {
        return Ok(Vec::new());
    };
    Ok(store
        .former_keys()
        .await?
        .into_iter()
        .map(|f| (f.office, f.kid))
        .collect())
}

/// `text`, a file of format `cty`, signed by this copy as `office` by the
/// engine (unsigned where the browser offers no WebCrypto).
pub(super) async fn signed(text: String, office: String, cty: &str) -> Result<Vec<u8>, AppError> {
    let request = Request::Sign(SignRequest {
        text,
        office,
        cty: cty.into(),
    });
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
    let request = Request::OwnKey(own_office.clone());
    let jwk = match engine::ask(None, &request, None, |_, _, _| {}).await {
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
