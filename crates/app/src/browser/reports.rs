//! Reporting's use cases on the page: the signed receipt of an applied import, and
//! the due day a receiving office sets. (The log and the files sent are the
//! session's; the engine writes them.)

use super::{AppError, Session};
use leptos::prelude::*;
use taizhang_core::reporting::{
    matrix, receipt_for, receipt_name, LogEntry, Matrix, Month, Received, RECEIPT_FORMAT,
};
use taizhang_core::Day;

/// The receipt of an applied import, from this copy's own office, signed by
/// its key: its file name and bytes. `None` until this copy knows which office it is.
pub async fn receipt_of(
    session: Session,
    logged: &LogEntry,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let Some(own) = session.settings.with_untracked(|s| s.own_office.clone()) else {
        return Ok(None);
    };
    let receipt = receipt_for(logged, &own);
    let text =
        serde_json::to_string_pretty(&receipt).map_err(|e| AppError::CannotWrite(e.to_string()))?;
    let bytes = super::trust::signed(text, own, RECEIPT_FORMAT).await?;
    Ok(Some((receipt_name(&receipt), bytes)))
}

/// Who under `parent` sent which of `months`, from the import log and the
/// keys trusted now; read inside a `Memo`, it follows both.
pub fn matrix_of(
    session: Session,
    parent: &str,
    months: &[Month],
    due_day: u8,
    today: Day,
) -> Matrix {
    let tree = session.tree.get();
    session.log.with(|log| {
        session.trusted.with(|trusted| {
            let received = Received { log, trusted };
            session.data.with(|d| {
                matrix(
                    &d.offices, &tree.0, parent, received, months, due_day, today,
                )
            })
        })
    })
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
        .with_untracked(|s| taizhang_core::base::settings::Settings {
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
