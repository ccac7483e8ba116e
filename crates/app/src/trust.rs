//! Trusting a sender: an office's key, once the user has compared its
//! fingerprint with the one the office reads out, verifies its next files.

use super::{AppError, Session};
use taizhang_core::trust::TrustedKey;

/// Trusts `key` for its office from now on (stored before it counts).
pub async fn accept_key(session: Session, key: TrustedKey) -> Result<(), AppError> {
    session
        .write(|store| async move { store.trust_key(&key).await }, |()| {})
        .await
}
