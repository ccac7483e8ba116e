//! Importing another office's file and exporting ours, through the engine's
//! worker: the page only shows how far it has got and what the file would
//! do, then reloads what the apply wrote.

use super::engine::{self, Engine, EngineError};
use super::sheets;
use super::trust;
use super::{approvals, AppError, Session};
use crate::flow::{ApprovalShown, Opened, RosterShown};
use js_sys::Uint8Array;
use leptos::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;
use taizhang_core::exchange::Choice;
use taizhang_core::sheet::{SheetPlan, SheetShape, ValueChoice};
use taizhang_core::trust::RosterStanding;
use taizhang_core::{Kind, Timestamp};
use taizhang_protocol::{
    ApplyRequest, ExportOrder, Failure, PreviewRequest, Reply, Request, SheetsRequest,
};
use wasm_bindgen::JsCast;

pub use taizhang_core::trust::password::password_is_long_enough;
pub use taizhang_protocol::{Applied, ExportFormat, Preview, Stage};

/// The user's choice for each conflict, by kind and position in the file (unset: keep mine).
pub type Choices = HashMap<(Kind, usize), Choice>;

impl From<EngineError> for AppError {
    fn from(error: EngineError) -> AppError {
        match error {
            EngineError::Cancelled => AppError::Cancelled,
            EngineError::Stopped(detail) => AppError::EngineStopped(detail),
            EngineError::Failed(Failure::File(errors)) => AppError::File(errors),
            EngineError::Failed(Failure::Storage(error)) => AppError::Storage(error),
            EngineError::Failed(Failure::Merge(error)) => AppError::Merge(error),
            EngineError::Failed(Failure::ChangedSincePreview) => AppError::ChangedSincePreview,
            EngineError::Failed(Failure::CannotRead(detail)) => AppError::CannotRead(detail),
            EngineError::Failed(Failure::CannotWrite(detail)) => AppError::CannotWrite(detail),
            EngineError::Failed(Failure::Workbook) => {
                AppError::EngineStopped("a workbook sent to the exchange engine".into())
            }
            EngineError::Failed(Failure::NothingPreviewed) => {
                AppError::EngineStopped("nothing previewed".into())
            }
        }
    }
}

/// Reads and checks a whole file and compares it with the data here; every
/// error is reported, and nothing is written. (A file too large to read is
/// refused by the worker before it reads a byte.) A workbook is opened and
/// its sheets returned for the user to map.
/// A protected file (a ZIP with a password) is refused with
/// `PasswordNeeded` or `WrongPassword` until `password` opens it.
pub async fn preview(
    session: Session,
    file: web_sys::File,
    password: Option<String>,
    progress: impl Fn(Stage, f64, f64) + 'static,
) -> Result<Opened, AppError> {
    let request = Request::Preview(PreviewRequest {
        file: file.name(),
        password,
    });
    let progress = Rc::new(progress);
    let report = {
        let progress = Rc::clone(&progress);
        move |stage, done, total| progress(stage, done, total)
    };
    // By its name, a workbook goes to the workbook engine; a workbook by its
    // bytes only (no known extension) comes back from the exchange engine.
    let sent = file.clone().into();
    let answer = match engine::ask(Some(request.engine()), &request, Some(sent), report).await {
        Err(EngineError::Failed(Failure::Workbook)) => {
            let report = move |stage, done, total| progress(stage, done, total);
            engine::ask(Some(Engine::Workbook), &request, Some(file.into()), report).await?
        }
        other => other?,
    };
    match answer.0 {
        Reply::Previewed(preview) => Ok(Opened::Preview(preview)),
        Reply::Sheets(shapes) => Ok(Opened::Sheets(sheets::recall(shapes))),
        Reply::Receipt(read) => {
            session.reload_reports().await;
            Ok(Opened::Receipt(read))
        }
        Reply::Approval(read) => {
            let now = Timestamp::from_unix_millis(js_sys::Date::now() as i64);
            let taken =
                approvals::take(session, read.approval.clone(), read.sender.clone(), now).await?;
            Ok(Opened::Approval(ApprovalShown { read, taken }))
        }
        Reply::Roster(read) => {
            trust::check_roster(session, &read.roster)?;
            let conflicts = trust::roster_conflicts(session, &read.roster, &read.sender).await;
            let taken = conflicts.is_empty()
                && trust::roster_standing(session, &read.roster, &read.sender)
                    == RosterStanding::FromAbove;
            if taken {
                trust::take_roster(session, read.roster.clone(), read.sender.clone()).await?;
            }
            Ok(Opened::Roster(RosterShown {
                read,
                taken,
                conflicts,
            }))
        }
        _ => Err(AppError::EngineStopped("unexpected answer".into())),
    }
}

/// Reads the opened workbook's sheets as mapped, checks them and compares
/// them with the data here; nothing is written. The mapping is remembered
/// for the next workbook with the same headers.
pub async fn preview_sheets(
    shapes: &[SheetShape],
    plans: Vec<SheetPlan>,
    choices: Vec<ValueChoice>,
    now: Timestamp,
    progress: impl Fn(Stage, f64, f64) + 'static,
) -> Result<Preview, AppError> {
    sheets::remember(shapes, &plans, &choices);
    let request = Request::PreviewSheets(SheetsRequest {
        plans,
        choices,
        now,
    });
    match engine::ask(Some(Engine::Workbook), &request, None, progress)
        .await?
        .0
    {
        Reply::Previewed(preview) => Ok(preview),
        _ => Err(AppError::EngineStopped("unexpected answer".into())),
    }
}

/// Loads the engine ahead of the first file (the user opened the import).
pub fn prepare() {
    engine::warm_up();
}

/// Ends a preview (or a read) under way; nothing has been written.
pub fn cancel() {
    engine::cancel();
}

/// Applies the previewed file with the user's choices, in one transaction
/// that also keeps what it overwrites for an undo; then the page reloads the
/// data and other tabs are told.
pub async fn apply(
    session: Session,
    choices: &Choices,
    now: Timestamp,
    progress: impl Fn(Stage, f64, f64) + 'static,
) -> Result<Applied, AppError> {
    let choices = choices.iter().map(|(&(k, i), &c)| (k, i, c)).collect();
    let request = Request::Apply(ApplyRequest { choices, now });
    let undo_before = session.undo.get_untracked();
    let applied = match engine::ask(None, &request, None, progress).await {
        Ok((Reply::Applied(applied), _)) => applied,
        Ok(_) => return Err(AppError::EngineStopped("unexpected answer".into())),
        Err(error) => {
            let error = AppError::from(error);
            // Ending the worker aborts its transaction, unless it had just
            // committed: the screens show what the database holds either way,
            // and "nothing was written" is said only when nothing was.
            let written = error == AppError::Cancelled && {
                session.written_elsewhere().await;
                session.undo.get_untracked() != undo_before
            };
            if !matches!(error, AppError::Merge(_)) && !written {
                session.notice.set(Some(error.clone()));
            }
            return Err(error);
        }
    };
    // The worker's memory (the file, both datasets) goes before the page reloads the data.
    engine::cancel();
    session.written_elsewhere().await;
    Ok(applied)
}

/// The exchange file or the workbook of the stored data in the order's
/// scope, built by the engine (an exchange file in a ZIP protected by the
/// order's password when it has one); its bytes stay outside the page's wasm
/// memory (which would never shrink back).
pub async fn export(
    session: Session,
    order: ExportOrder,
    progress: impl Fn(Stage, f64, f64) + 'static,
) -> Result<Uint8Array, AppError> {
    let engine = order.engine();
    let request = Request::Export(order);
    let (_, bytes) = engine::ask(Some(engine), &request, None, progress).await?;
    engine::cancel(); // its copy of the data is not kept
    session.reload_reports().await; // the file is kept as sent
    bytes
        .dyn_into::<Uint8Array>()
        .map_err(|_| AppError::EngineStopped("no bytes".into()))
}
