//! Reporting's use cases on the page: the receipt of an applied import, and
//! the due day a receiving office sets. (The log and the files sent are the
//! session's; the engine writes them.)

use super::{AppError, Session};
use leptos::prelude::*;
use taizhang_core::reporting::{receipt_for, LogEntry, Receipt};

/// The receipt of an applied import, from this copy's own office; `None`
/// until this copy knows which office it is.
pub fn receipt_of(session: Session, logged: &LogEntry) -> Option<Receipt> {
    let own = session.settings.with_untracked(|s| s.own_office.clone())?;
    Some(receipt_for(logged, &own))
}

/// Sets the day of the next month `office` wants its offices' ledgers by.
pub fn set_due_day(session: Session, office: &str, day: u8) {
    let settings = session
        .settings
        .with_untracked(|s| s.with_due_day(office, day));
    session.save_settings(settings);
}

/// Records which office this copy is; only once it is stored does it show.
pub async fn set_own_office(session: Session, code: String) -> Result<(), AppError> {
    let settings = session
        .settings
        .with_untracked(|s| taizhang_core::settings::Settings {
            own_office: Some(code),
            ..s.clone()
        });
    session
        .write(
            |store| async move { store.save_settings(&settings).await.map(|()| settings) },
            |settings| session.settings.set(settings),
        )
        .await
}
