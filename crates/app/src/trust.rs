//! Trusting a sender: an office's key, once the user has compared its
//! fingerprint with the one the office reads out, verifies its next files.

use super::{AppError, Session};
use leptos::prelude::*;
use taizhang_core::trust::TrustedKey;

/// Trusts `key` for its office from now on (stored before it counts).
pub async fn accept_key(session: Session, key: TrustedKey) -> Result<(), AppError> {
    session
        .write(|store| async move { store.trust_key(&key).await }, |()| {})
        .await
}

/// This copy's own key's fingerprint, once the key was made (on the first
/// export); the offices screen shows it to be read out on the phone.
pub async fn own_fingerprint(session: Session) -> Option<String> {
    let store = session.store.get_value()?;
    let own = store.own_key().await.ok()??;
    Some(own.jwk.thumbprint())
}
