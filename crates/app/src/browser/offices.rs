//! The offices: saving one, removing one with its records, and the sample
//! district for a first look.

use super::records::put_row;
use super::{AppError, Session};
use leptos::prelude::*;
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::edit::{records_going_with, remove_office};
use taizhang_core::ledgers::entries::office_from_form;
use taizhang_core::ledgers::form::FormValues;
use taizhang_core::{ledgers::sample, Day, Office, PerKind, Timestamp};
use taizhang_storage::Change;

/// Saves the office a form describes: a new one, or the one that had code `previous`.
pub async fn save_office(
    session: Session,
    previous: Option<&str>,
    values: &FormValues,
    today: Day,
) -> Result<(), AppError> {
    let (office, position) = session.data.with_untracked(|d| {
        let office = office_from_form(values, previous, &d.offices);
        let position = previous.and_then(|code| d.offices.iter().position(|o| o.code == code));
        (office, position)
    });
    let office: Office = office.map_err(AppError::Invalid)?;
    // A move in the tree may take records into or out of a locked month.
    let moved = position.is_some_and(|p| {
        session
            .data
            .with_untracked(|d| d.offices.get(p).map(|o| &o.parent) != Some(&office.parent))
    });
    if let (true, Some(position)) = (moved, position) {
        let mut after = session.data.with_untracked(|d| d.offices.clone());
        after[position] = office.clone();
        super::approvals::check_tree_change(session, None, &after, today)?;
    }
    put_row(session, position, office, None).await
}

/// What removing `code` would take with it (the question asked first), or why it cannot go.
pub fn going_with(session: Session, code: &str) -> Result<PerKind<usize>, AppError> {
    Ok(session
        .data
        .with_untracked(|d| records_going_with(d, code))?)
}

/// Removes the office `code` and every record it owns; this copy forgets it
/// as its own office. Refused when a record going with it lies in a locked month.
pub async fn remove(session: Session, code: &str, today: Day) -> Result<(), AppError> {
    let removal = session.data.with_untracked(|d| remove_office(d, code))?;
    super::approvals::check_tree_change(
        session,
        Some(&removal.data),
        &removal.data.offices,
        today,
    )?;
    let mut change = Change::default();
    for (kind, first) in removal.first_changed.iter() {
        if let Some(first) = *first {
            change.touch_from(kind, first, &removal.data);
        }
    }
    let mut settings = session.settings.get_untracked();
    if settings.own_office.as_deref() == Some(code) {
        settings.own_office = None;
        change.settings = Some(settings);
    }
    session.commit(removal.data, change).await
}

/// Loads the sample district into an empty app (never over real data).
pub async fn load_sample(session: Session, now: Timestamp) -> Result<(), AppError> {
    if !session.data.with_untracked(|d| d.is_empty()) {
        return Err(AppError::NotEmpty);
    }
    let data = sample::dataset(&now);
    let mut change = Change::everything(&data);
    change.settings = Some(Settings {
        own_office: Some(sample::DISTRICT.into()),
        phases: sample::phases(),
        ..session.settings.get_untracked()
    });
    session.commit(data, change).await
}
