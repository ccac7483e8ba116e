//! The app lock, as a user asks for it: turn it on (and see the recovery
//! key once), unlock with the passphrase or the recovery key (a growing
//! pause after wrong tries), lock now, change the passphrase, turn it off.
//! Every tab locks and unlocks with the others: a lock reloads each tab, so
//! nothing of the data stays on a screen or in the page's memory; an unlock
//! hands the (non-extractable) data key to the tabs still locked.

use super::session::{Session, Status};
use super::tabs::{announce, hand_key_to_tabs, relock_this_tab, LOCK_MESSAGE};
use super::AppError;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use taizhang_core::trust::applock::{
    check_new_passphrase, pause_after, read_recovery, recovery_text,
};
use taizhang_storage::{self as storage, Secret, StorageError};

/// Wrong tries in a row, and when the last was: kept in the browser (no
/// secret in it) so that a reload does not reset the pause.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
struct Failures {
    count: u32,
    last_ms: f64,
}

const FAILURES: &str = "taizhang.unlock-failures";
/// When the page was last used, shared by the tabs: one in use keeps the others open.
const ACTIVE_AT: &str = "taizhang.active-at";

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// What turning the lock on gives the user to keep and to tell.
pub struct TurnedOn {
    /// The recovery key, as text, to show once.
    pub recovery: String,
    /// The fingerprint of this copy's new office key, when it has an own
    /// office: the old key could not be wrapped, so the office above must
    /// trust the new one.
    pub new_key: Option<String>,
}

/// Turns the lock on with `passphrase` (typed twice): every stored value is
/// sealed in one transaction, this copy's office key retired (kept as
/// former) and a new one made, kept wrapped.
pub async fn turn_on(
    session: Session,
    passphrase: &str,
    again: &str,
) -> Result<TurnedOn, AppError> {
    check_new_passphrase(passphrase, again).map_err(AppError::Passphrase)?;
    let store = session.store_or_err()?;
    let (lock, recovery, key) = storage::new_app_lock(passphrase).await?;
    store.turn_lock_on(&lock, &key).await?;
    storage::use_data_key(Some(key));
    super::briefings::forget_stored_drafts();
    super::sheets::forget_stored_mappings();
    mark_active();
    session.lock_on.set(true);
    // The other tabs reload into the unlock form.
    announce(LOCK_MESSAGE);
    let own_office = session.settings.with_untracked(|s| s.own_office.clone());
    let new_key = match own_office {
        Some(office) => {
            super::trust::make_own_key(&office).await?;
            super::trust::own_fingerprint(session).await
        }
        None => None,
    };
    session.reload_reports().await;
    Ok(TurnedOn {
        recovery: recovery_text(&recovery),
        new_key,
    })
}

/// Unlocks with the passphrase, or with the recovery key when `recovery` is
/// not empty; then loads the data and unlocks the other tabs.
pub async fn unlock(session: Session, passphrase: &str, recovery: &str) -> Result<(), AppError> {
    let failures: Failures = LocalStorage::get(FAILURES).unwrap_or_default();
    let wait = f64::from(pause_after(failures.count)) * 1000.0 - (now_ms() - failures.last_ms);
    if wait > 0.0 {
        return Err(AppError::WaitBeforeTrying((wait / 1000.0).ceil() as u32));
    }
    let store = session.store_or_err()?;
    let Some(lock) = store.app_lock() else {
        return Ok(());
    };
    let recovery_key;
    let secret = if recovery.trim().is_empty() {
        Secret::Passphrase(passphrase)
    } else {
        recovery_key = read_recovery(recovery).ok_or(AppError::NotARecoveryKey)?;
        Secret::Recovery(&recovery_key)
    };
    match storage::unlock(&lock, &secret).await {
        Ok(unlocked) => {
            let key = unlocked.key;
            LocalStorage::delete(FAILURES);
            storage::use_data_key(Some(key.clone()));
            // A lock from before values were bound to their places is bound
            // now, and then its wrapping to the marks.
            let bound = match store.bind_values(&key).await {
                Ok(()) => match &unlocked.rebinding {
                    Some(rebinding) => store.bind_wrapping(rebinding).await,
                    None => Ok(()),
                },
                Err(error) => Err(error),
            };
            if let Err(error) = bound {
                storage::use_data_key(None);
                return Err(session.refused_stored(error).into());
            }
            mark_active();
            session.load_unlocked().await?;
            hand_key_to_tabs(&key);
            Ok(())
        }
        Err(StorageError::WrongSecret) => {
            let _ = LocalStorage::set(
                FAILURES,
                Failures {
                    count: failures.count + 1,
                    last_ms: now_ms(),
                },
            );
            Err(StorageError::WrongSecret.into())
        }
        // The lock's record changed by hand (its marks lowered).
        Err(error @ StorageError::Tampered(_)) => Err(session.refused_stored(error).into()),
        Err(other) => Err(other.into()),
    }
}

/// Locks this tab and every other: the data key is forgotten and each page
/// reloads into the unlock form.
pub fn lock_now() {
    announce(LOCK_MESSAGE);
    relock_this_tab();
}

/// Wraps the data key for a new passphrase; nothing else is rewritten.
pub async fn change_passphrase(
    session: Session,
    current: &str,
    new: &str,
    again: &str,
) -> Result<(), AppError> {
    check_new_passphrase(new, again).map_err(AppError::Passphrase)?;
    let store = session.store_or_err()?;
    let lock = store.app_lock().ok_or(StorageError::Locked)?;
    let next = storage::rewrapped(&lock, current, new).await?;
    store.change_app_lock(&next).await?;
    Ok(())
}

/// A new recovery key, the passphrase given again; the lock stays on and
/// nothing else is rewritten. The old recovery key no longer opens the
/// lock. Returns the new one, as text, to show once.
pub async fn new_recovery_key(session: Session, passphrase: &str) -> Result<String, AppError> {
    let store = session.store_or_err()?;
    let lock = store.app_lock().ok_or(StorageError::Locked)?;
    let (next, recovery) = storage::new_recovery(&lock, passphrase).await?;
    store.change_app_lock(&next).await?;
    Ok(recovery_text(&recovery))
}

/// Turns the lock off, once the passphrase is given again: every value is
/// stored plain in one transaction; the other tabs reload.
pub async fn turn_off(session: Session, passphrase: &str) -> Result<(), AppError> {
    let store = session.store_or_err()?;
    let lock = store.app_lock().ok_or(StorageError::Locked)?;
    let key = storage::unlock(&lock, &Secret::Passphrase(passphrase))
        .await?
        .key;
    store.turn_lock_off(&key).await?;
    storage::use_data_key(None);
    session.lock_on.set(false);
    announce(LOCK_MESSAGE);
    Ok(())
}

thread_local! {
    /// When this page last told the tabs it was used.
    static MARKED_AT: std::cell::Cell<f64> = const { std::cell::Cell::new(f64::NEG_INFINITY) };
}

/// The page was used now (a key press, a click): every tab's idle clock
/// restarts. Written at most every 10 s (idle time is counted in minutes),
/// not on every key press.
pub fn mark_active() {
    let now = now_ms();
    if now - MARKED_AT.with(std::cell::Cell::get) < 10_000.0 {
        return;
    }
    MARKED_AT.with(|m| m.set(now));
    let _ = LocalStorage::set(ACTIVE_AT, now);
}

/// Locks when no tab of this copy was used for the idle time set.
pub fn lock_if_idle(session: Session) {
    if !session
        .status
        .with_untracked(|s| matches!(s, Status::Ready))
        || !session.lock_on.get_untracked()
    {
        return;
    }
    let minutes = session.settings.with_untracked(|s| s.idle_minutes());
    let last: f64 = LocalStorage::get(ACTIVE_AT).unwrap_or_else(|_| now_ms());
    if taizhang_core::trust::applock::idle_for(last, now_ms(), minutes) {
        lock_now();
    }
}
